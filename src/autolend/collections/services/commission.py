"""Outside-agency commission in the ledger (委外催收佣金): accrued on each recovery, cleared on payment.

Accrual, when a placed loan's recovery is recorded (``commission_accrue``, in the recovery's
follow-up transaction): Dr collection commission expense [6421] / Cr agency commission payable
[2245] (subledger = loan number), idempotency key ``agency_commission:<transaction id>``.
Payment to the agency (``agency_commission_pay``): every accrued, unpaid commission of the agency
up to the business date in one entry — Dr agency commission payable [2245] per loan (subledger =
loan number) / Cr bank [1002] the total — under the caller's idempotency key: a repeat with the
same key answers with the first payment and posts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from autolend.collections.models import Agency, AgencyCommission
from autolend.collections.services._common import CollectionsError
from autolend.kernel.money import ZERO
from autolend.ledger.accounts import role_accounts
from autolend.ledger.chart import AccountRole as R
from autolend.ledger.models import JournalEntry
from autolend.ledger.rules import Leg, request_hash
from autolend.ledger.services import journal_post


def commission_accrue(commission: AgencyCommission, actor: Any = None) -> JournalEntry | None:
    """Post the accrual of one commission (once); call inside a transaction, the row locked."""
    if commission.accrual_entry_id is not None or commission.commission <= 0:
        return commission.accrual_entry
    loan = commission.transaction.loan
    codes = role_accounts(loan.product_code)
    key = f"agency_commission:{commission.transaction_id}"
    entry = journal_post(
        entry_date=commission.business_date, kind="agency_commission", actor=actor if getattr(actor, "pk", None) else None,
        description=f"Agency commission on recovery {commission.transaction_id} of {loan.number}",
        reference=f"loan:{loan.number}", idempotency_key=key,
        request_hash=request_hash({"transaction": commission.transaction_id, "commission": commission.commission}),
        legs=[Leg(codes[R.COLLECTION_COMMISSION_EXPENSE], debit=commission.commission),
              Leg(codes[R.AGENCY_COMMISSION_PAYABLE], credit=commission.commission, subledger=loan.number)])
    commission.accrual_entry = entry
    commission.save(update_fields=["accrual_entry"])
    return entry


@dataclass(frozen=True)
class CommissionPayment:
    agency: str
    entry: JournalEntry
    commissions: list[int]
    total: Decimal
    replayed: bool = False


def agency_commission_pay(agency: Agency | int, business_date: date, idempotency_key: str, *,
                          actor: Any = None) -> CommissionPayment:
    """Pay the agency every commission accrued and unpaid on or before ``business_date``."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 160:
        raise CollectionsError("idempotency_key", "is required (1 to 160 characters)")
    pk = agency.pk if isinstance(agency, Agency) else int(agency)
    with transaction.atomic():
        payee = Agency.objects.filter(pk=pk).first()
        if payee is None:
            raise CollectionsError("agency", f"no agency {pk}")
        # Lock the agency's unpaid commissions (by pk): two payments at once cannot both pay one.
        rows = list(AgencyCommission.objects.select_for_update(of=("self",)).select_related("transaction__loan")
                    .filter(placement__agency=payee, paid_on__isnull=True, accrual_entry__isnull=False,
                            business_date__lte=business_date).order_by("pk"))
        first = JournalEntry.objects.filter(idempotency_key=key).first()
        if first is not None:
            paid = list(AgencyCommission.objects.filter(payment_entry=first).order_by("pk"))
            if not paid or paid[0].placement.agency_id != payee.pk:
                raise CollectionsError("idempotency_key", f"{key!r} was already used for another payment")
            return CommissionPayment(payee.name, first, [c.pk for c in paid], sum((c.commission for c in paid), ZERO), True)
        if not rows:
            raise CollectionsError("agency", f"{payee.name} has no commission to pay")
        total = sum((c.commission for c in rows), ZERO)
        bank = role_accounts("")[R.BANK]
        legs = [Leg(role_accounts(c.transaction.loan.product_code)[R.AGENCY_COMMISSION_PAYABLE], debit=c.commission,
                    subledger=c.transaction.loan.number) for c in rows]
        entry = journal_post(
            entry_date=business_date, kind="agency_commission_payment", actor=actor if getattr(actor, "pk", None) else None,
            description=f"Commission paid to {payee.name}", reference=f"agency:{payee.pk}", idempotency_key=key,
            request_hash=request_hash({"agency": payee.pk, "commissions": [c.pk for c in rows]}),
            legs=[*legs, Leg(bank, credit=total)])
        AgencyCommission.objects.filter(pk__in=[c.pk for c in rows]).update(paid_on=business_date, payment_entry=entry)
        from autolend.audit.services import audit_record

        audit_record("collections.agency_commission_pay", "agency", payee.pk, actor=actor, business_date=business_date,
                     after={"entry": entry.pk, "total": str(total), "commissions": [c.pk for c in rows]})
        return CommissionPayment(payee.name, entry, [c.pk for c in rows], total)
