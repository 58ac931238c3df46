"""E-mail for outbox events, in each recipient's language (English or Simplified Chinese)."""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from marketplace.organizations.models import User
from orders.notifications.models import OutboxEvent

SUPPORTED_LANGUAGES = ("en", "zh-hans")

SUBJECTS = {
    "rfq.matched": gettext_noop("New RFQ #{id} matches your catalog"),
    "quote.submitted": gettext_noop("A quote was submitted for your RFQ #{id}"),
    "rfq.awarded": gettext_noop("RFQ #{id} was awarded"),
    "order.placed": gettext_noop("Order {number} was placed"),
    "order.confirmed": gettext_noop("Order {number} was confirmed"),
    "order.shipped": gettext_noop("Order {number} was shipped"),
    "order.delivered": gettext_noop("Order {number} was delivered"),
    "order.cancelled": gettext_noop("Order {number} was cancelled"),
    "order.settled": gettext_noop("Order {number} was settled"),
}
GENERIC_SUBJECT = gettext_noop("Yandian Bearing Exchange: {type}")

# Used until the zh-hans message catalogue carries these strings.
CHINESE = {
    SUBJECTS["rfq.matched"]: "新的询价单 #{id} 与您的产品目录匹配",
    SUBJECTS["quote.submitted"]: "您的询价单 #{id} 收到了新报价",
    SUBJECTS["rfq.awarded"]: "询价单 #{id} 已定标",
    SUBJECTS["order.placed"]: "订单 {number} 已下单",
    SUBJECTS["order.confirmed"]: "订单 {number} 已确认",
    SUBJECTS["order.shipped"]: "订单 {number} 已发货",
    SUBJECTS["order.delivered"]: "订单 {number} 已签收",
    SUBJECTS["order.cancelled"]: "订单 {number} 已取消",
    SUBJECTS["order.settled"]: "订单 {number} 已结算",
    GENERIC_SUBJECT: "烟店轴承交易所：{type}",
}


def _translate(message: str, language: str) -> str:
    text = gettext(message)
    if language == "zh-hans" and text == message:
        return CHINESE.get(message, message)
    return text


def email_subject(*, event_type: str, data: dict[str, Any], language: str) -> str:
    """The subject of an event's e-mail in the given language, with the order number or RFQ id filled in."""
    template = SUBJECTS.get(event_type, GENERIC_SUBJECT)
    values: defaultdict[str, Any] = defaultdict(str, data if isinstance(data, dict) else {})
    values["type"] = event_type
    with translation.override(language):
        return _translate(template, language).format_map(values)


def email_message_id(event: OutboxEvent, user: User) -> str:
    """The same Message-ID for every attempt at one event's mail to one user, so a resend is known as one."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<outbox-{event.pk}-{user.pk}@{domain}>"


def email_messages_for_event(*, event: OutboxEvent) -> list[EmailMultiAlternatives]:
    """One message per active user of the organisation (co-workers' addresses are not disclosed)."""
    users = User.objects.filter(organization_id=event.organization_id, is_active=True).exclude(email="")
    messages = []
    for user in users.only("pk", "email", "language", "username"):
        language = user.language if user.language in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE
        context = {
            "subject": email_subject(event_type=event.type, data=event.data, language=language),
            "type": event.type,
            "data": event.data,
            "user": user,
        }
        with translation.override(language):
            text = render_to_string(f"notifications/email/event.{language}.txt", context)
            html = render_to_string(f"notifications/email/event.{language}.html", context)
        message = EmailMultiAlternatives(
            subject=context["subject"],
            body=text,
            to=[user.email],
            headers={"Message-ID": email_message_id(event, user)},
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return messages


def email_send_for_event(*, event: OutboxEvent) -> int:
    """Send the event's e-mail through Django's backend; raises the backend's error on failure."""
    messages = email_messages_for_event(event=event)
    if not messages:
        return 0
    with get_connection(fail_silently=False) as connection:
        return connection.send_messages(messages) or 0
