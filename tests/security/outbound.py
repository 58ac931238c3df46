"""A process-wide guard that refuses every network connection except to loopback.

Installed in the fuzzed server process and around the security tests: webhook URLs and
any other address a client can supply must never be reached from a test run. Name
lookups other than `localhost` are refused too (a DNS query is outbound traffic).
Every refused attempt is recorded, so a test can assert that none happened.
"""

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo
_lock = threading.Lock()


class OutboundGuard:
    """Records refused connections and lookups; optionally appends them to a file."""

    def __init__(self, log_path: Path | None = None) -> None:
        self.log_path = log_path
        self.connections: list[str] = []
        self.lookups: list[str] = []

    def record(self, kind: str, target: str) -> None:
        with _lock:
            (self.connections if kind == "connect" else self.lookups).append(target)
            if self.log_path is not None:
                with self.log_path.open("a", encoding="utf-8") as log:
                    log.write(f"{kind} {target}\n")


_active: OutboundGuard | None = None


def _is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _check_address(sock: socket.socket, address: Any) -> None:
    if _active is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = str(address[0])
    if not _is_loopback(host):
        _active.record("connect", f"{host}:{address[1]}")
        raise ConnectionRefusedError(f"outbound connection to {host} refused by the test guard")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check_address(self, address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check_address(self, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> list:
    if _active is not None and host is not None:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(name.split("%", 1)[0])
        except ValueError:
            if name.lower().rstrip(".") not in LOCAL_NAMES:
                _active.record("lookup", name)
                raise socket.gaierror(socket.EAI_NONAME, "name lookups are refused by the test guard") from None
    return _real_getaddrinfo(host, *args, **kwargs)


def install(guard: OutboundGuard) -> None:
    """Patch the socket module for the rest of this process (and its forks)."""
    global _active  # noqa: PLW0603 - one guard per process by design
    _active = guard
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo


def uninstall() -> None:
    global _active  # noqa: PLW0603
    _active = None
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _real_getaddrinfo


@contextmanager
def outbound_guard() -> Iterator[OutboundGuard]:
    guard = OutboundGuard()
    install(guard)
    try:
        yield guard
    finally:
        uninstall()
