"""How a refused servicing operation is told to a person or a client: HTTP status and message.

A ``ServicingError(field, message)`` means nothing was written. Its field says what kind of refusal
it is: an unknown loan, request or transaction (404); the maker approving their own request (403);
a state that does not allow the operation, a request already decided, an idempotency key reused
with another request (409); otherwise bad input (422, naming the field). The well-known refusals
get a message in the active language (gettext); the others keep the service's own message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext

from autolend.servicing.errors import ServicingError


@dataclass(frozen=True)
class Refusal:
    status: int  # HTTP status
    field: str
    message: str  # for a person, in the active language where it is a known refusal


_CONFLICT_FIELDS = frozenset({"status", "credit_balance", "payout"})


def refusal(exc: ServicingError) -> Refusal:
    """The status and message for ``exc`` (see the module docstring)."""
    field, text = exc.field, exc.message
    if field == "checker":
        if "maker" in text:
            return Refusal(403, field, pgettext("servicing", "The maker of a request cannot approve it: "
                                                "another person must approve it (maker-checker)."))
        return Refusal(403, field, text)
    if field in ("loan", "request", "transaction") and text.startswith("no "):
        messages = {"loan": pgettext("servicing", "There is no such loan."),
                    "request": pgettext("servicing", "There is no such approval request."),
                    "transaction": pgettext("servicing", "This loan has no such transaction.")}
        return Refusal(404, field, messages[field])
    if field == "request" and "already" in text:
        return Refusal(409, field, pgettext("servicing", "This request was already decided."))
    if field == "idempotency_key" and "already used" in text:
        return Refusal(409, field, pgettext(
            "servicing", "This idempotency key was already used with a different request."))
    if field in _CONFLICT_FIELDS or field in ("loan", "request", "transaction"):
        return Refusal(409, field, text)
    return Refusal(422, field, text)
