"""The payment gateway / bank port: payouts (disbursement, refunds) and collections (auto-debit).

``PaymentGateway`` is the port. ``SimulatedGateway`` is deterministic: the same idempotency key
always returns the same result (as a real gateway does, so a retried request never pays twice);
an account number ending in ``fail_suffix`` ("0000" by default) is refused; references derive
from the key. ``payment_gateway()`` returns the adapter named by the setting
``AUTOLEND_PAYMENT_GATEWAY``: "simulated" (the default) or a dotted path to a class.

Inbound money (bank transfers, auto-debit results) arrives as webhook events, shaped as
``SimulatedGateway.event`` builds them and read by ``servicing.services.repayment_from_gateway``.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PayoutResult:
    """The gateway's answer. ``ok`` False: nothing was paid; ``message`` says why."""

    ok: bool
    reference: str  # the gateway's id of the transfer ("" when refused)
    message: str = ""


class PaymentGateway(Protocol):
    def payout(self, account: str, amount: Decimal, reference: str, idempotency_key: str) -> PayoutResult:
        """Send ``amount`` yuan to ``account``; ``reference`` appears on the statement."""
        ...

    def collect(self, account: str, amount: Decimal, reference: str, idempotency_key: str) -> PayoutResult:
        """Debit ``amount`` yuan from ``account`` under the borrower's auto-debit mandate."""
        ...


class SimulatedGateway:
    """Deterministic in-process gateway. Results are remembered per idempotency key (process-wide)."""

    _results: dict[str, tuple[tuple[str, str, str, str], PayoutResult]] = {}
    _lock = threading.Lock()

    def __init__(self, fail_suffix: str = "0000") -> None:
        self.fail_suffix = fail_suffix

    @classmethod
    def reset(cls) -> None:
        """Forget every remembered result (tests that recreate the database)."""
        with cls._lock:
            cls._results.clear()

    def payout(self, account: str, amount: Decimal, reference: str, idempotency_key: str) -> PayoutResult:
        return self._answer("payout", account, amount, reference, idempotency_key)

    def collect(self, account: str, amount: Decimal, reference: str, idempotency_key: str) -> PayoutResult:
        return self._answer("collect", account, amount, reference, idempotency_key)

    def _answer(self, kind: str, account: str, amount: Decimal, reference: str, key: str) -> PayoutResult:
        request = (kind, account, str(amount), reference)
        with self._lock:
            known = self._results.get(key)
            if known is not None:
                if known[0] != request:
                    return PayoutResult(False, "", f"idempotency key {key!r} was used for another request")
                return known[1]
            if not account or account.endswith(self.fail_suffix):
                result = PayoutResult(False, "", f"account {account or '(none)'} refused the transfer (simulated)")
            elif amount <= 0:
                result = PayoutResult(False, "", "amount must be positive")
            else:
                digest = hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:16].upper()
                result = PayoutResult(True, f"SIM-{digest}")
            self._results[key] = (request, result)
            return result

    @staticmethod
    def event(
        event_id: str,
        loan_number: str,
        amount: Decimal | str,
        value_date: date,
        *,
        kind: str = "payment.succeeded",
        channel: str = "bank_transfer",
        payer_account: str = "",
        original_event_id: str = "",
    ) -> dict[str, Any]:
        """A webhook notification as the simulator sends it. ``kind`` "payment.succeeded" (money in)
        or "payment.returned" (an earlier payment bounced: ``original_event_id`` names it)."""
        return {
            "id": event_id, "type": kind, "reference": loan_number, "amount": str(amount),
            "value_date": value_date.isoformat(), "channel": channel, "payer_account": payer_account,
            "original_event_id": original_event_id,
        }


def payment_gateway() -> PaymentGateway:
    """The configured adapter (setting ``AUTOLEND_PAYMENT_GATEWAY``, default the simulator)."""
    name = getattr(settings, "AUTOLEND_PAYMENT_GATEWAY", "") or "simulated"
    if name == "simulated":
        return SimulatedGateway()
    gateway: PaymentGateway = import_string(name)()
    return gateway
