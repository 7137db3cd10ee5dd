"""The staff collateral API: 401 signed out, 403 without the permission; a vehicle registered and
its mortgage requested over HTTP; a refused transition is 400 naming the field; alerts listed by
loan for collections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from autolend.collateral.models import Vehicle
from autolend.collateral.testing import point, tracker, utc, vin_for
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.integrations.payments import SimulatedGateway
from autolend.servicing.testing import disbursed_loan, fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated_gateway() -> Iterator[None]:
    fresh_books()
    yield
    SimulatedGateway.reset()  # the simulated payouts of these tests must not leak into later files


def signed_in(role: Role) -> Client:
    client = Client()
    login(client, User.objects.create_user(username=role.value, password="x", role=role))
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/collateral/{url}", data=body, content_type="application/json")


def test_vehicle_mortgage_and_alerts_over_http() -> None:
    loan = disbursed_loan()
    body = {"vin": vin_for(9), "make": "BYD", "model": "Han", "model_year": 2023, "new_price": "220000.00",
            "energy": "bev", "declared_province": "310000", "loan_number": loan.number, "as_of": "2024-01-16"}
    assert post(Client(), "vehicles", body).status_code == 401
    assert post(signed_in(Role.COLLECTOR), "vehicles", body).status_code == 403
    ops = signed_in(Role.OPERATIONS)
    created = post(ops, "vehicles", body)
    assert created.status_code == 201, created.content
    car_id = created.json()["id"]
    again = post(ops, "vehicles", body)
    assert again.status_code == 400 and again.json()["detail"][0]["loc"] == ["body", "vin"]

    reg = post(ops, f"vehicles/{car_id}/mortgages", {"as_of": "2024-01-16"})
    assert reg.status_code == 201 and reg.json()["status"] == "requested"
    reg_id = reg.json()["id"]
    assert post(ops, f"mortgages/{reg_id}/submit", {"as_of": "2024-01-16"}).json()["status"] == "submitted"
    assert post(ops, f"mortgages/{reg_id}/poll", {"as_of": "2024-01-18"}).json()["status"] == "registered"
    refused = post(ops, f"mortgages/{reg_id}/release-request", {"as_of": "2024-01-20"})
    assert refused.status_code == 400 and "no release before payoff" in refused.json()["detail"][0]["msg"]

    from autolend.collateral.services import telemetry_ingest

    telemetry_ingest([point(tracker(Vehicle.objects.get(pk=car_id)), utc(2024, 6, 1), power="cut")])
    listed = ops.get(f"/api/v1/collateral/alerts?loan={loan.number}").json()
    assert [(a["kind"], a["severity"], a["loan"]) for a in listed] == [("gps_power_cut", "critical", loan.number)]
    detail = ops.get(f"/api/v1/collateral/vehicles/{car_id}").json()
    assert detail["mortgages"][0]["status"] == "registered" and detail["loan"] == loan.number
