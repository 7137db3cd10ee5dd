"""The input snapshot survives JSON: read back, it is the same value and decides the same."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from autolend.decisioning.engine.evaluate import evaluate
from autolend.decisioning.engine.inputs import DecisionInput, FraudSignals, region_of


def test_json_round_trip_is_exact(make: Any, model_with: Any) -> None:
    inp = make(fraud=FraudSignals(other_borrowers_same_mobile=1, blacklist=("vin",)), dealer_key="D007",
               applicant={"employment_years": None}, vehicle={"valuation": Decimal("140000.00")})
    text = json.dumps(inp.to_json(), ensure_ascii=False)
    back = DecisionInput.from_json(json.loads(text))
    assert back == inp
    first, again = evaluate(inp, model_with(0.05)), evaluate(back, model_with(0.05))
    assert json.dumps(first.to_json(), sort_keys=True) == json.dumps(again.to_json(), sort_keys=True)


def test_the_region_comes_from_the_id_province() -> None:
    assert [region_of(p + "0101") for p in ("11", "21", "31", "42", "44", "51", "62", "81")] == [
        "north", "northeast", "east", "central", "south", "southwest", "northwest", "south"]
