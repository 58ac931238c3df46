"""Award: give RFQ lines to quote lines or buy them from listings; one order per supplier, all or nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.exceptions import DomainError, InvalidInput, NotAllowed
from marketplace.organizations.models import Organization, User
from marketplace.rfqs.choices import QuoteStatus, RfqStatus
from marketplace.rfqs.matching import award_match, line_spec, listings_for_award
from marketplace.rfqs.models import Award, Quote, QuoteLine, Rfq, RfqInvitation, RfqLine
from marketplace.rfqs.services.transitions import rfq_status_set, rfq_transition_check
from orders.models import Order
from orders.notifications.services import outbox_publish_many
from orders.services import InsufficientStock, OrderLineSpec, order_create

MAX_AWARDS = 1000


class QuoteExpired(DomainError):
    code = "quote_expired"
    default_detail = gettext_lazy("The quote is no longer valid.")


class QuoteNotAwardable(DomainError):
    code = "quote_not_awardable"
    default_detail = gettext_lazy("The quote was withdrawn.")


@dataclass(frozen=True, slots=True)
class _Planned:
    index: int
    rfq_line: RfqLine
    quantity: int
    supplier_id: int
    unit_price: Decimal
    brand: str
    designation: str
    quote_line: QuoteLine | None = None
    listing_id: int | None = None


def _plan(rfq: Rfq, awards: Sequence[Mapping[str, Any]]) -> list[_Planned]:
    """Check every award against the RFQ, its quotes and the catalog; 400 names each bad one."""
    lines = {line.pk: line for line in rfq.lines.all()}
    quote_lines = {
        ql.pk: ql
        for ql in QuoteLine.objects.filter(
            quote__rfq=rfq, pk__in=[a["quote_line"] for a in awards if a.get("quote_line") is not None]
        ).select_related("quote")
    }
    listings = listings_for_award(
        listing_ids=[a["listing"] for a in awards if a.get("listing") is not None], buyer_id=rfq.buyer_id
    )
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    expired: list[int] = []
    withdrawn: list[int] = []
    per_quote_line: dict[int, int] = defaultdict(int)
    per_rfq_line: dict[int, int] = defaultdict(int)
    planned: list[_Planned] = []
    for index, award in enumerate(awards):
        field = f"awards.{index}"
        line = lines.get(award["rfq_line"])
        if line is None:
            errors[f"{field}.rfq_line"] = [_("No such line on this RFQ.")]
            continue
        quantity = award["quantity"]
        per_rfq_line[line.pk] += quantity
        if per_rfq_line[line.pk] > line.quantity:
            errors[f"{field}.quantity"] = [
                _("Awards for this line exceed its quantity of %(n)d.") % {"n": line.quantity}
            ]
            continue
        if award.get("quote_line") is not None:
            quote_line = quote_lines.get(award["quote_line"])
            if quote_line is None or quote_line.rfq_line_id != line.pk:
                errors[f"{field}.quote_line"] = [_("No such quote line for this RFQ line.")]
                continue
            per_quote_line[quote_line.pk] += quantity
            if per_quote_line[quote_line.pk] > quote_line.quantity:
                errors[f"{field}.quantity"] = [
                    _("Only %(n)d were quoted on this quote line.") % {"n": quote_line.quantity}
                ]
                continue
            if quote_line.quote.status == QuoteStatus.WITHDRAWN:
                withdrawn.append(index)
            elif quote_line.quote.valid_until < today:
                expired.append(index)
            planned.append(
                _Planned(
                    index=index,
                    rfq_line=line,
                    quantity=quantity,
                    supplier_id=quote_line.quote.supplier_id,
                    unit_price=quote_line.unit_price,
                    brand=quote_line.brand,
                    designation=quote_line.designation,
                    quote_line=quote_line,
                    # A quote line naming the supplier's listing reserves that stock, as a listing award does.
                    listing_id=quote_line.listing_id,
                )
            )
            continue
        candidate = listings.get(award["listing"])
        match = award_match(line_spec(line), candidate, quantity, today) if candidate else None
        if match is None:
            errors[f"{field}.listing"] = [_("This listing does not match the line at this quantity.")]
            continue
        planned.append(
            _Planned(
                index=index,
                rfq_line=line,
                quantity=quantity,
                supplier_id=candidate.supplier_id,
                unit_price=match.unit_price,
                brand=candidate.brand,
                designation=candidate.designation,
                listing_id=candidate.listing_id,
            )
        )
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    if withdrawn:
        raise QuoteNotAwardable(errors={f"awards.{i}.quote_line": [_("The quote was withdrawn.")] for i in withdrawn})
    if expired:
        raise QuoteExpired(errors={f"awards.{i}.quote_line": [_("The quote has expired.")] for i in expired})
    return planned


def _place_orders(rfq: Rfq, actor: User, planned: list[_Planned]) -> list[tuple[Order, list[_Planned]]]:
    by_supplier: dict[int, list[_Planned]] = defaultdict(list)
    for item in planned:
        by_supplier[item.supplier_id].append(item)
    suppliers = Organization.objects.in_bulk(list(by_supplier))
    placed = []
    for supplier_id in sorted(by_supplier):
        items = by_supplier[supplier_id]
        specs = [
            OrderLineSpec(
                listing_id=item.listing_id,
                quantity=item.quantity,
                unit_price=item.unit_price,
                brand=item.brand,
                designation=item.designation,
            )
            for item in items
        ]
        try:
            order = order_create(
                buyer=rfq.buyer,
                actor=actor,
                lines=specs,
                delivery_city=rfq.delivery_city,
                supplier=suppliers[supplier_id],
                rfq_id=rfq.pk,
            )
        except InsufficientStock as exc:
            # Name the awards, not the order lines the client never saw.
            shortages = {items[position].index: available for position, available in exc.shortages.items()}
            raise InsufficientStock(exc.detail, shortages=shortages, field="awards") from exc
        except InvalidInput as exc:
            # A quote line's listing taken off sale (or below its MOQ) since the quote: name the award.
            errors = {
                f"awards.{items[int(key.split('.')[1])].index}.{key.rsplit('.', 1)[-1]}": messages
                for key, messages in (exc.errors or {}).items()
                if key.startswith("lines.") and key.split(".")[1].isdigit()
            }
            raise InvalidInput(exc.detail, errors=errors or exc.errors) from exc
        placed.append((order, items))
    return placed


@transaction.atomic(durable=True)
def rfq_award(*, rfq: Rfq, actor: User, awards: Sequence[Mapping[str, Any]]) -> list[Order]:
    """Award an open or closed RFQ: one order per supplier, listing stock reserved, all in one transaction.

    Quotes with an awarded line become `awarded`, the other live ones `lost`; every quoting,
    invited or awarded supplier hears rfq.awarded with `won` true or false.
    """
    if actor.organization_id != rfq.buyer_id:
        raise NotAllowed(_("Only the buyer who opened the RFQ may award it."))
    rfq = Rfq.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=rfq.pk)
    rfq_transition_check(rfq, RfqStatus.AWARDED)
    if not awards:
        raise InvalidInput(_("Award at least one line."), errors={"awards": [_("This list may not be empty.")]})
    if len(awards) > MAX_AWARDS:
        raise InvalidInput(
            _("At most %(n)d awards.") % {"n": MAX_AWARDS},
            errors={"awards": [_("Ensure this list has at most %(n)d elements.") % {"n": MAX_AWARDS}]},
        )
    planned = _plan(rfq, awards)
    placed = _place_orders(rfq, actor, planned)
    Award.objects.bulk_create(
        [
            Award(
                rfq=rfq,
                rfq_line=item.rfq_line,
                quote_line=item.quote_line,
                # One source per award: a quote line's listing is reached through the quote line.
                listing_id=item.listing_id if item.quote_line is None else None,
                supplier_id=item.supplier_id,
                order=order,
                quantity=item.quantity,
                unit_price=item.unit_price,
            )
            for order, items in placed
            for item in items
        ]
    )
    won_quotes = {item.quote_line.quote_id for item in planned if item.quote_line is not None}
    Quote.objects.filter(pk__in=won_quotes).update(status=QuoteStatus.AWARDED)
    Quote.objects.filter(rfq=rfq, status=QuoteStatus.SUBMITTED).exclude(pk__in=won_quotes).update(
        status=QuoteStatus.LOST
    )
    rfq_status_set(rfq, RfqStatus.AWARDED, actor=actor)
    _announce(rfq, placed)
    return [order for order, _items in placed]


def _announce(rfq: Rfq, placed: list[tuple[Order, list[_Planned]]]) -> None:
    orders_by_supplier = {order.supplier_id: order for order, _items in placed}
    told = (
        set(RfqInvitation.objects.filter(rfq=rfq).values_list("supplier_id", flat=True))
        | set(Quote.objects.filter(rfq=rfq).values_list("supplier_id", flat=True))
        | set(orders_by_supplier)
    )
    events = []
    for supplier_id in sorted(told):
        order = orders_by_supplier.get(supplier_id)
        data: dict[str, Any] = {"id": rfq.pk, "status": rfq.status, "won": order is not None}
        if order is not None:
            data |= {"order": order.pk, "order_number": order.number}
        events.append(("rfq.awarded", data, [supplier_id]))
    outbox_publish_many(events=events)
