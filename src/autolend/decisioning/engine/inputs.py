"""Everything one decision reads, as one immutable value with a JSON form (the input snapshot).

A ``DecisionInput`` is gathered by ``decisioning.gather`` from the database, the bureau and the
fraud queries, stored whole in ``DecisionRecord.input_snapshot``, and read back by
``decision_replay``: the engine (``engine.evaluate``) sees nothing else, so the same snapshot
and model version always give the same decision. Amounts are Decimal yuan, rates percent a year,
terms months, ratios fractions (0.35 = 35%).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from autolend.integrations.bureau import BureauReport
from autolend.products.rules import CapInForce

PURCHASE_KINDS = frozenset({"new_car", "used_car", "balloon", "finance_lease_direct", "lease_to_own"})

# Region of the synthetic book (risk.synthetic.REGION_EFFECTS) by the first two ID digits.
_REGIONS = {"1": "north", "2": "northeast", "3": "east", "5": "southwest", "6": "northwest"}
_SOUTH = frozenset({"44", "45", "46", "71", "81", "82"})


def region_of(resident_id: str) -> str:
    """The model's region of a resident ID's province (华北 north … 西北 northwest)."""
    code = resident_id[:2]
    if code in _SOUTH:
        return "south"
    if code in ("41", "42", "43"):
        return "central"
    return _REGIONS.get(code[:1], "east")


@dataclass(frozen=True)
class Applicant:
    birth_date: date
    region: str
    monthly_income: Decimal | None  # declared, yuan a month (None: not given)
    employment_years: Decimal | None  # tenure with the current employer
    kyc_status: str  # parties.KycStatus: pending / verified / failed

    def age_on(self, on: date) -> int:
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


@dataclass(frozen=True)
class Vehicle:
    condition: str  # "new" | "used"
    new_energy: bool
    use: str  # "self_use" | "commercial"
    price: Decimal  # purchase price (the car's value for a loan against an owned car)
    valuation: Decimal  # our own value of the car; the lower of the two secures the loan
    year: int
    mileage_km: int

    @property
    def category(self) -> str:
        """The LTV-cap category (products.choices.VehicleCategory)."""
        if self.condition == "used":
            return "used"
        return f"{self.use}_{'nev' if self.new_energy else 'conventional'}"

    @property
    def secured_value(self) -> Decimal:
        return min(self.price, self.valuation)


@dataclass(frozen=True)
class Request:
    amount: Decimal
    down_payment: Decimal
    term_months: int


@dataclass(frozen=True)
class Product:
    """A product version as the engine reads it (see ``products.models.ProductVersion``)."""

    code: str
    kind: str
    version: int
    status: str
    effective_from: date
    effective_to: date | None
    terms_months: tuple[int, ...]
    rate_min: Decimal
    rate_max: Decimal
    min_down_payment_pct: Decimal
    ltv_caps: Mapping[str, str]
    fees: tuple[Mapping[str, str], ...]
    balloon_max_pct: Decimal | None
    schedule: Mapping[str, Any]  # products.kernel_settings.schedule_settings

    @property
    def purchase(self) -> bool:
        """A purchase (the buyer brings a down payment) rather than a loan against an owned car."""
        return self.kind in PURCHASE_KINDS

    def as_version(self) -> SimpleNamespace:
        """An object with the attributes ``products.rules`` and ``kernel_settings`` read."""
        return SimpleNamespace(
            product=SimpleNamespace(kind=self.kind, code=self.code), kind=self.kind, version=self.version,
            status=self.status, effective_from=self.effective_from, effective_to=self.effective_to,
            terms_months=list(self.terms_months), rate_min=self.rate_min, rate_max=self.rate_max,
            min_down_payment_pct=self.min_down_payment_pct, ltv_caps=dict(self.ltv_caps), fees=list(self.fees),
            decimals=int(self.schedule.get("decimals", 2)), rounding=str(self.schedule.get("rounding", "half-up")),
            balloon_max_pct=self.balloon_max_pct,
        )


@dataclass(frozen=True)
class FraudSignals:
    """Counts from our own books at decision time (the anti-fraud queries)."""

    other_borrowers_same_mobile: int = 0  # other identities giving this mobile number
    other_mobiles_same_id: int = 0  # other mobile numbers given with this resident ID
    other_borrowers_same_device: int = 0  # other identities applying from this device
    applications_same_id_30d: int = 0  # other applications of this person in 30 days
    applications_dealer_today: int = 0  # other applications of this dealer today
    vin_financed: bool = False  # the car already secures an accepted or booked application
    blacklist: tuple[str, ...] = ()  # kinds that hit: resident_id, mobile, device, vin


@dataclass(frozen=True)
class DecisionInput:
    as_of: date
    applicant: Applicant
    vehicle: Vehicle
    request: Request
    product: Product
    caps: tuple[CapInForce, ...]
    bureau: BureauReport | None  # None: the bureau did not answer
    fraud: FraudSignals
    dealer_key: str | None  # "D007": the model's dealer identifier
    policy_version: int
    policy: Mapping[str, Any]  # the policy rules (engine.policy.PolicyRules.from_json)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return _plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DecisionInput:
        a, v, r, p = data["applicant"], data["vehicle"], data["request"], data["product"]
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            applicant=Applicant(date.fromisoformat(a["birth_date"]), a["region"], _dec(a["monthly_income"]),
                                _dec(a["employment_years"]), a["kyc_status"]),
            vehicle=Vehicle(v["condition"], bool(v["new_energy"]), v["use"], Decimal(v["price"]),
                            Decimal(v["valuation"]), int(v["year"]), int(v["mileage_km"])),
            request=Request(Decimal(r["amount"]), Decimal(r["down_payment"]), int(r["term_months"])),
            product=Product(
                p["code"], p["kind"], int(p["version"]), p["status"], date.fromisoformat(p["effective_from"]),
                date.fromisoformat(p["effective_to"]) if p["effective_to"] else None, tuple(p["terms_months"]),
                Decimal(p["rate_min"]), Decimal(p["rate_max"]), Decimal(p["min_down_payment_pct"]),
                dict(p["ltv_caps"]), tuple(dict(f) for f in p["fees"]), _dec(p["balloon_max_pct"]),
                dict(p["schedule"]),
            ),
            caps=tuple(
                CapInForce(c["kind"], c["scope"], _dec(c["value"]), _dec(c["policy_value"]),
                           date.fromisoformat(c["effective_from"]),
                           date.fromisoformat(c["effective_to"]) if c["effective_to"] else None, c.get("source", ""))
                for c in data["caps"]
            ),
            bureau=BureauReport.from_json(data["bureau"]) if data["bureau"] else None,
            fraud=FraudSignals(**{**data["fraud"], "blacklist": tuple(data["fraud"]["blacklist"])}),
            dealer_key=data["dealer_key"],
            policy_version=int(data["policy_version"]),
            policy=dict(data["policy"]),
            extra=dict(data.get("extra") or {}),
        )


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _plain(value: Any) -> Any:
    """JSON-ready: Decimal → str, date → ISO, tuples → lists, mappings and dataclasses → dicts
    (what ``dataclasses.asdict`` then ``_plain`` gave, without asdict's deep copies)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value
