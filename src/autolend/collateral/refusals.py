"""How a refused collateral step is told to a person: a sentence in the page's language.

A ``CollateralError`` (or a ``ServicingError`` from the servicing service a step called) names the
field it is about; the well-known fields get a translated sentence, followed by the service's own
words in brackets (they carry the figures: the days past due, the fees due, the state). Nothing
was written when a step is refused.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

_P = "collateral"
_REQUIRED = pgettext_lazy(_P, "This field is required or too long: %(field)s.")
FIELD_LABELS = {
    "location": pgettext_lazy(_P, "Storage location"), "storage_location": pgettext_lazy(_P, "Storage location"),
    "agent_name": pgettext_lazy(_P, "Agent"), "buyer_name": pgettext_lazy(_P, "Buyer"),
    "reason": pgettext_lazy(_P, "Reason"), "resolution": pgettext_lazy(_P, "What was found"),
    "certificate_number": pgettext_lazy(_P, "Certificate"), "account": pgettext_lazy(_P, "Refund account"),
    "refund_account": pgettext_lazy(_P, "Refund account"), "sale_reference": pgettext_lazy(_P, "Sale reference"),
    "note": pgettext_lazy(_P, "Note"),
}
MESSAGES = {
    "status": pgettext_lazy(_P, "This step is not allowed in the current state."),
    "loan": pgettext_lazy(_P, "The loan's status does not allow this step."),
    "vehicle": pgettext_lazy(_P, "The car does not allow this step (no loan, or one already open)."),
    "amount": pgettext_lazy(_P, "Enter an amount in yuan greater than zero, with at most two decimals."),
    "sale_price": pgettext_lazy(_P, "Enter an amount in yuan greater than zero, with at most two decimals."),
    "reserve_price": pgettext_lazy(_P, "Enter a reserve price in yuan (the car may have no valuation)."),
    "daily_fee": pgettext_lazy(_P, "Enter a daily fee in yuan, with at most two decimals."),
    "photos": pgettext_lazy(_P, "The intake inspection needs at least one photo (JPEG, PNG, WebP, HEIC or PDF, up to 20 MB)."),
    "condition": pgettext_lazy(_P, "Choose a condition grade."),
    "mileage_km": pgettext_lazy(_P, "Enter the odometer reading in km (zero or more)."),
    "items": pgettext_lazy(_P, "The items taken in must include the car."),
    "item": pgettext_lazy(_P, "That item is not where this hand-over says it is."),
    "direction": pgettext_lazy(_P, "Choose received or handed over."),
    "storage_fee": pgettext_lazy(_P, "Storage fees are due: collect or waive them first."),
    "registered_on": pgettext_lazy(_P, "The date must not be after the business date nor before the filing."),
    "released_on": pgettext_lazy(_P, "The date must not be after the business date."),
    "office": pgettext_lazy(_P, "The registration office refused the filing."),
    "costs": pgettext_lazy(_P, "The costs exceed the sale price."),
    "channel": pgettext_lazy(_P, "Choose a listing channel."),
    "kind": pgettext_lazy(_P, "Choose a kind of cost."),
    "deficiency": pgettext_lazy(_P, "Choose to keep the deficiency or to write it off."),
    "order": pgettext_lazy(_P, "This repossession order does not allow this step."),
    "listing": pgettext_lazy(_P, "There is no such listing."),
    "alert": pgettext_lazy(_P, "There is no such alert."),
    "checker": pgettext_lazy(_P, "The maker of a request cannot approve it: another person must approve it (maker-checker)."),
    "business_date": pgettext_lazy(_P, "The business date is before the loan's last posting."),
}


def refusal_message(exc: ValueError) -> str:
    """The sentence for a refused step (``exc`` carries ``field`` and ``message``)."""
    field = str(getattr(exc, "field", ""))
    detail = str(getattr(exc, "message", None) or exc)
    if field in FIELD_LABELS:
        return f"{_REQUIRED % {'field': FIELD_LABELS[field]}} ({detail})"
    known = MESSAGES.get(field)
    return f"{known} ({detail})" if known else detail
