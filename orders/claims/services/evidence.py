"""Evidence files on a claim: JPEG, PNG or PDF known by their first bytes, size-capped, stored privately."""

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.exceptions import NotAllowed
from orders.claims.exceptions import ClaimEnded, EvidenceTooLarge, UnsupportedEvidence
from orders.claims.models import Claim, ClaimEvidence
from orders.claims.services.transitions import BUYER, SUPPLIER, claim_party

# (magic prefix, content type): what the file is, whatever its name or the client says.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
HEAD_BYTES = 16
FILENAME_MAX = 255


def evidence_content_type(head: bytes) -> str | None:
    """The content type a file's first bytes prove, or None for anything but JPEG, PNG and PDF."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def _safe_filename(name: str) -> str:
    # Only the last path component, printable, bounded: it goes back out in Content-Disposition.
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"\r\n;')
    return cleaned.strip()[:FILENAME_MAX] or "evidence"


@transaction.atomic(durable=True)
def claim_evidence_add(*, claim: Claim, actor: Any, upload: UploadedFile, note: str = "") -> ClaimEvidence:
    """Attach a file to a claim that has not ended (either party); checked by size and content."""
    party = claim_party(order=claim.order, actor=actor)
    if party not in (BUYER, SUPPLIER):
        raise NotAllowed(_("Only the buyer or the supplier can add evidence."))
    limit = settings.MARKETPLACE_CLAIM_EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise EvidenceTooLarge(_("Evidence may be at most %(n)d bytes.") % {"n": limit})
    if upload.size == 0:
        raise UnsupportedEvidence(_("The file is empty."), errors={"file": [_("The file is empty.")]})
    upload.seek(0)
    content_type = evidence_content_type(upload.read(HEAD_BYTES))
    upload.seek(0)
    if content_type is None:
        message = _("Evidence must be a JPEG, PNG or PDF file (judged by its content).")
        raise UnsupportedEvidence(message, errors={"file": [message]})
    locked = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    if locked.is_ended:
        raise ClaimEnded(_("Evidence can be added only while the claim has not ended."))
    evidence = ClaimEvidence(
        claim=locked,
        filename=_safe_filename(upload.name or ""),
        size=upload.size,
        content_type=content_type,
        note=note[:500],
        uploaded_by=actor if actor.pk else None,
        uploaded_by_organization_id=actor.organization_id,
    )
    evidence.file.save(EXTENSIONS[content_type], upload, save=False)
    # The file is written before the row; if the row's insert fails the file is removed again.
    try:
        evidence.save(force_insert=True)
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence
