from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.organizations.models import Organization
from orders.notifications.robots import WebhookFormat


class OutboxEvent(models.Model):
    """An event for one organisation, written in the transaction of the change that causes it.

    The dispatcher fans it out to an in-app notification, e-mail and webhook deliveries.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DISPATCHED = "dispatched", _("Dispatched")
        FAILED = "failed", _("Failed")

    type = models.CharField(_("type"), max_length=64)
    # None addresses the market's staff (e-mail to active staff users; no in-app notification or webhook).
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_events",
        verbose_name=_("organisation"),
    )
    data = models.JSONField(_("data"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    # Set once the notification and webhook deliveries exist; e-mail may still be retried after it.
    fanned_out_at = models.DateTimeField(_("fanned out at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Set, with `attempts` counted, before e-mail attempt number `attempts` is sent outside any lock;
    # cleared when its outcome is recorded. A claim older than the lease was lost with its worker.
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

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


class Notification(models.Model):
    """An in-app notification of one organisation; at most one per outbox event."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("organisation")
    )
    event = models.OneToOneField(
        OutboxEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
        verbose_name=_("event"),
    )
    type = models.CharField(_("type"), max_length=64)
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="notification_org_created_idx"),
            models.Index(
                fields=["organization", "-created_at"], name="notification_org_unread_idx", condition=Q(read_at=None)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} → {self.organization_id}"


class WebhookEndpoint(models.Model):
    """A URL an organisation registered to receive events, signed with its secret."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="webhook_endpoints", verbose_name=_("organisation")
    )
    url = models.URLField(_("URL"), max_length=2000)
    events = models.JSONField(_("events"), default=list)
    # standard: Standard Webhooks, signed with `secret` (whsec_…); wecom/dingtalk/feishu: the group
    # robot's own message JSON, `secret` being the robot's signing secret (blank: unsigned).
    format = models.CharField(_("format"), max_length=16, choices=WebhookFormat.choices, default=WebhookFormat.STANDARD)
    secret = models.CharField(_("secret"), max_length=200, blank=True)
    # A robot's messages are written in the language of whoever registered it (their setting or
    # Accept-Language), the organisation's working language.
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    # After a rotation the old secret keeps signing alongside the new one until this time.
    previous_secret = models.CharField(_("previous secret"), max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(_("previous secret expires at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("reason disabled"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["organization", "is_active"], name="webhookendpoint_org_active_idx")]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint; a failed attempt schedules the next as a new row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook endpoint")
    )
    event = models.ForeignKey(
        OutboxEvent, on_delete=models.CASCADE, related_name="webhook_deliveries", verbose_name=_("event")
    )
    # The Standard Webhooks message id (webhook-id header), the same for every attempt.
    message_id = models.CharField(_("message ID"), max_length=64)
    event_type = models.CharField(_("event type"), max_length=64)
    payload = models.JSONField(_("payload"), default=dict)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    response_status_code = models.PositiveSmallIntegerField(_("response status code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    # For a pending attempt: when it is due; for a failed one: when the retry is due (null: none).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempted_at = models.DateTimeField(_("attempted at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhookdelivery_endpoint_idx"),
            models.Index(fields=["next_attempt_at"], name="webhookdelivery_due_idx", condition=Q(status="pending")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event", "attempt"], name="webhookdelivery_one_per_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} #{self.attempt} → {self.endpoint_id}"
