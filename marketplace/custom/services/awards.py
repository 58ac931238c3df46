"""Award: the buyer takes one quote at a quantity; one order with the bearing line and the tooling line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.designations.model import format_mm
from marketplace.core.exceptions import InvalidInput, NotAllowed
from marketplace.custom.choices import CustomQuoteStatus, CustomRequestStatus
from marketplace.custom.errors import AlreadyAwarded, QuoteExpired
from marketplace.custom.models import CustomAward, CustomQuote, CustomRequest
from marketplace.custom.services.requests import custom_request_status_set, custom_request_transition_check, locked
from marketplace.organizations.models import User
from orders.models import Order
from orders.notifications.services import outbox_publish
from orders.services import OrderLineSpec, order_create

DESIGNATION_MAX = 120
DESCRIPTION_MAX = 300


def bearing_designation(request: CustomRequest) -> str:
    """`110×180×38`: the custom bearing's bore, outside diameter and width in millimetres."""
    return "×".join(format_mm(v) or "" for v in (request.bore_mm, request.outer_diameter_mm, request.width_mm))


def bearing_description(request: CustomRequest) -> str:
    """What the order line is: the request's title, type, dimensions and what it asked for."""
    parts = [request.title, request.get_bearing_type_display(), bearing_designation(request)]
    parts += [value for value in (request.precision, request.material) if value]
    return (_("Custom bearing (request #%(id)d): ") % {"id": request.pk} + ", ".join(str(p) for p in parts))[
        :DESCRIPTION_MAX
    ]


def _lines(request: CustomRequest, quote: CustomQuote, quantity: int) -> list[OrderLineSpec]:
    designation = bearing_designation(request)[:DESIGNATION_MAX]
    lines = [
        OrderLineSpec(
            listing_id=None,
            quantity=quantity,
            unit_price=quote.unit_price,
            designation=designation,
            description=bearing_description(request),
        )
    ]
    if quote.tooling_cost > Decimal(0):
        lines.append(
            OrderLineSpec(
                listing_id=None,
                quantity=1,
                unit_price=quote.tooling_cost,
                designation=_("Tooling")[:DESIGNATION_MAX],
                description=(
                    _("Tooling for %(designation)s (custom request #%(id)d)")
                    % {
                        "designation": designation,
                        "id": request.pk,
                    }
                )[:DESCRIPTION_MAX],
            )
        )
    return lines


@transaction.atomic(durable=True)
def custom_request_award(*, request: CustomRequest, actor: User, quote_id: int, quantity: int) -> Order:
    """Award an open or closed request to one quote: one order, the quote awarded, the others lost, all told."""
    if actor.organization_id != request.buyer_id:
        raise NotAllowed(_("Only the buyer who opened the request may award it."))
    request = locked(request)
    if request.status == CustomRequestStatus.AWARDED:
        raise AlreadyAwarded()
    custom_request_transition_check(request, CustomRequestStatus.AWARDED)
    quote = CustomQuote.objects.select_related("supplier").filter(request=request, pk=quote_id).first()
    if quote is None:
        raise InvalidInput(_("No such quote on this request."), errors={"quote": [_("No such quote on this request.")]})
    if quantity < quote.moq:
        message = _("The quote's minimum order quantity is %(moq)d.") % {"moq": quote.moq}
        raise InvalidInput(message, errors={"quantity": [message]})
    if quote.valid_until < timezone.localdate():
        raise QuoteExpired(errors={"quote": [_("The quote has expired.")]})
    order = order_create(
        buyer=request.buyer,
        actor=actor,
        lines=_lines(request, quote, quantity),
        delivery_city=request.delivery_city,
        supplier=quote.supplier,
        custom_request_id=request.pk,
    )
    CustomAward.objects.create(request=request, quote=quote, quantity=quantity, order=order)
    CustomQuote.objects.filter(pk=quote.pk).update(status=CustomQuoteStatus.AWARDED)
    CustomQuote.objects.filter(request=request).exclude(pk=quote.pk).update(status=CustomQuoteStatus.LOST)
    custom_request_status_set(
        request=request, to_status=CustomRequestStatus.AWARDED, actor=actor, note=f"quote {quote.pk} × {quantity}"
    )
    _announce(request, quote, order)
    return order


def _announce(request: CustomRequest, won: CustomQuote, order: Order) -> None:
    for supplier_id in sorted(set(CustomQuote.objects.filter(request=request).values_list("supplier_id", flat=True))):
        data: dict[str, Any] = {"id": request.pk, "status": request.status, "won": supplier_id == won.supplier_id}
        if supplier_id == won.supplier_id:
            data |= {"order": order.pk, "order_number": order.number}
        outbox_publish(event_type="custom_request.awarded", data=data, organization_ids=[supplier_id])
