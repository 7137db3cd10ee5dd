"""Version settings are checked before a version is stored: unknown names, ranges, methods,
allocation order, early-settlement bands, balloon limits."""

from __future__ import annotations

import pytest

from autolend.products.errors import ProductError
from autolend.products.version_settings import settings_clean

BASE = {"ltv_caps": {"used": "70"}}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rate_cap": "24"}, "rate_cap"),
        ({"rate_min": "12", "rate_max": "10"}, "rate_min"),
        ({"rate_max": "120"}, "rate_max"),
        ({"repayment_methods": ["annuity", "weekly"]}, "repayment_methods"),
        ({"terms_months": []}, "terms_months"),
        ({"repayment_methods": ["balloon"]}, "balloon_max_pct"),
        ({"allocation_order": ["principal", "interest", "fee"]}, "allocation_order"),
        ({"settlement_fee_bands": [[None, "1"], [12, "2"]]}, "settlement_fee_bands[1]"),
        ({"settlement_fee_bands": [[24, "1"], [12, "2"]]}, "settlement_fee_bands[1]"),
        ({"fees": [{"kind": "gps", "charge": "monthly", "amount": "1000"}]}, "fees[0].charge"),
        ({"ltv_caps": {"boat": "50"}}, "ltv_caps"),
        ({"options": {"residual": "1"}}, "options"),
        ({"days_in_year": "366"}, "days_in_year"),
        ({"decimals": 3}, "decimals"),
    ],
)
def test_bad_settings_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ProductError) as caught:
        settings_clean({**BASE, **changes})
    assert caught.value.field == field


def test_defaults_fill_in_and_terms_are_sorted() -> None:
    clean = settings_clean({**BASE, "terms_months": [36, 12, 24], "fees": [{"kind": "gps", "amount": "1500"}]})
    assert clean["terms_months"] == [12, 24, 36]
    assert clean["fees"] == [{"kind": "gps", "charge": "upfront", "amount": "1500", "percent": "0"}]
    assert clean["allocation_order"] == ["penalty", "fee", "interest", "principal"]
