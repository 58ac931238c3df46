"""Vocabularies of custom bearings (processes, certifications), statuses and the one transition table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Process(models.TextChoices):
    TURNING = "turning", _("Turning")
    GRINDING = "grinding", _("Grinding")
    SUPERFINISHING = "superfinishing", _("Superfinishing")
    HEAT_TREATMENT = "heat_treatment", _("Heat treatment")
    SALT_BATH_QUENCHING = "salt_bath_quenching", _("Salt-bath quenching")
    ASSEMBLY = "assembly", _("Assembly")
    SEALING = "sealing", _("Sealing")
    COATING = "coating", _("Coating")
    INSPECTION = "inspection", _("Inspection")


class Certification(models.TextChoices):
    ISO9001 = "ISO9001", "ISO 9001"
    IATF16949 = "IATF16949", "IATF 16949"
    ISO14001 = "ISO14001", "ISO 14001"
    AS9100 = "AS9100", "AS9100"


class CapabilityFacet(models.TextChoices):
    """Which list of a supplier's capabilities a stored value belongs to."""

    BEARING_TYPE = "bearing_type", _("Bearing type")
    PRECISION = "precision", _("Precision class")
    MATERIAL = "material", _("Material")
    PROCESS = "process", _("Process")
    CERTIFICATION = "certification", _("Certification")


class CustomRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AWARDED = "awarded", _("Awarded")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class CustomQuoteStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    LOST = "lost", _("Lost")


class AccessAction(models.TextChoices):
    NDA_ACCEPTED = "nda_accepted", _("NDA accepted")
    DOWNLOADED = "downloaded", _("Downloaded")


class DrawingKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    DXF = "dxf", "DXF"
    DWG = "dwg", "DWG"
    STEP = "step", "STEP"


# A request past its deadline is closed to quotes but may still be awarded from the quotes it got;
# the buyer may cancel it while it is open or closed.
CUSTOM_REQUEST_TRANSITIONS: dict[str, set[str]] = {
    CustomRequestStatus.OPEN: {CustomRequestStatus.AWARDED, CustomRequestStatus.CLOSED, CustomRequestStatus.CANCELLED},
    CustomRequestStatus.CLOSED: {CustomRequestStatus.AWARDED, CustomRequestStatus.CANCELLED},
    CustomRequestStatus.AWARDED: set(),
    CustomRequestStatus.CANCELLED: set(),
}

DRAWING_MAX_BYTES = 20 * 1024 * 1024
