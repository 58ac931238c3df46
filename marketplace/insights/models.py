from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.organizations.choices import SupplierStanding
from marketplace.organizations.models import Organization

RATE = {"max_digits": 5, "decimal_places": 4, "null": True, "blank": True}


class Scorecard(models.Model):
    """A supplier's last computed scorecard: the rates over the window, the components and the score.

    The score and standing are also written to the organisation (through its service) for ranking."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="scorecard",
        verbose_name=_("organisation"),
    )
    window_days = models.PositiveSmallIntegerField(_("window (days)"))
    orders_completed = models.PositiveIntegerField(_("orders completed"))
    on_time_rate = models.DecimalField(_("on-time rate"), **RATE)
    fill_rate = models.DecimalField(_("fill rate"), **RATE)
    quote_response_rate = models.DecimalField(_("quote response rate"), **RATE)
    median_quote_response_hours = models.DecimalField(
        _("median quote response (hours)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    claim_rate = models.DecimalField(_("claim rate"), **RATE)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    standing = models.CharField(_("standing"), max_length=16, choices=SupplierStanding.choices)
    # [{"name", "value", "weight", "points"}]: what the score is made of.
    components = models.JSONField(_("components"), default=list)
    # The standing before the last change, and when it changed (the dashboard's "fell this week").
    previous_standing = models.CharField(
        _("previous standing"), max_length=16, choices=SupplierStanding.choices, blank=True
    )
    standing_changed_at = models.DateTimeField(_("standing changed at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("supplier scorecard")
        verbose_name_plural = _("supplier scorecards")
        indexes = [
            models.Index(fields=["standing_changed_at"], name="scorecard_standing_changed_idx"),
            models.Index(fields=["standing"], name="scorecard_standing_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="scorecard_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.score} ({self.standing})"


class ScorecardWatermark(models.Model):
    """How far the refresh of changed suppliers has read an event table (by primary key)."""

    source = models.CharField(_("source"), max_length=32, unique=True)
    last_id = models.BigIntegerField(_("last id read"), default=0)

    class Meta:
        verbose_name = _("scorecard watermark")
        verbose_name_plural = _("scorecard watermarks")

    def __str__(self) -> str:
        return f"{self.source}: {self.last_id}"


class PriceIndexTier(models.TextChoices):
    ALL = "all", _("All brands")
    INTERNATIONAL = "international", _("International brands")
    DOMESTIC = "domestic", _("Domestic brands")


class PriceIndexDay(models.Model):
    """One published day of the price index for one bearing (brand-neutral) and tier (methodology v1)."""

    canonical = models.CharField(_("canonical designation"), max_length=120)
    tier = models.CharField(_("tier"), max_length=16, choices=PriceIndexTier.choices)
    day = models.DateField(_("day (China time)"))
    value = models.DecimalField(_("index value"), max_digits=14, decimal_places=2, null=True, blank=True)
    trades = models.PositiveIntegerField(_("trades used"))
    quantity = models.PositiveBigIntegerField(_("quantity"))
    outliers_excluded = models.PositiveIntegerField(_("outliers excluded"))
    suppliers = models.PositiveIntegerField(_("suppliers"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("price index day")
        verbose_name_plural = _("price index days")
        ordering = ["canonical", "tier", "day"]
        constraints = [
            models.UniqueConstraint(fields=["canonical", "tier", "day"], name="price_index_day_uniq"),
            models.CheckConstraint(
                condition=models.Q(tier__in=PriceIndexTier.values), name="price_index_day_tier_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.canonical} {self.tier} {self.day}: {self.value}"


class PriceIndexRun(models.Model):
    """A recomputation of the stored index over a range of days; days after the latest run's end are
    computed on demand."""

    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    rows = models.PositiveIntegerField(_("rows written"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))

    class Meta:
        verbose_name = _("price index run")
        verbose_name_plural = _("price index runs")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.first_day} – {self.last_day}"
