"""Annualised rate (APR) of a loan: Reg Z Appendix J actuarial method and the PBoC IRR method.

Pure Python and Decimal throughout (no float, no clock, no Django). All three entry points solve
the same equation for the rate ``i`` per unit period::

    sum_k A_k / ((1 + f_k i)(1 + i)^t_k)  ==  sum_j P_j / ((1 + f_j i)(1 + i)^t_j)

where ``A`` are advances (money to the borrower), ``P`` payments (money from the borrower) and
``(t, f)`` the time of each flow from the first advance in whole unit periods ``t`` plus a
fraction ``f`` of a unit period (12 CFR 1026 Appendix J (b)(8); see ``apr_units`` for the time
counting). The APR is the nominal ``i x unit periods per year`` (Appendix J (b)(1)); PBoC
Announcement [2021] No. 3 calls that the *simple* annualised rate and ``(1 + i)^periods - 1``
the *compound* one, both of which are reported.

Amounts are Decimal currency units (yuan, dollars); rates are fractions; ``*_percent`` are
percentages. The PBoC example (100,000 loan, 1,000 upfront fee, 12 x 8,833.30) gives
``apr_percent`` 12.80 and ``effective_annual_percent`` 13.58.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any

from autolend.kernel.apr_units import (
    CTX,
    AprInputError,
    UnitPeriod,
    anchor_days,
    parse_unit_period,
    unit_time,
)

__all__ = [
    "AprInputError", "AprResult", "CashFlow", "PaymentStream", "UnitPeriod", "apr_from_dated", "apr_from_flows",
    "apr_from_periodic", "apr_from_request", "parse_apr_request", "parse_unit_period",
]

MAX_FLOWS = 10_000  # most payments (or advances) one computation accepts
_MAX_AMOUNT = Decimal(10) ** 15
_RATE_Q, _PCT_Q = Decimal("1E-10"), Decimal("1E-4")
_TOL = Decimal("1E-24")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?")
Term = tuple[Decimal, int, Decimal]  # signed amount (payments +, advances -), t, f


@dataclass(frozen=True)
class AprResult:
    """Solved rate. ``periodic_rate`` is a fraction per unit period (10 dp); the percents are 4 dp half-up."""

    periodic_rate: Decimal
    apr_percent: Decimal
    effective_annual_percent: Decimal

    def as_json(self) -> dict[str, str]:
        """Plain (never exponent) decimal strings keyed by field name."""
        keys = ("periodic_rate", "apr_percent", "effective_annual_percent")
        return {key: format(getattr(self, key), "f") for key in keys}


@dataclass(frozen=True)
class CashFlow:
    """An advance or payment: ``amount`` (> 0, currency units) on ``date``."""

    date: date
    amount: Decimal


@dataclass(frozen=True)
class PaymentStream:
    """``count`` equal payments of ``amount``; the first due ``first_period`` unit periods plus
    ``odd_fraction`` of a unit period after the advance, the rest one unit period apart."""

    amount: Decimal
    count: int
    first_period: int = 1
    odd_fraction: Decimal = Decimal(0)


def _check_amount(value: object, field: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise AprInputError(field, "must be a Decimal")
    if not value.is_finite() or value <= 0:
        raise AprInputError(field, "must be a finite amount > 0")
    if value >= _MAX_AMOUNT:
        raise AprInputError(field, f"must be less than {_MAX_AMOUNT:,}")
    return value


def _check_int(value: object, field: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AprInputError(field, "must be an integer")
    if not minimum <= value <= MAX_FLOWS:
        raise AprInputError(field, f"must be between {minimum} and {MAX_FLOWS}")
    return value


def _check_seq(items: object, field: str) -> Sequence[Any]:
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise AprInputError(field, "at least one entry is required")
    if len(items) > MAX_FLOWS:
        raise AprInputError(field, f"at most {MAX_FLOWS} entries")
    return items


def _check_flows(flows: Sequence[CashFlow], name: str) -> list[CashFlow]:
    for n, flow in enumerate(_check_seq(flows, name)):
        if not isinstance(flow, CashFlow):
            raise AprInputError(f"{name}[{n}]", "must be a CashFlow")
        if not isinstance(flow.date, date) or isinstance(flow.date, datetime):
            raise AprInputError(f"{name}[{n}].date", "must be a datetime.date")
        _check_amount(flow.amount, f"{name}[{n}].amount")
    return list(flows)


def _check_total(advanced: Decimal, paid: Decimal) -> None:
    if paid <= advanced:
        raise AprInputError("payments", f"total payments {paid} must exceed total advances {advanced}")


def _evaluate(terms: Sequence[Term], rate: Decimal) -> tuple[Decimal, Decimal]:
    """Net present value of ``terms`` (sorted by ``t``) at ``rate`` and its derivative in ``rate``.
    Discounting multiplies by ``1 / (1 + rate)`` as ``t`` advances; a flow with no odd fraction
    (most of them) skips the simple-interest factor."""
    one = Decimal(1)
    value = slope = Decimal(0)
    inv = one / (one + rate)
    discount, at = one, 0  # discount == (1 + rate) ** -at
    for amount, t, f in terms:
        if t != at:
            discount, at = discount * (inv if t - at == 1 else inv ** (t - at)), t
        if f:
            simple = one + f * rate
            pv = amount * discount / simple
            slope -= pv * (f / simple + t * inv)
        else:
            pv = amount * discount
            slope -= pv * t * inv
        value += pv
    return value, slope


def _float_npv(flows: Sequence[tuple[float, int, float]], rate: float) -> tuple[float, float]:
    value = slope = 0.0
    growth = 1 + rate
    for amount, t, f in flows:
        simple = 1 + f * rate
        pv = amount * growth ** -t / simple
        value += pv
        slope -= pv * (f / simple + t / growth)
    return value, slope


def _float_root(terms: Sequence[Term]) -> Decimal | None:
    """The root in binary floating point (safeguarded Newton inside a bracket), as a starting
    point for the exact solve: it only saves Decimal iterations, it never decides the result.
    None when floats do not settle (the exact solve then brackets the root itself)."""
    try:
        flows = [(float(a), t, float(f)) for a, t, f in terms]
        high = 1.0
        while _float_npv(flows, high)[0] >= 0:
            high *= 2
            if high > 2.0 ** 64:
                return None
        paid = sum(a for a, _, _ in flows if a > 0)
        lent = -sum(a for a, _, _ in flows if a < 0)
        low, rate = 0.0, 2 * (paid - lent) / (lent * (len(flows) + 1))  # the level-payment estimate
        if not 0 < rate < high:
            rate = high / 2
        for _ in range(100):
            value, slope = _float_npv(flows, rate)
            if value > 0:
                low = rate
            else:
                high = rate
            step = rate - value / slope if slope != 0 else high
            if not low < step < high:
                step = (low + high) / 2
            if abs(step - rate) <= 1e-12 * step:  # floats dither near 1e-15; the exact solve finishes
                return Decimal(step)
            rate = step
    except (OverflowError, ZeroDivisionError):
        pass
    return None


def _newton(terms: Sequence[Term], rate: Decimal, steps: int) -> Decimal | None:
    """Newton from a close ``rate`` (the float root): the root to ``_TOL``, or None when a step
    leaves the positive rates or ``steps`` do not settle (then the bracketed solve runs)."""
    for _ in range(steps):
        value, slope = _evaluate(terms, rate)
        if value == 0:
            return rate
        if slope == 0:
            return None
        step = rate - value / slope
        if step <= 0:
            return None
        if abs(step - rate) <= _TOL:
            return step
        rate = step
    return None


def _solve(terms: Sequence[Term]) -> Decimal:
    """The rate per unit period that zeroes the NPV: Newton from the float root, else safeguarded
    Newton inside a bisection bracket.

    The NPV is positive at rate 0 (payments exceed advances) and tends to minus the first advance
    as the rate grows, so a root exists in ``(0, hi)``.
    """
    terms = sorted(terms, key=lambda term: term[1])
    with localcontext(CTX):
        guess = _float_root(terms)
        if guess is not None:  # one or two exact steps from here
            root = _newton(terms, guess, 4)
            if root is not None:
                return root
        low, high = Decimal(0), Decimal(1)
        for _ in range(64):
            if _evaluate(terms, high)[0] < 0:
                break
            low, high = high, high * 2
        else:
            raise AprInputError("payments", "no finite rate balances these flows")
        rate = (low + high) / 2
        for _ in range(400):
            value, slope = _evaluate(terms, rate)
            if value == 0:
                return rate
            if value > 0:
                low = rate
            else:
                high = rate
            step = rate - value / slope if slope != 0 else high
            if not low < step < high:
                step = (low + high) / 2
            if abs(step - rate) <= _TOL or high - low <= _TOL:
                return step
            rate = step
        return rate


def _quantize(value: Decimal, exp: Decimal) -> Decimal:
    with localcontext(CTX) as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() - exp.adjusted() + 2)  # room for every digit kept
        return value.quantize(exp, ROUND_HALF_UP)


def _result(rate: Decimal, per_year: Decimal) -> AprResult:
    with localcontext(CTX):
        apr = rate * per_year * 100
        effective = ((1 + rate) ** per_year - 1) * 100
    return AprResult(_quantize(rate, _RATE_Q), _quantize(apr, _PCT_Q), _quantize(effective, _PCT_Q))


def _check_unit(unit_period: object) -> None:
    if not isinstance(unit_period, UnitPeriod):
        raise AprInputError("unit_period", "must be a UnitPeriod")


def _dated_terms(unit: UnitPeriod, advances: Sequence[CashFlow], payments: Sequence[CashFlow]) -> list[Term]:
    _check_unit(unit)
    advances = _check_flows(advances, "advances")
    payments = _check_flows(payments, "payments")
    start = min(flow.date for flow in advances)
    for n, flow in enumerate(payments):
        if flow.date <= start:
            raise AprInputError(f"payments[{n}].date", f"must be after the first advance ({start.isoformat()})")
    terms: list[Term] = []
    with localcontext(CTX):
        _check_total(sum((f.amount for f in advances), Decimal(0)), sum((f.amount for f in payments), Decimal(0)))
        for flows, sign in ((advances, -1), (payments, 1)):
            times = _flow_times(unit, start, tuple(flow.date for flow in flows))
            terms += [(sign * flow.amount, t, f) for flow, (t, f) in zip(flows, times, strict=True)]
    return terms


@lru_cache(maxsize=512)  # pure; a decision's offers of one term share their dates
def _flow_times(unit: UnitPeriod, start: date, dates: tuple[date, ...]) -> tuple[tuple[int, Decimal], ...]:
    """``(t, f)`` of each date from ``start`` (Appendix J (b)(5), month ends by ``anchor_days``)."""
    return tuple(unit_time(unit, start, when, anchor) for when, anchor in zip(dates, anchor_days(dates), strict=True))


def apr_from_dated(unit_period: UnitPeriod, advances: Sequence[CashFlow], payments: Sequence[CashFlow]) -> AprResult:
    """Reg Z Appendix J general equation ((b)(8)) for dated advances and payments.

    Times run from the earliest advance: whole ``unit_period``s counted back from each flow's
    date, odd days as a fraction of a unit period (Appendix J (b)(5); months count 30 days).
    Amounts in currency units; every payment must fall after the first advance and payments
    must total more than advances. ``apr_percent`` = rate x ``unit_period.per_year`` x 100.
    """
    return _result(_solve(_dated_terms(unit_period, advances, payments)), unit_period.per_year)


def _periodic_terms(financed: Decimal, unit: UnitPeriod, payments: Sequence[PaymentStream]) -> list[Term]:
    _check_unit(unit)
    terms: list[Term] = [(-_check_amount(financed, "amount_financed"), 0, Decimal(0))]
    with localcontext(CTX):
        for n, stream in enumerate(_check_seq(payments, "payments")):
            if not isinstance(stream, PaymentStream):
                raise AprInputError(f"payments[{n}]", "must be a PaymentStream")
            _check_amount(stream.amount, f"payments[{n}].amount")
            _check_int(stream.count, f"payments[{n}].count", 1)
            _check_int(stream.first_period, f"payments[{n}].first_period", 1)
            frac = stream.odd_fraction
            if not isinstance(frac, Decimal) or not frac.is_finite() or not 0 <= frac < 1:
                raise AprInputError(f"payments[{n}].odd_fraction", "must be a Decimal with 0 <= odd_fraction < 1")
            if len(terms) + stream.count > MAX_FLOWS + 1:
                raise AprInputError("payments", f"at most {MAX_FLOWS} payments in all")
            terms.extend((stream.amount, stream.first_period + k, frac) for k in range(stream.count))
        _check_total(financed, sum((a for a, _, _ in terms[1:]), Decimal(0)))
    return terms


def apr_from_periodic(
    amount_financed: Decimal, unit_period: UnitPeriod, payments: Sequence[PaymentStream]
) -> AprResult:
    """Reg Z Appendix J for one advance of ``amount_financed`` (currency units) at time 0 and
    streams of equal payments: payment ``k`` (0-based) of a stream falls at ``t = first_period + k``
    whole unit periods plus the stream's ``odd_fraction`` ``f`` of a unit period.
    """
    return _result(_solve(_periodic_terms(amount_financed, unit_period, payments)), unit_period.per_year)


def apr_from_flows(advance: Decimal, payments: Sequence[Decimal], periods_per_year: Decimal) -> AprResult:
    """PBoC Announcement [2021] No. 3 IRR method for equally spaced flows.

    ``advance`` is the net amount the borrower actually receives (principal less upfront fees) at
    t = 0; ``payments[k-1]`` falls due at period k. ``apr_percent`` is the simple annualised rate
    ``r x periods_per_year x 100``; ``effective_annual_percent`` the compound
    ``((1 + r)^periods_per_year - 1) x 100``.
    """
    _check_amount(advance, "advance")
    _check_seq(payments, "payments")
    if not isinstance(periods_per_year, Decimal) or not periods_per_year.is_finite() or periods_per_year <= 0:
        raise AprInputError("periods_per_year", "must be a finite Decimal > 0")
    terms: list[Term] = [(-advance, 0, Decimal(0))]
    terms.extend((_check_amount(p, f"payments[{n}]"), n + 1, Decimal(0)) for n, p in enumerate(payments))
    with localcontext(CTX):
        _check_total(advance, sum(payments, Decimal(0)))
    return _result(_solve(terms), periods_per_year)


# --- JSON request contract ---------------------------------------------------------------------

_DATED_KEYS = frozenset({"unit_period", "advances", "payments"})
_PERIODIC_KEYS = frozenset({"unit_period", "amount_financed", "payments"})
_FLOW_KEYS = frozenset({"date", "amount"})
_STREAM_KEYS = frozenset({"amount", "count", "first_period", "odd_fraction"})


def _get(obj: Mapping[str, Any], key: str, field: str, default: Any = None) -> Any:
    value = obj.get(key)
    if value is None and default is None:
        raise AprInputError(field, "is required")
    return default if value is None else value


def _decimal(value: Any, field: str) -> Decimal:
    """A JSON number or decimal string as a finite Decimal (a float goes through ``str``)."""
    text = str(value).strip() if isinstance(value, (int, float, str)) and not isinstance(value, bool) else ""
    if not _NUMBER.fullmatch(text):
        raise AprInputError(field, f"must be a finite decimal string or number, got {value!r}")
    return Decimal(text)


def _integer(value: Any, field: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise AprInputError(field, "must be an integer")
    return value


def _object(value: Any, field: str, allowed: frozenset[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise AprInputError(field, "must be an object")
    for key in value:
        if key not in allowed:
            raise AprInputError(key if field == "request" else f"{field}.{key}", "unknown field")
    return value


def _items(obj: Mapping[str, Any], key: str) -> list[Any]:
    value = _get(obj, key, key)
    if not isinstance(value, list):
        raise AprInputError(key, "must be a list")
    return list(_check_seq(value, key))


def _flow(raw: Any, field: str) -> CashFlow:
    item = _object(raw, field, _FLOW_KEYS)
    text = _get(item, "date", f"{field}.date")
    try:
        if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError
        when = date.fromisoformat(text.strip())
    except ValueError:
        raise AprInputError(f"{field}.date", f"must be an ISO date YYYY-MM-DD, got {text!r}") from None
    return CashFlow(when, _decimal(_get(item, "amount", f"{field}.amount"), f"{field}.amount"))


def _stream(raw: Any, field: str) -> PaymentStream:
    item = _object(raw, field, _STREAM_KEYS)
    return PaymentStream(
        amount=_decimal(_get(item, "amount", f"{field}.amount"), f"{field}.amount"),
        count=_integer(_get(item, "count", f"{field}.count"), f"{field}.count"),
        first_period=_integer(_get(item, "first_period", f"{field}.first_period", 1), f"{field}.first_period"),
        odd_fraction=_decimal(_get(item, "odd_fraction", f"{field}.odd_fraction", "0"), f"{field}.odd_fraction"),
    )


def parse_apr_request(obj: Mapping[str, Any]) -> Callable[[], AprResult]:
    """Validate a JSON APR request (dated or periodic form); return a thunk that solves it.

    Every problem raises ``AprInputError`` here, naming the field (``payments[0].date``,
    ``advances``, ``amount_financed``, ``unit_period`` ...). Amounts are decimal strings or JSON
    numbers (a float goes through ``str``), counts integers, dates ISO ``YYYY-MM-DD``.
    """
    if not isinstance(obj, Mapping):
        raise AprInputError("request", "must be a JSON object")
    periodic = "amount_financed" in obj
    if periodic and "advances" in obj:
        raise AprInputError("amount_financed", "give amount_financed (periodic) or advances (dated), not both")
    if not periodic and "advances" not in obj:
        raise AprInputError("advances", "is required (dated form), or give amount_financed (periodic form)")
    _object(obj, "request", _PERIODIC_KEYS if periodic else _DATED_KEYS)
    unit = parse_unit_period(_get(obj, "unit_period", "unit_period"))
    if periodic:
        financed = _decimal(obj["amount_financed"], "amount_financed")
        streams = [_stream(raw, f"payments[{n}]") for n, raw in enumerate(_items(obj, "payments"))]
        terms = _periodic_terms(financed, unit, streams)
    else:
        advances = [_flow(raw, f"advances[{n}]") for n, raw in enumerate(_items(obj, "advances"))]
        payments = [_flow(raw, f"payments[{n}]") for n, raw in enumerate(_items(obj, "payments"))]
        terms = _dated_terms(unit, advances, payments)
    return lambda: _result(_solve(terms), unit.per_year)


def apr_from_request(obj: Mapping[str, Any]) -> AprResult:
    """Parse, validate and solve a JSON APR request (see :func:`parse_apr_request`)."""
    return parse_apr_request(obj)()
