"""Workplace group robots (WeCom 企业微信, DingTalk 钉钉, Feishu 飞书): their message JSON, a readable
text in the organisation's language, and the DingTalk and Feishu signatures.

DingTalk: `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")),
URL-encoded, in the query string. Feishu: `timestamp` (s) and `sign` = Base64(HMAC-SHA256(
key="{timestamp}\\n{secret}", msg="")) in the body. Both answer HTTP 200 with an error code in
the body when they refuse a message, so the body is read too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class WebhookFormat(models.TextChoices):
    STANDARD = "standard", gettext_lazy("Standard Webhooks")
    WECOM = "wecom", gettext_lazy("WeCom group robot")
    DINGTALK = "dingtalk", gettext_lazy("DingTalk group robot")
    FEISHU = "feishu", gettext_lazy("Feishu group robot")


ROBOT_FORMATS = frozenset({WebhookFormat.WECOM, WebhookFormat.DINGTALK, WebhookFormat.FEISHU})
SIGNED_FORMATS = frozenset({WebhookFormat.DINGTALK, WebhookFormat.FEISHU})


def _order_text(event_type: str, number: str) -> str:
    texts = {
        "order.placed": _("Order %(number)s was placed."),
        "order.confirmed": _("Order %(number)s was confirmed."),
        "order.shipped": _("Order %(number)s has shipped."),
        "order.delivered": _("Order %(number)s was delivered."),
        "order.cancelled": _("Order %(number)s was cancelled."),
        "order.settled": _("Order %(number)s was settled."),
    }
    return texts[event_type] % {"number": number}


def robot_text(*, event_type: str, data: Mapping[str, Any], language: str) -> str:
    """One readable line for a group chat, in `language`."""
    with translation.override(language):
        if event_type.startswith("order.") and data.get("number"):
            try:
                return _order_text(event_type, str(data["number"]))
            except KeyError:
                pass
        rfq = data.get("rfq") or data.get("id")
        if event_type == "rfq.matched":
            return _("New RFQ #%(rfq)s matches your catalog.") % {"rfq": rfq}
        if event_type == "quote.submitted":
            return _("A quote was submitted on your RFQ #%(rfq)s.") % {"rfq": rfq}
        if event_type == "rfq.awarded" and data.get("won"):
            return _("You won RFQ #%(rfq)s: order %(number)s.") % {"rfq": rfq, "number": data.get("order_number", "")}
        if event_type == "rfq.awarded":
            return _("RFQ #%(rfq)s was awarded to another supplier.") % {"rfq": rfq}
        return _("Event %(type)s: %(data)s") % {"type": event_type, "data": json.dumps(data, ensure_ascii=False)}


def robot_title(language: str) -> str:
    with translation.override(language):
        return _("Yandian Bearing Exchange")


def dingtalk_sign(*, secret: str, timestamp_ms: int) -> str:
    """Base64 HMAC-SHA256 of "{timestamp}\\n{secret}" under the secret (not yet URL-encoded)."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(*, secret: str, timestamp: int) -> str:
    """Base64 HMAC-SHA256 keyed with "{timestamp}\\n{secret}" over an empty message."""
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def robot_request(
    *, fmt: str, url: str, secret: str, event_type: str, data: Mapping[str, Any], language: str, now_ms: int
) -> tuple[str, bytes]:
    """The URL to post to and the JSON body for a robot format."""
    text = robot_text(event_type=event_type, data=data, language=language)
    title = robot_title(language)
    body: dict[str, Any]
    if fmt == WebhookFormat.FEISHU:
        body = {"msg_type": "text", "content": {"text": f"{title}: {text}"}}
        if secret:
            timestamp = now_ms // 1000
            body = {"timestamp": str(timestamp), "sign": feishu_sign(secret=secret, timestamp=timestamp), **body}
    elif fmt == WebhookFormat.DINGTALK:
        body = {"msgtype": "markdown", "markdown": {"title": title, "text": f"#### {title}\n\n{text}"}}
        if secret:
            sign = quote(dingtalk_sign(secret=secret, timestamp_ms=now_ms), safe="")
            parts = urlsplit(url)
            query = "&".join(q for q in (parts.query, f"timestamp={now_ms}&sign={sign}") if q)
            url = urlunsplit(parts._replace(query=query))
    else:
        body = {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}
    return url, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def robot_refusal(body: bytes) -> str:
    """The robot's error when its 200 answer carries a non-zero code ("" when it accepted the message)."""
    try:
        answer = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return ""
    if not isinstance(answer, dict):
        return ""
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code in (0, None, "0"):
        return ""
    message = answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage") or ""
    return f"robot error {code}: {message}"[:500]
