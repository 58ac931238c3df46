from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    SUPPLIER = "supplier", _("Supplier")
    BUYER = "buyer", _("Buyer")


class OrganizationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    VERIFIED = "verified", _("Verified")
    SUSPENDED = "suspended", _("Suspended")


ORGANIZATION_TRANSITIONS: dict[str, set[str]] = {
    OrganizationStatus.PENDING: {OrganizationStatus.VERIFIED, OrganizationStatus.SUSPENDED},
    OrganizationStatus.VERIFIED: {OrganizationStatus.SUSPENDED},
    OrganizationStatus.SUSPENDED: {OrganizationStatus.VERIFIED},
}
