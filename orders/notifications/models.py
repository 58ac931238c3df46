from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.organizations.models import Organization


class OutboxEvent(models.Model):
    """An event for one organisation, written in the transaction of the change that causes it.

    The dispatcher fans it out to an in-app notification, e-mail and webhook deliveries.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DISPATCHED = "dispatched", _("Dispatched")

    type = models.CharField(_("type"), max_length=64)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="outbox_events")
    data = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} → {self.organization_id}"
