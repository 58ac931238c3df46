"""Custom quotes: an invited supplier submits (or revises, keeping history) before the deadline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import InvalidInput, NotAllowed
from marketplace.core.money import quantize_money
from marketplace.custom.choices import CustomQuoteStatus, CustomRequestStatus
from marketplace.custom.errors import CustomRequestClosed
from marketplace.custom.models import CustomQuote, CustomQuoteRevision, CustomRequest, CustomRequestInvitation
from marketplace.custom.services.requests import locked
from marketplace.organizations.models import User
from orders.notifications.services import outbox_publish

QUOTE_FIELDS = ("sample_quantity", "sample_lead_days", "production_lead_days", "moq", "valid_until")


@transaction.atomic(durable=True)
def custom_quote_submit(*, request: CustomRequest, actor: User, data: Mapping[str, Any]) -> CustomQuote:
    """Submit this supplier's quote, or revise it (same id, revision + 1, the old one kept); the buyer is told."""
    supplier_id = actor.organization_id
    if not CustomRequestInvitation.objects.filter(request=request, supplier_id=supplier_id).exists():
        raise NotAllowed(_("Only an invited supplier may quote."))
    request = locked(request)
    if request.status != CustomRequestStatus.OPEN or request.deadline <= timezone.now():
        raise CustomRequestClosed()
    if data["valid_until"] < timezone.localdate():
        raise InvalidInput(
            _("valid_until must not be in the past."), errors={"valid_until": [_("Must be today or later.")]}
        )
    quote = CustomQuote.objects.filter(request=request, supplier_id=supplier_id).first()
    if quote is None:
        quote = CustomQuote(request=request, supplier_id=supplier_id, revision=0)
    else:
        CustomQuoteRevision.objects.create(
            quote=quote, revision=quote.revision, snapshot=quote.snapshot(), submitted_at=quote.submitted_at
        )
    quote.submitted_by = actor
    quote.status = CustomQuoteStatus.SUBMITTED
    quote.unit_price = quantize_money(data["unit_price"])
    quote.tooling_cost = quantize_money(data["tooling_cost"])
    for name in QUOTE_FIELDS:
        setattr(quote, name, data[name])
    quote.note = data.get("note") or ""
    quote.revision += 1
    quote.submitted_at = timezone.now()
    quote.save()
    outbox_publish(
        event_type="custom_quote.submitted",
        data={
            "id": request.pk,
            "custom_request": request.pk,
            "quote": quote.pk,
            "supplier": supplier_id,
            "revision": quote.revision,
        },
        organization_ids=[request.buyer_id],
    )
    return quote
