from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.organizations.choices import OrganizationKind, OrganizationStatus, SupplierStanding


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=OrganizationStatus.choices, default=OrganizationStatus.PENDING
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    city = models.CharField(_("city"), max_length=100)
    commission_rate = models.DecimalField(
        _("commission rate"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("Overrides MARKETPLACE_COMMISSION_RATE for this supplier when set."),
    )
    # The supplier scorecard's result (written only by `organization_scores_set`); ranking reads it.
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    standing = models.CharField(
        _("standing"), max_length=16, choices=SupplierStanding.choices, default=SupplierStanding.NEW
    )
    score_computed_at = models.DateTimeField(_("score computed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "status"], name="org_kind_status_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=OrganizationKind.values), name="org_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=OrganizationStatus.values), name="org_status_valid"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="org_score_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == OrganizationStatus.VERIFIED


class AuditEvent(models.Model):
    """The columns every audit trail shares: who made the change (None: the system), why, and when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class PartyAuditEvent(AuditEvent):
    """An audit row of a trade object, naming the side the actor acted for, as the API shows it."""

    actor_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor's organisation"),
    )
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True, help_text="'system' for tasks")

    class Meta(AuditEvent.Meta):
        abstract = True


class OrganizationStatusEvent(AuditEvent):
    """Audit trail of an organisation's status changes."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="status_events", verbose_name=_("organisation")
    )
    from_status = models.CharField(_("from status"), max_length=16, choices=OrganizationStatus.choices)
    to_status = models.CharField(_("to status"), max_length=16, choices=OrganizationStatus.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.from_status} → {self.to_status}"


class OrganizationDocument(models.Model):
    """A document a company files for verification (business licence, ...)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="documents", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="organization-documents/%Y/%m/")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class User(AbstractUser):
    """A person acting for one organisation (staff may have none)."""

    class Language(models.TextChoices):
        EN = "en", "English"
        ZH_HANS = "zh-hans", "简体中文"

    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisation"),
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
