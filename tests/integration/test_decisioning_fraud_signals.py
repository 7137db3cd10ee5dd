"""Anti-fraud signals come from our own books at decision time: one mobile across identities,
one device across identities, one ID with many mobiles, velocity per ID and per dealer, a VIN
already financed, the blacklist; they are recorded in the snapshot and hit the policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autolend.decisioning.services import blacklist_add
from autolend.identity.models import Role
from autolend.origination import testing as t
from autolend.origination.models import ApplicationStatus as S
from autolend.origination.services import offer_accept

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def hits(app: Any) -> set[str]:
    return {h["code"] for h in app.decisions.get().rule_hits}


def fraud(app: Any) -> dict[str, Any]:
    return app.decisions.get().input_snapshot["fraud"]


def test_one_mobile_across_identities_refers_then_declines() -> None:
    shared = {"mobile": "13612345678"}
    t.submit(applicant_changes=shared)
    second = t.submit(applicant_changes=shared)
    assert fraud(second)["other_borrowers_same_mobile"] == 1 and "fraud_shared_mobile" in hits(second)
    assert second.status == S.REFERRED
    t.submit(applicant_changes=shared)
    fourth = t.submit(applicant_changes=shared)
    assert "fraud_shared_mobile_decline" in hits(fourth) and fourth.status == S.DECLINED


def test_one_device_across_identities() -> None:
    t.submit(device_id="device-abc")
    again = t.submit(device_id="device-abc")
    assert fraud(again)["other_borrowers_same_device"] == 1 and "fraud_shared_device" in hits(again)


def test_one_id_with_many_mobiles_and_velocity() -> None:
    rid = t.unique_resident_id()
    for mobile in ("13711110001", "13711110002", "13711110003"):
        last = t.submit(applicant_changes={"resident_id": rid, "mobile": mobile})
    assert fraud(last)["other_mobiles_same_id"] == 2 and "id_many_mobiles" in hits(last)
    fourth = t.submit(applicant_changes={"resident_id": rid, "mobile": "13711110003"})
    assert fraud(fourth)["applications_same_id_30d"] == 3 and "velocity_id" in hits(fourth)


def test_a_vin_already_financed_declines() -> None:
    car = t.vin()
    first = t.submit(vin=car)
    offer_accept(first, first.offers.order_by("rank").first(), as_of=t.AS_OF)
    second = t.submit(vin=car)
    assert fraud(second)["vin_financed"] is True
    assert "vin_financed" in hits(second) and second.status == S.DECLINED


def test_the_blacklist_declines() -> None:
    blacklist_add("device", "rooted-phone-1", "emulator farm", actor=t.user("risk", Role.RISK_MANAGER))
    app = t.submit(device_id="rooted-phone-1")
    assert fraud(app)["blacklist"] == ["device"] and app.status == S.DECLINED
    assert "blacklist_device" in hits(app)


def test_a_price_far_from_our_valuation_refers() -> None:
    """A 3-year-old used car sold at its new price: our depreciation value is far below it."""
    app = t.submit(product_code="USEDCAR", vehicle_condition="used", vehicle_year=2022, mileage_km=60000,
                   new_price="150000", vehicle_price="150000", down_payment="60000", amount="90000",
                   term_months=36)
    assert app.valuation < app.vehicle_price and app.valuation_source.startswith("depreciation")
    assert "price_far_from_valuation" in hits(app)
    assert app.decisions.get().input_snapshot["vehicle"]["valuation"] == str(app.valuation)
