"""The borrower pays from the portal (还款 / 提前还款 / 提前结清) through the payment gateway.

The gateway collects from the borrower's bank card under the auto-debit mandate (``collect``,
idempotent by key); the money then enters servicing as the gateway reports it: a repayment as a
``payment.succeeded`` event (``repayment_from_gateway``, the webhook's path), a prepayment or a
payoff by their own services. The form's key is the idempotency key end to end, so a double
click or a resubmitted form never collects or posts twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from autolend.integrations.payments import SimulatedGateway, payment_gateway
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanTransaction
from autolend.servicing.selectors import payoff_quote_for
from autolend.servicing.services import payoff_post, prepayment_post, repayment_from_gateway
from autolend.servicing.services._common import amount_of

CHANNEL = "auto_debit"


def _collect(loan: Loan, account: str, amount: Decimal, key: str) -> str:
    if not account:
        raise ServicingError("account", "there is no bank card to collect from")
    result = payment_gateway().collect(account, amount, loan.number, key)
    if not result.ok:
        raise ServicingError("account", f"the bank refused the payment: {result.message}")
    return result.reference


def portal_repayment(loan: Loan, amount: Any, key: str, day: date, account: str) -> LoanTransaction:
    """Collect ``amount`` yuan and post it as a repayment on the business date ``day``."""
    value = amount_of(amount)
    _collect(loan, account, value, key)
    event = SimulatedGateway.event(key, loan.number, value, day, channel=CHANNEL, payer_account=account)
    return repayment_from_gateway(event, day)


def portal_prepayment(loan: Loan, amount: Any, key: str, day: date, account: str, actor: Any) -> LoanTransaction:
    """Collect ``amount`` yuan and prepay with it (the loan's prepayment mode)."""
    value = amount_of(amount)
    reference = _collect(loan, account, value, key)
    return prepayment_post(loan.number, value, day, key, channel=CHANNEL, external_ref=reference, actor=actor)


def portal_payoff(loan: Loan, key: str, day: date, account: str, actor: Any) -> LoanTransaction:
    """Collect today's payoff quote and settle the loan."""
    total = payoff_quote_for(loan, day, day).total
    reference = _collect(loan, account, total, key)
    return payoff_post(loan.number, total, day, key, valid_until=day, channel=CHANNEL, external_ref=reference,
                       actor=actor)
