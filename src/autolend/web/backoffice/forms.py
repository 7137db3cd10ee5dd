"""Back-office forms and the translated labels of servicing codes shown in the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

CHANNELS = [
    ("manual", pgettext_lazy("servicing", "Manual")),
    ("bank_transfer", pgettext_lazy("servicing", "Bank transfer")),
    ("auto_debit", pgettext_lazy("servicing", "Auto-debit")),
    ("cash", pgettext_lazy("servicing", "Cash")),
]

ROW_STATUS = {  # selectors.row_status codes
    "paid": pgettext_lazy("servicing", "Paid"),
    "partial": pgettext_lazy("servicing", "Partly paid"),
    "future": pgettext_lazy("servicing", "Not yet due"),
    "due": pgettext_lazy("servicing", "Due today"),
    "overdue": pgettext_lazy("servicing", "Overdue"),
    "written_off": pgettext_lazy("servicing", "Written off"),
}

LABELS: dict[str, dict[str, Any]] = {  # the servicing codes a page shows, by kind of code
    "loan_status": {
        "pending_disbursement": pgettext_lazy("servicing", "Pending disbursement"),
        "active": pgettext_lazy("servicing", "Active"),
        "paid_off": pgettext_lazy("servicing", "Paid off"),
        "written_off": pgettext_lazy("servicing", "Written off"),
        "closed_repossessed": pgettext_lazy("servicing", "Closed by repossession"),
        "cancelled": pgettext_lazy("servicing", "Cancelled"),
    },
    "classification": {  # 五级分类
        "normal": pgettext_lazy("servicing", "Normal"),
        "special_mention": pgettext_lazy("servicing", "Special mention"),
        "substandard": pgettext_lazy("servicing", "Substandard"),
        "doubtful": pgettext_lazy("servicing", "Doubtful"),
        "loss": pgettext_lazy("servicing", "Loss"),
    },
    "transaction": {
        "disbursement": pgettext_lazy("servicing", "Disbursement"),
        "repayment": pgettext_lazy("servicing", "Repayment"),
        "prepayment": pgettext_lazy("servicing", "Prepayment"),
        "payoff": pgettext_lazy("servicing", "Payoff"),
        "reversal": pgettext_lazy("servicing", "Reversal"),
        "refund": pgettext_lazy("servicing", "Refund of overpayment"),
        "write_off": pgettext_lazy("servicing", "Write-off"),
        "recovery": pgettext_lazy("servicing", "Recovery after write-off"),
        "restructure": pgettext_lazy("servicing", "Restructure"),
        "fee": pgettext_lazy("servicing", "Fee charged"),
        "payout": pgettext_lazy("servicing", "Payout to the payee"),
        "penalty": pgettext_lazy("servicing", "Penalty charged"),
        "credit_applied": pgettext_lazy("servicing", "Credit balance applied"),
    },
    "approval_kind": {
        "disbursement": pgettext_lazy("servicing", "Disbursement"),
        "write_off": pgettext_lazy("servicing", "Write-off"),
        "restructure": pgettext_lazy("servicing", "Restructure"),
    },
    "approval_status": {
        "pending": pgettext_lazy("servicing", "Pending"),
        "approved": pgettext_lazy("servicing", "Approved"),
        "rejected": pgettext_lazy("servicing", "Rejected"),
    },
    "channel": dict(CHANNELS) | {"gateway": pgettext_lazy("servicing", "Payment gateway"),
                                 "credit": pgettext_lazy("servicing", "Credit balance")},
    "due": ROW_STATUS,
}


def label(kind: str, code: str) -> Any:
    """The code's label in the active language (the code itself when unknown)."""
    return LABELS.get(kind, {}).get(code, code)


class LoanFilterForm(forms.Form):
    """The loans list's filters (GET)."""

    status = forms.ChoiceField(label=pgettext_lazy("servicing", "Status"), required=False)
    bucket = forms.ChoiceField(label=pgettext_lazy("servicing", "Days past due"), required=False)
    q = forms.CharField(label=pgettext_lazy("servicing", "Search"), required=False, max_length=100)

    def __init__(self, *args: Any, buckets: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = LABELS["loan_status"].items()
        self.fields["status"].choices = [("", pgettext_lazy("servicing", "All statuses")), *statuses]
        self.fields["bucket"].choices = [("", pgettext_lazy("servicing", "All buckets")), *((b, b) for b in buckets)]


class PaymentForm(forms.Form):
    """A repayment posted by operations; ``key`` makes a double submission post once."""

    amount = forms.DecimalField(label=pgettext_lazy("servicing", "Amount (yuan)"), min_value=Decimal("0.01"),
                                max_digits=14, decimal_places=2)
    date = forms.DateField(label=pgettext_lazy("servicing", "Business date"))
    channel = forms.ChoiceField(label=pgettext_lazy("servicing", "Channel"), choices=CHANNELS)
    key = forms.CharField(widget=forms.HiddenInput, max_length=160)


class QuoteForm(forms.Form):
    """The payoff quote's dates (GET)."""

    as_of = forms.DateField(label=pgettext_lazy("servicing", "Quote date"), required=False)
    valid_until = forms.DateField(label=pgettext_lazy("servicing", "Valid until"), required=False)


class DecisionForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("servicing", "Reason"), required=False, max_length=200)


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=pgettext_lazy("servicing", "As of"), required=False)
