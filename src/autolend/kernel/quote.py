"""A schedule quote as the stable JSON contract of the CLI and the API, and its APR.

``terms_from_request`` reads the request (field names as in ``autolend schedule`` flags, with
underscores) and raises ``ScheduleInputError`` naming the field; ``schedule_quote`` returns
``{"installments": [...], "totals": {...}, "apr": {...}}`` with amounts as decimal strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from autolend.kernel.apr import AprResult, CashFlow, UnitPeriod, apr_from_dated
from autolend.kernel.calendar import PeriodUnit
from autolend.kernel.money import ZERO, MoneyRules, Rounding
from autolend.kernel.rates import DayCount, DaysInMonth, DaysInYear, InterestPer
from autolend.kernel.schedule import LoanTerms, Method, Schedule, ScheduleInputError, build_schedule

_UNIT_PERIOD = {PeriodUnit.MONTHS: ("month", 12), PeriodUnit.WEEKS: ("week", 52), PeriodUnit.DAYS: ("day", 365)}
FIELDS = frozenset(
    {
        "principal", "annual_rate", "installments", "every", "unit", "disbursed", "first_due", "method",
        "balloon", "days_in_year", "days_in_month", "interest_per", "grace_principal", "grace_interest",
        "decimals", "rounding", "multiples_of", "amount_multiples_of", "fee_upfront", "fee_per_installment",
    }
)


def terms_from_request(obj: Mapping[str, Any]) -> LoanTerms:
    """LoanTerms from a JSON-like mapping; strings or numbers accepted for amounts and rates."""
    unknown = sorted(set(obj) - FIELDS)
    if unknown:
        raise ScheduleInputError(unknown[0], "is not a schedule setting")
    rules = MoneyRules(
        decimals=_int(obj, "decimals", 2),
        rounding=_choice(obj, "rounding", Rounding, Rounding.HALF_UP),
        amount_multiples_of=_amount(obj, "amount_multiples_of", None),
        installment_multiples_of=_amount(obj, "multiples_of", None),
    )
    return LoanTerms(
        principal=_amount(obj, "principal", _REQUIRED) or ZERO,
        annual_rate=_amount(obj, "annual_rate", _REQUIRED) or ZERO,
        installments=_int(obj, "installments", None),
        every=_int(obj, "every", 1),
        unit=_choice(obj, "unit", PeriodUnit, PeriodUnit.MONTHS),
        disbursed=_date(obj, "disbursed", required=True) or date.min,
        first_due=_date(obj, "first_due", required=False),
        method=_choice(obj, "method", Method, Method.ANNUITY),
        balloon=_amount(obj, "balloon", ZERO) or ZERO,
        day_count=DayCount(
            days_in_year=_choice(obj, "days_in_year", DaysInYear, DaysInYear.D360),
            days_in_month=_choice(obj, "days_in_month", DaysInMonth, DaysInMonth.D30),
            interest_per=_choice(obj, "interest_per", InterestPer, InterestPer.PERIOD),
        ),
        grace_principal=_int(obj, "grace_principal", 0),
        grace_interest=_int(obj, "grace_interest", 0),
        money=rules,
        fee_upfront=_amount(obj, "fee_upfront", ZERO) or ZERO,
        fee_per_installment=_amount(obj, "fee_per_installment", ZERO) or ZERO,
    )


def schedule_apr(schedule: Schedule) -> AprResult:
    """APR of the borrower's real cash flows: principal less upfront fee received, every instalment
    (fees included) paid, by the actuarial method with the loan's own period as unit period."""
    terms = schedule.terms
    net_advance = terms.principal - terms.fee_upfront
    if net_advance <= 0:
        raise ScheduleInputError("fee_upfront", "must be less than the principal")
    if schedule.total_repayment <= net_advance:
        return AprResult(Decimal("0E-10"), Decimal("0.0000"), Decimal("0.0000"))
    unit, limit = _UNIT_PERIOD[terms.unit]
    unit_period = UnitPeriod(terms.every, unit) if terms.every <= limit else UnitPeriod(1, unit)
    payments = [CashFlow(row.due_date, row.total) for row in schedule.installments if row.total > 0]
    return apr_from_dated(unit_period, [CashFlow(terms.disbursed, net_advance)], payments)


def schedule_quote(terms: LoanTerms) -> dict[str, Any]:
    """The schedule of ``terms`` with totals and APR, as the JSON contract (amounts as strings)."""
    schedule = build_schedule(terms)
    return {
        "installments": [
            {
                "n": row.n,
                "due_date": row.due_date.isoformat(),
                "principal": str(row.principal),
                "interest": str(row.interest),
                "fees": str(row.fees),
                "total": str(row.total),
                "balance": str(row.balance),
            }
            for row in schedule.installments
        ],
        "totals": {
            "principal": str(schedule.total_principal),
            "interest": str(schedule.total_interest),
            "fees": str(schedule.total_fees),
            "fee_upfront": str(terms.fee_upfront.quantize(terms.money.quantum)),
            "repayment": str(schedule.total_repayment),
            "cost": str(schedule.total_interest + schedule.total_fees),
            "regular_installment": None if schedule.regular_installment is None else str(schedule.regular_installment),
        },
        "apr": schedule_apr(schedule).as_json(),
    }


E = TypeVar("E", bound=StrEnum)


class _Required:
    pass


_REQUIRED = _Required()


def _amount(obj: Mapping[str, Any], key: str, default: Decimal | None | _Required) -> Decimal | None:
    raw = obj.get(key)
    if raw is None or raw == "":
        if isinstance(default, _Required):
            raise ScheduleInputError(key, "is required")
        return default
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal)):
        raise ScheduleInputError(key, "must be a decimal number")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ScheduleInputError(key, f"{raw!r} is not a decimal number") from None
    if not value.is_finite():
        raise ScheduleInputError(key, "must be a finite number")
    return value


def _int(obj: Mapping[str, Any], key: str, default: int | None) -> int:
    raw = obj.get(key)
    if raw is None or raw == "":
        if default is None:
            raise ScheduleInputError(key, "is required")
        return default
    if isinstance(raw, bool):
        raise ScheduleInputError(key, "must be a whole number")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ScheduleInputError(key, f"{raw!r} is not a whole number") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ScheduleInputError(key, f"{raw!r} is not a whole number")
    return int(value)


def _choice(
    obj: Mapping[str, Any], key: str, kind: type[E], default: E
) -> E:
    raw = obj.get(key)
    if raw is None or raw == "":
        return default
    try:
        return kind(str(raw).strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ScheduleInputError(key, f"{raw!r} is not one of {allowed}") from None


def _date(obj: Mapping[str, Any], key: str, required: bool) -> date | None:
    raw = obj.get(key)
    if raw is None or raw == "":
        if required:
            raise ScheduleInputError(key, "is required")
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ScheduleInputError(key, f"{raw!r} is not a date (YYYY-MM-DD)") from None
