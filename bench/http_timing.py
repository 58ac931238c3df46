"""Timing GET requests from outside: a real gunicorn on loopback, one keep-alive client, after a warm-up pass."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def http_timings_for(user: object, paths: Sequence[str], rounds: int = 1) -> list[float]:
    """Milliseconds of each GET of `paths` (repeated `rounds` times) as `user`, after one warm-up pass."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "MARKETPLACE_THROTTLE_MATCHING": "1000000/min",
        "MARKETPLACE_THROTTLE_SEARCH": "1000000/min",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "1", "--log-level", "warning", "--keep-alive", "60"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token.key}"
    try:
        for _ in range(100):
            try:
                if session.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        for path in paths:  # warm-up: this process's plans and caches
            session.get(f"{url}{path}", timeout=30).raise_for_status()
        timings = []
        for _round in range(rounds):
            for path in paths:
                started = time.perf_counter()
                session.get(f"{url}{path}", timeout=30).raise_for_status()
                timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        proc.terminate()
        proc.wait(timeout=30)
