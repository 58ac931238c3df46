from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    SUPPLIER = "supplier", _("Supplier")
    BUYER = "buyer", _("Buyer")


class OrganizationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    VERIFIED = "verified", _("Verified")
    SUSPENDED = "suspended", _("Suspended")


class SupplierStanding(models.TextChoices):
    """A supplier's standing from its scorecard (`new` until it has completed enough orders)."""

    NEW = "new", _("New")
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


ORGANIZATION_TRANSITIONS: dict[str, set[str]] = {
    OrganizationStatus.PENDING: {OrganizationStatus.VERIFIED, OrganizationStatus.SUSPENDED},
    OrganizationStatus.VERIFIED: {OrganizationStatus.SUSPENDED},
    OrganizationStatus.SUSPENDED: {OrganizationStatus.VERIFIED},
}
