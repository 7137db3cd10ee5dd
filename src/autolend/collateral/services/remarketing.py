"""Remarketing (处置): listing a recovered car (auction, dealer, online), withdrawing, selling.

A recovered car is listed with a reserve price (default: the low end of its latest valuation);
one listing is live at a time. A sale below the reserve is allowed but recorded as such (an
auction may clear lower). On sale the order becomes ``sold``; a pledged car's items go to the
buyer and the pledge is disposed. The proceeds are applied by ``services.proceeds``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from autolend.collateral.errors import CollateralError
from autolend.collateral.models import (
    CustodyDirection,
    ListingChannel,
    ListingStatus,
    Pledge,
    PledgeStatus,
    RemarketingListing,
    RepossessionOrder,
    RepossessionStatus,
    Valuation,
)
from autolend.collateral.services._common import (
    amount_of,
    audit,
    date_of,
    fields,
    lock,
    now,
    text_of,
)
from autolend.collateral.services.pledge import _log, held_items

S = RepossessionStatus
LISTING_AUDIT = ("status", "channel", "reserve_price", "listed_on", "sale_price", "buyer_name", "sold_on",
                 "sale_reference", "withdrawn_on")


def listing_create(order: RepossessionOrder | int, channel: str, as_of: date, reserve_price: Decimal | str | None = None,
                   actor: Any = None) -> RemarketingListing:
    """List a recovered car for sale."""
    day = date_of(as_of)
    if channel not in ListingChannel.values:
        raise CollateralError("channel", f"must be one of {', '.join(ListingChannel.values)}")
    with transaction.atomic():
        row = lock(RepossessionOrder, order, "order")
        if row.status != S.RECOVERED:
            raise CollateralError("status", f"cannot list: repossession {row.pk} is {row.status}")
        if reserve_price is None:
            latest = Valuation.objects.filter(vehicle_id=row.vehicle_id).order_by("-as_of", "-pk").first()
            if latest is None:
                raise CollateralError("reserve_price", "is required: the car has no valuation")
            reserve = latest.low
        else:
            reserve = amount_of(reserve_price, "reserve_price")
        listing = RemarketingListing(order=row, channel=channel, reserve_price=reserve, listed_on=day, created_at=now())
        try:
            with transaction.atomic():
                listing.save()
        except IntegrityError:
            raise CollateralError("order", f"repossession {row.pk} already has a live listing") from None
        row.status = S.LISTED
        row.save(update_fields=["status"])
        audit("listing_create", listing, actor=actor, before=None, after={**fields(listing, *LISTING_AUDIT),
              "order": row.pk}, on=day)
        return listing


def listing_withdraw(listing: RemarketingListing | int, as_of: date, actor: Any = None) -> RemarketingListing:
    """Take a live listing down (unsold); the car can be listed again."""
    day = date_of(as_of)
    with transaction.atomic():
        row = lock(RemarketingListing, listing, "listing")
        order = lock(RepossessionOrder, row.order_id, "order")
        if row.status != ListingStatus.LISTED:
            raise CollateralError("status", f"cannot withdraw: listing {row.pk} is {row.status}")
        before = fields(row, *LISTING_AUDIT)
        row.status, row.withdrawn_on = ListingStatus.WITHDRAWN, day
        row.save(update_fields=["status", "withdrawn_on"])
        order.status = S.RECOVERED
        order.save(update_fields=["status"])
        audit("listing_withdraw", row, actor=actor, before=before, after=fields(row, *LISTING_AUDIT), on=day)
        return row


def listing_sell(listing: RemarketingListing | int, sale_price: Decimal | str, buyer_name: str, as_of: date,
                 sale_reference: str = "", actor: Any = None) -> RemarketingListing:
    """Record the sale of a listed car (price in yuan, the buyer, the auction's reference)."""
    day = date_of(as_of)
    price = amount_of(sale_price, "sale_price")
    buyer = text_of(buyer_name, "buyer_name", 120)
    # Lock order: the order row first, as every other repossession step does.
    order_id = RemarketingListing.objects.filter(pk=getattr(listing, "pk", listing)).values_list("order_id", flat=True).first()
    if order_id is None:
        raise CollateralError("listing", f"no listing {getattr(listing, 'pk', listing)}")
    with transaction.atomic():
        order = lock(RepossessionOrder, order_id, "order")
        row = lock(RemarketingListing, listing, "listing")
        if row.status != ListingStatus.LISTED or order.status != S.LISTED:
            raise CollateralError("status", f"cannot sell: listing {row.pk} is {row.status}")
        before = fields(row, *LISTING_AUDIT)
        row.status, row.sale_price, row.buyer_name, row.sold_on = ListingStatus.SOLD, price, buyer, day
        row.sale_reference = text_of(sale_reference, "sale_reference", 80, required=False)
        row.save(update_fields=["status", "sale_price", "buyer_name", "sold_on", "sale_reference"])
        order.status = S.SOLD
        order.save(update_fields=["status"])
        if order.pledge_id is not None:
            pledge = lock(Pledge, order.pledge_id, "pledge")
            for item in sorted(held_items(pledge.vehicle_id)):
                _log(pledge, item, CustodyDirection.OUT, day, actor, buyer, "sold on disposal")
            pledge.status, pledge.disposed_on = PledgeStatus.DISPOSED, day
            pledge.save(update_fields=["status", "disposed_on"])
        audit("listing_sell", row, actor=actor, before=before, after={
            **fields(row, *LISTING_AUDIT), "order": order.pk, "below_reserve": price < row.reserve_price}, on=day)
        return row
