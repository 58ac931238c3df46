"""The bearing vocabulary of the API contract, as model choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BearingType(models.TextChoices):
    DEEP_GROOVE_BALL = "deep_groove_ball", _("Deep groove ball")
    ANGULAR_CONTACT_BALL = "angular_contact_ball", _("Angular contact ball")
    SELF_ALIGNING_BALL = "self_aligning_ball", _("Self-aligning ball")
    CYLINDRICAL_ROLLER = "cylindrical_roller", _("Cylindrical roller")
    SPHERICAL_ROLLER = "spherical_roller", _("Spherical roller")
    TAPERED_ROLLER = "tapered_roller", _("Tapered roller")
    THRUST_BALL = "thrust_ball", _("Thrust ball")
    THRUST_ROLLER = "thrust_roller", _("Thrust roller")
    NEEDLE_ROLLER = "needle_roller", _("Needle roller")
    INSERT_UNIT = "insert_unit", _("Insert unit")
    HUB_UNIT = "hub_unit", _("Wheel-hub bearing")
    LINEAR_BALL = "linear_ball", _("Linear ball bushing")
    SPHERICAL_PLAIN = "spherical_plain", _("Spherical plain bearing")
    ROD_END = "rod_end", _("Rod end")
    ACCESSORY = "accessory", _("Accessory (sleeve, nut, washer, housing)")
    OTHER = "other", _("Other")


class BrandTier(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    DOMESTIC = "domestic", _("Domestic")


class Seal(models.TextChoices):
    OPEN = "open", _("Open")
    Z = "Z", _("Shield, one side")
    TWO_Z = "2Z", _("Shields, both sides")
    RS = "RS", _("Contact seal, one side")
    TWO_RS = "2RS", _("Contact seals, both sides")
    RZ = "RZ", _("Non-contact seal, one side")
    TWO_RZ = "2RZ", _("Non-contact seals, both sides")


class Clearance(models.TextChoices):
    C2 = "C2", "C2"
    CN = "CN", "CN"
    C3 = "C3", "C3"
    C4 = "C4", "C4"
    C5 = "C5", "C5"
    CM = "CM", "CM"


class Precision(models.TextChoices):
    P0 = "P0", "P0"
    P6 = "P6", "P6"
    P5 = "P5", "P5"
    P4 = "P4", "P4"
    P2 = "P2", "P2"


# Higher rank = tighter tolerance; a listing satisfies a line when its rank is >= the line's.
PRECISION_RANK = {"P0": 0, "P6": 1, "P5": 2, "P4": 3, "P2": 4}


class AuthorizationStatus(models.TextChoices):
    """A brand authorisation letter's review: staff verify or reject a pending one."""

    PENDING = "pending", _("Pending")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


AUTHORIZATION_TRANSITIONS: dict[str, set[str]] = {
    AuthorizationStatus.PENDING: {AuthorizationStatus.VERIFIED, AuthorizationStatus.REJECTED},
    # Staff may withdraw a verification (e.g. after an upheld counterfeit claim).
    AuthorizationStatus.VERIFIED: {AuthorizationStatus.REJECTED},
    AuthorizationStatus.REJECTED: set(),
}
