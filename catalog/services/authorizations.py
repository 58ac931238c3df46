"""Brand authorisations: a supplier uploads the maker's letter, staff verify or reject it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.choices import AUTHORIZATION_TRANSITIONS, AuthorizationStatus
from catalog.errors import EmptyFile, FileTooLarge, UnsupportedFile
from catalog.models import Brand, BrandAuthorization, BrandAuthorizationEvent
from marketplace.core.exceptions import IllegalTransition, InvalidInput, NotAllowed
from marketplace.organizations.models import Organization, User

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Known by content, never by the file's name or the client's content type.
DOCUMENT_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def document_content_type(upload: Any) -> str:
    """The document's content type from its first bytes; 400 unless PDF, PNG or JPEG, 413 over 10 MiB."""
    size = upload.size or 0
    if size == 0:
        raise EmptyFile()
    if size > MAX_DOCUMENT_BYTES:
        raise FileTooLarge(_("The document is larger than %(n)d bytes.") % {"n": MAX_DOCUMENT_BYTES})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in DOCUMENT_MAGIC:
        if head.startswith(magic):
            return content_type
    message = _("The document must be a PDF, JPEG or PNG file.")
    raise UnsupportedFile(message, errors={"document": [message]})


def _brand(code: Any) -> Brand:
    brand = Brand.objects.filter(code__iexact=str(code or "").strip()).first() if code else None
    if brand is None:
        message = _("Unknown brand.")
        raise InvalidInput(f"brand: {message}", errors={"brand": [message]})
    return brand


@transaction.atomic(durable=True)
def brand_authorization_create(
    *, supplier: Organization, actor: User, brand: Any, valid_until: date, upload: Any
) -> BrandAuthorization:
    """Store a supplier's authorisation letter for a brand, pending staff review."""
    if valid_until < timezone.localdate():
        message = _("The authorisation has already expired.")
        raise InvalidInput(f"valid_until: {message}", errors={"valid_until": [message]})
    content_type = document_content_type(upload)
    authorization = BrandAuthorization(
        supplier=supplier,
        brand=_brand(brand),
        valid_until=valid_until,
        document_name=str(upload.name or "document")[:255],
        document_content_type=content_type,
        document_size=upload.size,
        created_by=actor,
    )
    authorization.document.save(f"authorization{_EXTENSIONS[content_type]}", upload, save=False)
    authorization.save()
    BrandAuthorizationEvent.objects.create(
        authorization=authorization, from_status="", to_status=AuthorizationStatus.PENDING, actor=actor
    )
    return authorization


_EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def brand_authorization_transition(
    *, authorization: BrandAuthorization, to_status: str, actor: User | None, note: str = ""
) -> BrandAuthorization:
    """Apply one status change allowed by AUTHORIZATION_TRANSITIONS, with its audit row (caller's transaction)."""
    locked = BrandAuthorization.objects.select_for_update().get(pk=authorization.pk)
    if to_status not in AUTHORIZATION_TRANSITIONS[locked.status]:
        raise IllegalTransition(
            _("An authorisation cannot go from %(from)s to %(to)s.") % {"from": locked.status, "to": to_status}
        )
    event = BrandAuthorizationEvent(
        authorization=locked, from_status=locked.status, to_status=to_status, actor=actor, note=note[:500]
    )
    locked.status = to_status
    locked.decided_at = timezone.now()
    if to_status == AuthorizationStatus.REJECTED:
        locked.reason = note[:500]
    locked.save(update_fields=["status", "decided_at", "reason"])
    event.save()
    return locked


def _staff(actor: User | None) -> None:
    if actor is not None and not actor.is_staff:
        raise NotAllowed(_("Only staff may review brand authorisations."))


@transaction.atomic(durable=True)
def brand_authorization_verify(
    *, authorization: BrandAuthorization, actor: User | None, note: str = ""
) -> BrandAuthorization:
    """Staff accept the letter: the supplier's listings of the brand show `authorized` until valid_until."""
    _staff(actor)
    return brand_authorization_transition(
        authorization=authorization, to_status=AuthorizationStatus.VERIFIED, actor=actor, note=note
    )


@transaction.atomic(durable=True)
def brand_authorization_reject(
    *, authorization: BrandAuthorization, actor: User | None, reason: str
) -> BrandAuthorization:
    """Staff refuse the letter (or withdraw a verification), giving the reason."""
    _staff(actor)
    return brand_authorization_transition(
        authorization=authorization, to_status=AuthorizationStatus.REJECTED, actor=actor, note=reason
    )
