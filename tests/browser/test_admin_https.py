"""The production settings behind a TLS-terminating proxy: a real browser logs in to the admin over
HTTPS. DJANGO_DEBUG=0 with a real secret, static files collected and served by WhiteNoise,
gunicorn behind a small local TLS proxy that forwards with X-Forwarded-Proto, as Caddy does in
docker-compose.yml."""

import http.client
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.browser.test_admin_e2e import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Https-admin-2026!"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length", "upgrade"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium package is not installed"),
    pytest.mark.skipif(not shutil.which("openssl"), reason="openssl is needed for the proxy's certificate"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(tmp_path: Path) -> dict[str, str]:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return env


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - fixed argv
        [
            shutil.which("openssl") or "openssl",
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def tls_proxy(upstream: int, cert: Path, key: Path) -> ThreadingHTTPServer:
    """HTTPS in front, plain HTTP to gunicorn, X-Forwarded-Proto: https (what Caddy sends)."""

    class Forward(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.client_address[0]}
            upstream_conn = http.client.HTTPConnection("127.0.0.1", upstream, timeout=30)
            try:
                upstream_conn.request(self.command, self.path, body=body, headers=headers)
                response = upstream_conn.getresponse()
                data = response.read()
            finally:
                upstream_conn.close()
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_HEAD = _forward

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


@pytest.fixture
def https_site(tmp_path: Path) -> Iterator[str]:
    env = production_env(tmp_path)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    gunicorn = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "4"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    proxy = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            assert gunicorn.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        # Without the proxy's header, the production settings send the browser to HTTPS.
        plain = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        plain.request("GET", "/admin/login/", headers={"Host": "localhost"})
        answer = plain.getresponse()
        assert (answer.status, answer.getheader("Location")) == (301, "https://localhost/admin/login/")
        cert, key = self_signed_certificate(tmp_path)
        proxy = tls_proxy(port, cert, key)
        yield f"https://localhost:{proxy.server_address[1]}"
    finally:
        if proxy is not None:
            proxy.shutdown()
            proxy.server_close()
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def test_admin_login_over_https_through_the_production_settings(https_site: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    user = UserFactory(organization=None, username="ops", is_staff=True, is_superuser=True, language="en")
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())  # the server hashes as production does
    user.save(update_fields=["password"])
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    static: dict[str, int] = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(ignore_https_errors=True, locale="en-US")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.on("response", lambda r: static.__setitem__(r.url, r.status) if "/static/" in r.url else None)
        page.goto(f"{https_site}/admin/login/?next=/admin/")
        page.fill("#id_username", "ops")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#market-dashboard")
        assert page.url == f"{https_site}/admin/"
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies["sessionid"]["secure"] is True
        assert cookies["csrftoken"]["secure"] is True
        page.screenshot(path=str(tmp_path / "admin-https.png"), full_page=True)
        context.close()
        browser.close()
    css = [url for url in static if url.endswith(".css")]
    assert css, "the admin loaded no stylesheet"
    assert all(status == 200 for status in static.values()), static
