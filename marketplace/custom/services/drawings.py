"""Drawings: the buyer uploads them; an invited supplier opens them only after accepting the NDA, logged."""

from __future__ import annotations

import hashlib
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.exceptions import NotAllowed, NotFound
from marketplace.custom.choices import DRAWING_MAX_BYTES, AccessAction, CustomRequestStatus
from marketplace.custom.drawings import SNIFF_BYTES, clean_filename, drawing_kind
from marketplace.custom.errors import (
    CustomRequestClosed,
    DrawingTooLarge,
    EmptyDrawing,
    NdaRequired,
    UnsupportedDrawing,
)
from marketplace.custom.models import CustomRequest, CustomRequestInvitation, Drawing, DrawingAccess
from marketplace.organizations.models import User


def _check(upload: Any) -> tuple[str, str]:
    """The drawing's kind by content and its SHA-256; 400 for the wrong kind, 413 over 20 MiB."""
    size = upload.size or 0
    if size == 0:
        raise EmptyDrawing()
    if size > DRAWING_MAX_BYTES:
        raise DrawingTooLarge(_("A drawing may be at most %(n)d bytes.") % {"n": DRAWING_MAX_BYTES})
    upload.seek(0)
    kind = drawing_kind(upload.read(SNIFF_BYTES))
    if kind is None:
        raise UnsupportedDrawing()
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, digest.hexdigest()


@transaction.atomic(durable=True)
def drawing_upload(*, request: CustomRequest, actor: User, upload: Any) -> Drawing:
    """Store a drawing of the buyer's request under a random name outside the web root."""
    if actor.organization_id != request.buyer_id:
        raise NotAllowed(_("Only the buyer who opened the request may add drawings."))
    if request.status == CustomRequestStatus.CANCELLED:
        raise CustomRequestClosed(_("The custom request was cancelled."))
    kind, sha256 = _check(upload)
    return Drawing.objects.create(
        request=request,
        file=upload,
        filename=clean_filename(str(upload.name or "")),
        kind=kind,
        size=upload.size,
        sha256=sha256,
        uploaded_by=actor,
    )


def _supplier_invitation(request: CustomRequest, actor: User) -> CustomRequestInvitation:
    invitation = (
        CustomRequestInvitation.objects.select_for_update(of=("self",))
        .filter(request=request, supplier_id=actor.organization_id)
        .first()
    )
    if invitation is None:
        raise NotAllowed(_("Only an invited supplier accepts the non-disclosure terms."))
    if request.status == CustomRequestStatus.CANCELLED:
        raise CustomRequestClosed(_("The custom request was cancelled; its drawings are no longer shared."))
    return invitation


@transaction.atomic(durable=True)
def nda_accept(*, request: CustomRequest, actor: User) -> CustomRequestInvitation:
    """An invited supplier accepts the request's non-disclosure terms; each user's acceptance is logged once."""
    invitation = _supplier_invitation(request, actor)
    if invitation.nda_accepted_at is None:
        invitation.nda_accepted_at = timezone.now()
        invitation.nda_accepted_by = actor
        invitation.save(update_fields=["nda_accepted_at", "nda_accepted_by"])
    already = DrawingAccess.objects.filter(request=request, user=actor, action=AccessAction.NDA_ACCEPTED).exists()
    if not already:
        DrawingAccess.objects.create(
            request=request,
            supplier_id=invitation.supplier_id,
            user=actor,
            username=actor.get_username(),
            action=AccessAction.NDA_ACCEPTED,
        )
    return invitation


@transaction.atomic(durable=True)
def drawing_open(*, request: CustomRequest, drawing_id: int, actor: User) -> tuple[Drawing, IO[bytes]]:
    """The drawing and its open file for the owner, or for an invited supplier past the NDA (download logged)."""
    drawing = Drawing.objects.filter(request=request, pk=drawing_id).first()
    if drawing is None:
        raise NotFound()
    if actor.organization_id != request.buyer_id:
        invitation = _supplier_invitation(request, actor)
        if invitation.nda_accepted_at is None:
            raise NdaRequired()
        DrawingAccess.objects.create(
            request=request,
            drawing=drawing,
            supplier_id=invitation.supplier_id,
            user=actor,
            username=actor.get_username(),
            action=AccessAction.DOWNLOADED,
        )
    try:
        handle = drawing.file.open("rb")
    except OSError as exc:
        raise NotFound(_("The drawing's file is missing.")) from exc
    return drawing, handle
