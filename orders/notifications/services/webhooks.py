"""Webhook endpoints: registration (with the URL safety check), deletion, secret rotation."""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.core.exceptions import DomainError, InvalidInput
from marketplace.organizations.models import Organization
from orders.notifications.events import WEBHOOK_DISABLED
from orders.notifications.models import WebhookDelivery, WebhookEndpoint
from orders.notifications.netguard import UnresolvableHost, UnsafeUrl, url_resolve_checked
from orders.notifications.robots import SIGNED_FORMATS, WebhookFormat
from orders.notifications.services.notifications import notification_create
from orders.notifications.signing import webhook_secret_generate

SECRET_OVERLAP = timedelta(hours=24)


def webhook_url_check(*, url: str) -> None:
    """Refuse URLs that resolve to private, loopback or reserved addresses (400 on `url`).

    A host that does not resolve now (an offline set-up, a transient DNS failure) is accepted:
    every send resolves and checks it again.
    """
    try:
        url_resolve_checked(url)
    except UnresolvableHost:
        return
    except UnsafeUrl as exc:
        message = exc.translated()
        raise InvalidInput(message, errors={"url": [message]}) from exc


@transaction.atomic(durable=True)
def webhook_endpoint_create(
    *,
    organization: Organization,
    url: str,
    events: Iterable[str],
    format: str = WebhookFormat.STANDARD,
    secret: str | None = None,
) -> WebhookEndpoint:
    """Register an endpoint: Standard Webhooks get a fresh `whsec_` secret; a DingTalk or Feishu robot
    keeps the signing secret it was given (none: unsigned); a WeCom robot has none."""
    webhook_url_check(url=url)
    if format == WebhookFormat.STANDARD:
        secret = webhook_secret_generate()
    elif format not in SIGNED_FORMATS:
        secret = ""
    return WebhookEndpoint.objects.create(
        organization=organization,
        url=url,
        events=sorted(set(events)),
        format=format,
        secret=secret or "",
        language=translation.get_language() or "zh-hans",
    )


@transaction.atomic(durable=True)
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint and its delivery log."""
    endpoint.delete()


@transaction.atomic(durable=True)
def webhook_endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Issue a new secret; the old one keeps signing alongside it for 24 hours."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.format != WebhookFormat.STANDARD:
        raise DomainError(_("A robot's signing secret is set in the robot; register the endpoint again to change it."))
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + SECRET_OVERLAP
    endpoint.secret = webhook_secret_generate()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return endpoint


def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> None:
    """Disable an endpoint in the caller's transaction, fail its pending attempts, and tell its organisation."""
    if not endpoint.is_active:
        return
    now = timezone.now()
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = reason[:255]
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, error=_("Endpoint disabled."), next_attempt_at=None
    )
    notification_create(
        organization_id=endpoint.organization_id,
        type=WEBHOOK_DISABLED,
        data={"id": endpoint.pk, "url": endpoint.url, "reason": endpoint.disabled_reason},
    )


def webhook_signing_secrets(*, endpoint: WebhookEndpoint) -> list[str]:
    """The secrets that sign a delivery now: the current one, plus the previous one during the overlap."""
    secrets = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and expires > timezone.now():
        secrets.append(endpoint.previous_secret)
    return secrets
