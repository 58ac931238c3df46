"""E-mail for outbox events, in each recipient's language (English or Simplified Chinese)."""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from marketplace.organizations.models import User
from orders.choices import OrderStatus
from orders.notifications.models import OutboxEvent

SUPPORTED_LANGUAGES = ("en", "zh-hans")
ORDER_STATUS_LABELS = dict(OrderStatus.choices)

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
    "pool.committed": gettext_noop("A buyer committed to your pool #{id}"),
    "pool.tier_reached": gettext_noop("Pool #{id} reached a lower price tier"),
    "pool.closed": gettext_noop("Pool #{id} closed at {final_unit_price} per unit"),
    "pool.failed": gettext_noop("Pool #{id} did not reach its first tier"),
    "custom_request.matched": gettext_noop("New custom bearing request #{id} fits your capabilities"),
    "custom_quote.submitted": gettext_noop("A quote was submitted for your custom request #{id}"),
    "custom_request.awarded": gettext_noop("Custom request #{id} was awarded"),
    "custom_request.cancelled": gettext_noop("Custom request #{id} was cancelled"),
    "custom_request.closed": gettext_noop("Custom request #{id} closed at its deadline"),
    "claim.opened": gettext_noop("A claim was opened on order {number}"),
    "claim.updated": gettext_noop("The claim on order {number} is now {status}"),
    "claim.resolved": gettext_noop("The claim on order {number} was resolved"),
    "payout.released": gettext_noop("The payout of order {number} was released"),
    "claim.counterfeit_upheld": gettext_noop(
        "Counterfeit claim upheld on order {number}: review the supplier's brand authorisations"
    ),
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
    SUBJECTS["pool.committed"]: "有买家参与了您的集采 #{id}",
    SUBJECTS["pool.tier_reached"]: "集采 #{id} 已达到更低的价格档位",
    SUBJECTS["pool.closed"]: "集采 #{id} 已成团，成交单价 {final_unit_price}",
    SUBJECTS["pool.failed"]: "集采 #{id} 未达到起订量，未成团",
    SUBJECTS["custom_request.matched"]: "新的非标轴承需求 #{id} 与您的生产能力匹配",
    SUBJECTS["custom_quote.submitted"]: "您的非标需求 #{id} 收到了新报价",
    SUBJECTS["custom_request.awarded"]: "非标需求 #{id} 已定标",
    SUBJECTS["custom_request.cancelled"]: "非标需求 #{id} 已取消",
    SUBJECTS["custom_request.closed"]: "非标需求 #{id} 已截止",
    SUBJECTS["claim.opened"]: "订单 {number} 收到新的售后索赔",
    SUBJECTS["claim.updated"]: "订单 {number} 的索赔状态更新为 {status}",
    SUBJECTS["claim.resolved"]: "订单 {number} 的索赔已处理完毕",
    SUBJECTS["payout.released"]: "订单 {number} 的货款已放款",
    SUBJECTS["claim.counterfeit_upheld"]: "订单 {number} 的假货索赔成立：请复核该供应商的品牌授权",
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


def status_label(data: Any) -> str:
    """An order's status as words in the active language ("已发货"), other statuses as they are."""
    status = data.get("status") if isinstance(data, dict) else None
    if not status:
        return ""
    return str(ORDER_STATUS_LABELS.get(status, status))


def email_messages_for_event(*, event: OutboxEvent) -> list[EmailMultiAlternatives]:
    """One message per active user of the organisation (co-workers' addresses are not disclosed)."""
    if event.organization_id is None:
        # An event for the market's staff (e.g. an upheld counterfeit claim to review).
        users = User.objects.filter(is_staff=True, is_active=True).exclude(email="")
    else:
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
            context["status_label"] = status_label(event.data)
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
