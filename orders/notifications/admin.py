from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.exceptions import DomainError
from orders.notifications.models import Notification, OutboxEvent, WebhookDelivery, WebhookEndpoint
from orders.notifications.services import outbox_event_dispatch, webhook_delivery_retry


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "organization", "status", "attempts", "created_at", "dispatched_at", "last_error"]
    list_select_related = ["organization"]
    list_filter = ["status", "type"]
    readonly_fields = [
        "type",
        "organization",
        "data",
        "status",
        "attempts",
        "created_at",
        "fanned_out_at",
        "dispatched_at",
        "next_attempt_at",
        "last_error",
    ]
    actions = ["dispatch_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("Dispatch now"))
    def dispatch_now(self, request: HttpRequest, queryset: QuerySet[OutboxEvent]) -> None:
        # A failed event is given one more try: back to pending, then the normal dispatch.
        queryset.filter(status=OutboxEvent.Status.FAILED).update(status=OutboxEvent.Status.PENDING)
        done = sum(
            1
            for event_id in queryset.values_list("pk", flat=True)
            if (event := outbox_event_dispatch(event_id=event_id)) and event.status == OutboxEvent.Status.DISPATCHED
        )
        self.message_user(request, _("%(n)d event(s) dispatched.") % {"n": done}, messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "organization", "created_at", "read_at"]
    list_select_related = ["organization"]
    list_filter = ["type"]
    raw_id_fields = ["organization", "event"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["id", "url", "organization", "is_active", "consecutive_failures", "disabled_reason", "created_at"]
    list_select_related = ["organization"]
    list_filter = ["is_active"]
    exclude = ["secret", "previous_secret"]
    readonly_fields = [
        "organization",
        "previous_secret_expires_at",
        "consecutive_failures",
        "disabled_at",
        "created_at",
    ]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "message_id",
        "event_type",
        "endpoint",
        "attempt",
        "status",
        "response_status_code",
        "next_attempt_at",
        "created_at",
    ]
    list_select_related = ["endpoint"]
    list_filter = ["status", "event_type"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("Retry now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery_id in queryset.values_list("pk", flat=True):
            try:
                webhook_delivery_retry(delivery_id=delivery_id)
            except DomainError as exc:
                message = _("Delivery %(id)d: %(detail)s") % {"id": delivery_id, "detail": exc.detail}
                self.message_user(request, message, messages.WARNING)
