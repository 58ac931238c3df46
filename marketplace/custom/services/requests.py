"""Custom request use cases: create (inviting the capable makers), the status function, cancel, close."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import IllegalTransition, InvalidInput, NotAllowed
from marketplace.custom.choices import CUSTOM_REQUEST_TRANSITIONS, CustomRequestStatus
from marketplace.custom.models import CustomQuote, CustomRequest, CustomRequestEvent, CustomRequestInvitation
from marketplace.custom.selectors import capable_suppliers, spec_of
from marketplace.organizations.choices import OrganizationKind, OrganizationStatus
from marketplace.organizations.models import Organization, User
from orders.notifications.services import outbox_publish

SYSTEM = "system"
_STATUS_TIMESTAMPS = {
    CustomRequestStatus.AWARDED: "awarded_at",
    CustomRequestStatus.CLOSED: "closed_at",
    CustomRequestStatus.CANCELLED: "cancelled_at",
}


def custom_request_transition_check(request: CustomRequest, to_status: str) -> None:
    """409 unless CUSTOM_REQUEST_TRANSITIONS allows this change."""
    if to_status not in CUSTOM_REQUEST_TRANSITIONS.get(request.status, set()):
        raise IllegalTransition(
            _("A custom request that is %(status)s cannot become %(to)s.") % {"status": request.status, "to": to_status}
        )


def custom_request_event_record(
    *, request: CustomRequest, from_status: str, actor: User | None, note: str = ""
) -> CustomRequestEvent:
    return CustomRequestEvent.objects.create(
        request=request,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None else SYSTEM,
        from_status=from_status,
        to_status=request.status,
        note=note[:500],
    )


def custom_request_status_set(*, request: CustomRequest, to_status: str, actor: User | None, note: str = "") -> None:
    """The one place a request's status changes: checked against the table, stamped, audited."""
    custom_request_transition_check(request, to_status)
    from_status = request.status
    stamp = _STATUS_TIMESTAMPS[to_status]
    request.status = to_status
    setattr(request, stamp, timezone.now())
    request.save(update_fields=["status", stamp])
    custom_request_event_record(request=request, from_status=from_status, actor=actor, note=note)


def custom_request_invite(*, request: CustomRequest) -> list[CustomRequestInvitation]:
    """Invite every capable verified supplier and tell each (custom_request.matched)."""
    supplier_ids = list(
        capable_suppliers(spec=spec_of(request), exclude_ids=[request.buyer_id]).values_list("pk", flat=True)
    )
    invitations = CustomRequestInvitation.objects.bulk_create(
        [CustomRequestInvitation(request=request, supplier_id=sid) for sid in sorted(supplier_ids)]
    )
    if invitations:
        outbox_publish(
            event_type="custom_request.matched",
            data={
                "id": request.pk,
                "title": request.title,
                "bearing_type": request.bearing_type,
                "deadline": request.deadline.isoformat(),
            },
            organization_ids=[invitation.supplier_id for invitation in invitations],
        )
    return invitations


@transaction.atomic(durable=True)
def custom_request_create(*, buyer: Organization, actor: User | None, data: Mapping[str, Any]) -> CustomRequest:
    """Open a custom request for a verified buyer; the capable makers are invited in the same transaction."""
    if buyer.kind != OrganizationKind.BUYER or buyer.status != OrganizationStatus.VERIFIED:
        raise NotAllowed(_("Only verified buyer organisations may open custom requests."))
    if data["deadline"] <= timezone.now():
        raise InvalidInput(_("The deadline must be in the future."), errors={"deadline": [_("Must be in the future.")]})
    if data["outer_diameter_mm"] <= data["bore_mm"]:
        raise InvalidInput(
            _("The outside diameter must be larger than the bore."),
            errors={"outer_diameter_mm": [_("Must be larger than bore_mm.")]},
        )
    request = CustomRequest.objects.create(
        buyer=buyer,
        created_by=actor,
        title=data["title"],
        bearing_type=data["bearing_type"],
        bore_mm=data["bore_mm"],
        outer_diameter_mm=data["outer_diameter_mm"],
        width_mm=data["width_mm"],
        precision=data.get("precision") or "",
        material=data.get("material") or "",
        processes=list(dict.fromkeys(data.get("processes") or [])),
        certifications=list(dict.fromkeys(data.get("certifications") or [])),
        quantity=data["quantity"],
        annual_quantity=data.get("annual_quantity"),
        target_unit_price=data.get("target_unit_price"),
        application=data["application"],
        delivery_city=data.get("delivery_city") or "",
        deadline=data["deadline"],
    )
    custom_request_event_record(request=request, from_status="", actor=actor)
    custom_request_invite(request=request)
    return request


def suppliers_to_tell(request: CustomRequest) -> set[int]:
    invited = set(CustomRequestInvitation.objects.filter(request=request).values_list("supplier_id", flat=True))
    return invited | set(CustomQuote.objects.filter(request=request).values_list("supplier_id", flat=True))


def locked(request: CustomRequest) -> CustomRequest:
    """The request row locked, so quotes, awards, cancellation and closing of one request queue up."""
    return CustomRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)


@transaction.atomic(durable=True)
def custom_request_cancel(*, request: CustomRequest, actor: User, reason: str = "") -> CustomRequest:
    """The buyer withdraws an open or closed request; invited and quoting suppliers are told."""
    if actor.organization_id != request.buyer_id:
        raise NotAllowed(_("Only the buyer who opened the request may cancel it."))
    request = locked(request)
    custom_request_status_set(request=request, to_status=CustomRequestStatus.CANCELLED, actor=actor, note=reason)
    outbox_publish(
        event_type="custom_request.cancelled",
        data={"id": request.pk, "status": request.status},
        organization_ids=suppliers_to_tell(request),
    )
    return request


def custom_requests_close_expired(*, batch_size: int = 500) -> int:
    """Close open requests past their deadline (each in its own transaction); returns how many closed."""
    due = list(
        CustomRequest.objects.filter(status=CustomRequestStatus.OPEN, deadline__lte=timezone.now())
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    return sum(int(custom_request_close_expired(request_id=request_id)) for request_id in due)


@transaction.atomic(durable=True)
def custom_request_close_expired(*, request_id: int) -> bool:
    """Close one request if it is still open past its deadline; safe to repeat."""
    request = CustomRequest.objects.select_for_update(skip_locked=True).filter(pk=request_id).first()
    if request is None or request.status != CustomRequestStatus.OPEN or request.deadline > timezone.now():
        return False
    custom_request_status_set(request=request, to_status=CustomRequestStatus.CLOSED, actor=None, note="deadline")
    outbox_publish(
        event_type="custom_request.closed",
        data={"id": request.pk, "status": request.status},
        organization_ids=suppliers_to_tell(request) | {request.buyer_id},
    )
    return True
