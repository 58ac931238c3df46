"""Sealed quotes: submit (or revise in place, keeping the history) and decline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.designations import parse
from catalog.models import Listing
from catalog.selectors import listings_owned_by
from catalog.services import fold_search_key
from marketplace.core.exceptions import InvalidInput, NotAllowed
from marketplace.core.money import quantize_money
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization, User
from marketplace.rfqs.choices import QuoteStatus, RfqStatus
from marketplace.rfqs.models import Quote, QuoteLine, QuoteRevision, Rfq, RfqDecline
from marketplace.rfqs.services.lines import brand_code
from marketplace.rfqs.services.rfqs import RfqClosed
from orders.notifications.services import outbox_publish

MAX_QUOTE_LINES = 1000


def _require_verified_supplier(supplier: Organization) -> None:
    if supplier.kind != OrganizationKind.SUPPLIER or supplier.status != OrganizationStatus.VERIFIED:
        raise NotAllowed(_("Only verified supplier organisations may quote."))


def _lock_open(rfq: Rfq) -> Rfq:
    """The RFQ row locked, so quotes, awards and cancellation of one RFQ queue behind each other."""
    rfq = Rfq.objects.select_for_update(of=("self",)).get(pk=rfq.pk)
    if rfq.status != RfqStatus.OPEN or rfq.deadline <= timezone.now():
        raise RfqClosed()
    return rfq


def quote_snapshot(quote: Quote) -> dict[str, Any]:
    """The whole of one submission, as kept in the quote's history."""
    return {
        "revision": quote.revision,
        "status": quote.status,
        "valid_until": quote.valid_until.isoformat(),
        "note": quote.note,
        "submitted_at": quote.submitted_at.isoformat(),
        "lines": [
            {
                "id": line.pk,
                "rfq_line": line.rfq_line_id,
                "brand": line.brand,
                "designation": line.designation,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "lead_time_days": line.lead_time_days,
                "listing": line.listing_id,
            }
            for line in quote.lines.all()
        ],
    }


def _same_bearing(listing: Listing, brand: str, designation: str) -> bool:
    """The listing is the bearing the quote line names: same maker, same canonical designation."""
    if listing.brand.code != brand:
        return False
    parsed = parse(designation, brand=brand or None)
    if parsed.recognized and listing.recognized:
        return parsed.canonical == listing.canonical
    return fold_search_key(designation) == listing.search_key


def _quote_lines(quote: Quote, rfq: Rfq, lines: list[Mapping[str, Any]]) -> list[QuoteLine]:
    rfq_line_ids = set(rfq.lines.values_list("pk", flat=True))
    listing_ids = {line["listing"] for line in lines if line.get("listing") is not None}
    # Another supplier's listing reads as missing, like any object of another organisation.
    own = listings_owned_by(quote.supplier).in_bulk(listing_ids) if listing_ids else {}
    errors: dict[str, list[str]] = {}
    built = []
    if not lines:
        errors["lines"] = [_("A quote needs at least one line.")]
    if len(lines) > MAX_QUOTE_LINES:
        errors["lines"] = [_("A quote has at most %(n)d lines.") % {"n": MAX_QUOTE_LINES}]
    for index, line in enumerate(lines):
        if line["rfq_line"] not in rfq_line_ids:
            errors[f"lines.{index}.rfq_line"] = [_("No such line on this RFQ.")]
            continue
        listing = own.get(line["listing"]) if line.get("listing") is not None else None
        if line.get("listing") is not None and listing is None:
            errors[f"lines.{index}.listing"] = [_("No such listing of yours.")]
            continue
        if listing is not None and not _same_bearing(listing, brand_code(line["brand"]), line["designation"].strip()):
            errors[f"lines.{index}.listing"] = [_("This listing is not the bearing this line offers.")]
            continue
        built.append(
            QuoteLine(
                quote=quote,
                rfq_line_id=line["rfq_line"],
                brand=brand_code(line["brand"]),
                designation=line["designation"].strip(),
                quantity=line["quantity"],
                unit_price=quantize_money(line["unit_price"]),
                lead_time_days=line.get("lead_time_days") or 0,
                listing_id=listing.pk if listing is not None else None,
            )
        )
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    return built


@transaction.atomic(durable=True)
def quote_submit(*, rfq: Rfq, supplier: Organization, actor: User | None, data: Mapping[str, Any]) -> Quote:
    """Submit a sealed quote, or revise this supplier's quote (same id, revision + 1, old one kept)."""
    _require_verified_supplier(supplier)
    rfq = _lock_open(rfq)
    valid_until = data["valid_until"]
    if valid_until < timezone.localdate():
        raise InvalidInput(
            _("valid_until must not be in the past."), errors={"valid_until": [_("Must be today or later.")]}
        )
    now = timezone.now()
    quote = Quote.objects.filter(rfq=rfq, supplier=supplier).prefetch_related("lines").first()
    if quote is None:
        quote = Quote(rfq=rfq, supplier=supplier, revision=0)
    else:
        QuoteRevision.objects.create(
            quote=quote, revision=quote.revision, snapshot=quote_snapshot(quote), submitted_at=quote.submitted_at
        )
    lines = _quote_lines(quote, rfq, list(data.get("lines") or []))
    quote.submitted_by = actor
    quote.status = QuoteStatus.SUBMITTED
    quote.valid_until = valid_until
    quote.note = data.get("note") or ""
    quote.revision += 1
    quote.submitted_at = now
    quote.save()
    quote.lines.all().delete()
    for line in lines:
        line.quote = quote
    quote._prefetched_objects_cache = {"lines": QuoteLine.objects.bulk_create(lines)}
    RfqDecline.objects.filter(rfq=rfq, supplier=supplier).delete()
    outbox_publish(
        event_type="quote.submitted",
        data={"id": rfq.pk, "rfq": rfq.pk, "quote": quote.pk, "supplier": supplier.pk, "revision": quote.revision},
        organization_ids=[rfq.buyer_id],
    )
    return quote


@transaction.atomic(durable=True)
def rfq_decline(*, rfq: Rfq, supplier: Organization, reason: str = "") -> RfqDecline:
    """Record that a supplier will not quote; a quote it had submitted is withdrawn."""
    _require_verified_supplier(supplier)
    rfq = _lock_open(rfq)
    decline, _created = RfqDecline.objects.update_or_create(
        rfq=rfq, supplier=supplier, defaults={"reason": reason[:500]}
    )
    withdrawn = Quote.objects.filter(rfq=rfq, supplier=supplier, status=QuoteStatus.SUBMITTED).update(
        status=QuoteStatus.WITHDRAWN
    )
    if withdrawn:
        outbox_publish(
            event_type="quote.withdrawn",
            data={"id": rfq.pk, "rfq": rfq.pk, "supplier": supplier.pk},
            organization_ids=[rfq.buyer_id],
        )
    return decline
