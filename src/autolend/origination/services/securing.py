"""The car behind a booked loan (押品): registered as collateral at signing, secured after payout.

* ``vehicle_secure_at_booking`` runs inside ``contract_sign``'s transaction, right after
  ``servicing.loan_book``: the application's car becomes a ``collateral.Vehicle`` tied to the
  new loan (``vehicle_register``; a car already on file and free is linked with
  ``vehicle_loan_link``). A car that secures another loan refuses the signing (field ``vin``).
* ``collateral_after_disbursement(loan, as_of)`` — once servicing has paid the loan out — values
  the car (``collateral_revalue``, depreciation) and, for the kinds secured by a mortgage
  (new car, used car, vehicle-secured, balloon), requests the mortgage registration (抵押登记,
  ``mortgage_request``). A pledge (质押) needs the car, keys and certificate brought in and
  photographed (``pledge_intake``: a person's job), so a pledge loan is left in the collateral
  queue for that intake; under a finance lease the lessor owns the car: nothing to register.
* ``collateral_after_disbursement_due(as_of)`` does that for every disbursed loan booked from
  an application whose step has not happened (idempotent). Servicing does not import
  collateral: the demo seed calls it after its disbursements, and any daily job may call it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import MortgageRegistration, MortgageStatus, Vehicle
from autolend.origination.errors import OriginationError
from autolend.origination.models import Application, Contract, ContractStatus

MORTGAGED_KINDS = frozenset({"new_car", "used_car", "title_loan", "balloon"})
PLEDGED_KINDS = frozenset({"pledge_loan"})
OPEN_MORTGAGE = (MortgageStatus.REQUESTED, MortgageStatus.SUBMITTED, MortgageStatus.REGISTERED)


def collateral_kind(product_kind: str) -> str:
    """How a product kind secures its loan: "mortgage", "pledge" or "lease" (the lessor owns it)."""
    if product_kind in MORTGAGED_KINDS:
        return "mortgage"
    return "pledge" if product_kind in PLEDGED_KINDS else "lease"


def vehicle_secure_at_booking(app: Application, loan: Any, as_of: date, actor: Any = None) -> Vehicle:
    """Register ``app``'s car as the collateral of ``loan`` (inside the caller's transaction)."""
    from autolend.collateral.services import vehicle_loan_link, vehicle_register

    try:
        known = Vehicle.objects.filter(vin=app.vin).first()
        if known is not None:
            return vehicle_loan_link(known, loan, as_of, actor=actor)
        return vehicle_register(
            vin=app.vin, make=app.vehicle_make, model=app.vehicle_model, model_year=app.vehicle_year,
            new_price=app.new_price or app.vehicle_price, as_of=as_of, energy="bev" if app.new_energy else "ice",
            use=app.vehicle_use, mileage_km=app.mileage_km, condition="A" if app.vehicle_condition == "new" else "B",
            loan=loan, actor=actor,
        )
    except CollateralError as exc:
        # "vin": the car is on file already; "loan": it secures another loan — both are about the car.
        raise OriginationError("vin" if exc.field in ("vin", "loan") else "collateral", exc.message) from None


def collateral_after_disbursement(loan: Any, as_of: date, actor: Any = None) -> str:
    """Value the disbursed ``loan``'s car and secure it as its product kind requires. Returns what
    was done: "mortgage_requested", "pledge_intake_due", "lease" or "already" (idempotent)."""
    from autolend.collateral.services import collateral_revalue, mortgage_request

    vehicle = Vehicle.objects.filter(loan_id=loan.pk).first()
    if vehicle is None:
        raise OriginationError("collateral", f"loan {loan.number} has no registered vehicle")
    if not vehicle.valuations.filter(as_of=as_of).exists():
        collateral_revalue(as_of, loans=[loan.pk])
    kind = collateral_kind(_product_kind(loan))
    if kind != "mortgage":
        return "pledge_intake_due" if kind == "pledge" else "lease"
    if MortgageRegistration.objects.filter(vehicle=vehicle, loan_id=loan.pk, status__in=OPEN_MORTGAGE).exists():
        return "already"
    try:
        mortgage_request(vehicle, as_of, actor=actor)
    except CollateralError as exc:
        raise OriginationError("collateral", exc.message) from None
    return "mortgage_requested"


CATCH_UP_DAYS = 7


def collateral_after_disbursement_due(as_of: date, actor: Any = None) -> dict[str, int]:
    """``collateral_after_disbursement`` for every loan signed here and disbursed in the week up to
    ``as_of`` whose car has no valuation yet or (mortgage kinds) no open mortgage registration
    (an end-of-day step: a day's disbursements, and a week of catch-up should a day fail).
    Counts by result."""
    from autolend.servicing.models import Loan, LoanStatus

    numbers = Contract.objects.filter(status=ContractStatus.SIGNED).exclude(loan_number="") \
        .values_list("loan_number", flat=True)
    loans = Loan.objects.filter(number__in=numbers, status=LoanStatus.ACTIVE, disbursed_on__lte=as_of,
                                disbursed_on__gt=as_of - timedelta(days=CATCH_UP_DAYS)).order_by("pk")
    done: dict[str, int] = {}
    for loan in loans.iterator(chunk_size=500):
        vehicle = Vehicle.objects.filter(loan_id=loan.pk).first()
        if vehicle is None:
            continue
        mortgaged = collateral_kind(_product_kind(loan)) == "mortgage"
        if vehicle.valuations.exists() and (not mortgaged or MortgageRegistration.objects.filter(
                vehicle=vehicle, loan_id=loan.pk).exists()):
            continue
        result = collateral_after_disbursement(loan, as_of, actor=actor)
        done[result] = done.get(result, 0) + 1
    return done


def _product_kind(loan: Any) -> str:
    contract = Contract.objects.select_related("application__product_version__product") \
        .filter(loan_number=loan.number).first()
    if contract is None or contract.application.product_version is None:
        return ""
    return str(contract.application.product_version.product.kind)
