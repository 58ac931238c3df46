"""A real HTTP receiver on 127.0.0.1 for webhook tests, and mail captured in memory."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    path: str = ""

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers with the queued (status, headers) in turn, then 200; records every request."""

    url: str
    answers: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)  # response bodies in turn, then b"ok"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            headers_in = {k.lower(): v for k, v in self.headers.items()}
            state.requests.append(Received(headers_in, self.rfile.read(length), self.path))
            status, headers = state.answers.pop(0) if state.answers else (200, {})
            body = state.bodies.pop(0) if state.bodies else b"ok"
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/yd"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def allow_private(settings: object) -> None:
    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture(autouse=True)
def _mail_in_memory(settings: object) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
