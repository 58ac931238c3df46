"""A live server for the schema fuzzer: its own migrated database, seeded data, real tokens.

The server is gunicorn in a subprocess (production settings, DEBUG off) behind the
outbound guard, on a free port of 127.0.0.1, with tasks queued to Redis and never run,
so no webhook is ever sent. The database is created, migrated and seeded here, and
dropped afterwards.
"""

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
# Production settings for the server: a throwaway secret, HTTPS redirects off (no proxy
# in front), limits high enough that the fuzzer reaches the code behind them
# (tests/security/test_limits.py proves the limits themselves).
SERVER_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "fuzz-" + "k" * 60,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "MARKETPLACE_WEBHOOK_ALLOW_PRIVATE": "0",
    "MARKETPLACE_THROTTLE_AUTH": "100000/min",
    "MARKETPLACE_THROTTLE_SEARCH": "100000/min",
    "MARKETPLACE_THROTTLE_MATCHING": "100000/min",
    "MARKETPLACE_THROTTLE_IMPORT": "100000/min",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_LOG_LEVEL": "WARNING",
    # Its own throttle counters: the security tests' rate-limit checks may run beside it on
    # the same Redis database (xdist), and must not count the fuzzer's requests.
    "DJANGO_CACHE_KEY_PREFIX": "fuzz",
}


FUZZ_STATUSES = pytest.StashKey[Counter]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    statuses = config.stash.get(FUZZ_STATUSES, None)
    if statuses:
        summary = ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
        terminalreporter.write_line(f"schema fuzz: {sum(statuses.values())} passing cases; statuses {summary}")


@dataclass
class FuzzServer:
    url: str
    tokens: dict[str, str]
    ids: dict[str, int]
    log_path: Path
    session: requests.Session = field(default_factory=requests.Session)
    statuses: Counter = field(default_factory=Counter)

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_urls(worker: str) -> tuple[str, str, str]:
    """(url of the fuzz database, its name, url of the maintenance database)."""
    source = urlsplit(os.environ["DATABASE_URL"])
    name = f"{source.path.lstrip('/') or 'yandian'}_fuzz{'' if worker == 'master' else '_' + worker}"
    return urlunsplit(source._replace(path=f"/{name}")), name, urlunsplit(source._replace(path="/postgres"))


def _admin(maintenance_url: str, sql: str) -> None:
    conn = psycopg2.connect(maintenance_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log_path.read_text(encoding='utf-8')[-3000:]}")
        try:
            if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer /healthz in time")


@pytest.fixture(scope="session")
def fuzz_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzServer]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        pytest.skip("the live fuzz needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    work = tmp_path_factory.mktemp("fuzz")
    database_url, name, maintenance_url = _database_urls(os.environ.get("PYTEST_XDIST_WORKER", "master"))
    redis_url = os.environ["REDIS_URL"]
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    # Drawings the seed and the fuzzer upload land in the run's scratch directory.
    env.update(DATABASE_URL=database_url, PYTHONPATH=str(ROOT), MEDIA_ROOT=str(work / "media"))
    _admin(maintenance_url, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(maintenance_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        seed_path = work / "seed.json"
        _run([sys.executable, "-m", "tests.fuzz.seed", str(seed_path)], env, "seeding")
        seed = json.loads(seed_path.read_text(encoding="utf-8"))
        url = f"http://127.0.0.1:{_free_port()}"
        log_path, guard_log = work / "server.log", work / "outbound.log"
        guard_log.touch()
        with log_path.open("w", encoding="utf-8") as log:
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "tests.fuzz.server", url.removeprefix("http://"), str(guard_log)],
                cwd=ROOT,
                env={**env, **SERVER_ENV, "REDIS_URL": redis_url},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _wait_until_up(url, server, log_path)
        live = FuzzServer(url=url, tokens=seed["tokens"], ids=seed["ids"], log_path=log_path)
        yield live
        request.config.stash[FUZZ_STATUSES] = live.statuses
        refused = [line for line in guard_log.read_text(encoding="utf-8").splitlines() if line.startswith("connect")]
        assert seed["refused"] == [], f"the seed tried to connect out: {seed['refused']}"
        assert refused == [], f"the server tried to connect out: {refused}"
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        redis.Redis.from_url(redis_url).flushdb()
        _admin(maintenance_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
