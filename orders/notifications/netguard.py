"""Outbound webhook HTTP that cannot be pointed at the platform's own network.

A URL is resolved, every address checked, and the request sent to the checked address
(Host header and TLS SNI keep the name), so a DNS answer that changes between the check
and the connection (rebinding) cannot reach a private address.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext, gettext_noop

ALLOWED_SCHEMES = {"http", "https"}
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_RESPONSE_BYTES = 64 * 1024


class UnsafeUrl(Exception):
    """The URL is malformed, does not resolve, or points at a non-public address.

    `str()` is English (delivery logs); `translated()` is in the active language (API answers).
    """

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params)

    def translated(self) -> str:
        return gettext(self.message) % self.params


class UnresolvableHost(UnsafeUrl):
    """The host does not resolve now: accepted at registration, checked again at every send."""


@dataclass(frozen=True)
class WebhookResponse:
    status: int
    headers: dict[str, str]
    body: bytes = b""


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def url_resolve_checked(url: str) -> tuple[str, int, str]:
    """Return (scheme, port, address) for a URL whose host resolves only to allowed addresses."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    except ValueError as exc:
        raise UnsafeUrl(gettext_noop("Malformed URL: %(error)s"), error=exc) from exc
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise UnsafeUrl(gettext_noop("Only http and https URLs with a host are accepted."))
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnresolvableHost(gettext_noop("The host %(host)s could not be resolved."), host=parts.hostname) from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise UnresolvableHost(gettext_noop("The host %(host)s could not be resolved."), host=parts.hostname)
    if not settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE and not all(_is_public(a) for a in addresses):
        raise UnsafeUrl(
            gettext_noop("The host %(host)s resolves to a private or reserved address."), host=parts.hostname
        )
    return parts.scheme, port, str(addresses[0])


def webhook_post(*, url: str, body: bytes, headers: dict[str, str], timeout: float) -> WebhookResponse:
    """POST to the checked address of `url`; redirects are not followed. Raises UnsafeUrl or urllib3 errors."""
    scheme, port, address = url_resolve_checked(url)
    parts = urlsplit(url)
    host_header = parts.netloc.rsplit("@", 1)[-1]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    options = {"timeout": urllib3.Timeout(connect=min(timeout, 5.0), read=timeout), "retries": False, "maxsize": 1}
    if scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            address, port, server_hostname=parts.hostname, assert_hostname=parts.hostname, **options
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **options)
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            content = response.read(MAX_RESPONSE_BYTES)
        finally:
            response.release_conn()
        headers = {k.lower(): v for k, v in response.headers.items()}
        return WebhookResponse(status=response.status, headers=headers, body=content or b"")
    finally:
        pool.close()
