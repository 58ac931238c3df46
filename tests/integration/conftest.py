"""Real Celery workers against the test database, on a dedicated Redis database or server."""

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from marketplace.celery import app as celery_app

ROOT = Path(settings.BASE_DIR)
CELERY = str(ROOT / ".venv" / "bin" / "celery")
READY_TIMEOUT = 20.0


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children), as a lost machine would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def test_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def use_broker(url: str) -> None:
    """Make this test process publish to `url` instead of running tasks in-process."""
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = url
    forget_connections()


def forget_connections() -> None:
    """Drop pooled broker connections: they are bound to the broker they were opened for.

    kombu keeps its pools in global groups keyed by broker URL, so a closed pool would come back
    for the next test using the same URL unless the groups are emptied too.
    """
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    kombu_pools.reset()
    celery_app._after_fork()  # what Celery itself does to reset its pools in a forked child


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """start_worker(redis_url, name, **env) → a ready worker; every worker is killed at the end.

    By default the worker is tuned for tests (two prefork children, both queues named, INFO log);
    `plain=True` runs the contract's command exactly, `celery -A marketplace worker`, and takes it as
    started once its banner is printed (its default log level does not report "ready").
    """
    workers: list[Worker] = []

    def _start(redis_url: str, name: str, *, plain: bool = False, **extra_env: str) -> Worker:
        log = tmp_path / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": redis_url,
            "CELERY_VISIBILITY_TIMEOUT": "6",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "MARKETPLACE_WEBHOOK_ALLOW_PRIVATE": "1",
            **extra_env,
        }
        argv = [CELERY, "-A", "marketplace", "worker"]
        if not plain:
            argv += [
                "--pool=prefork",
                "-c",
                "2",
                "-Q",
                "celery,notifications",
                "-n",
                f"{name}@%h",
                "-l",
                "INFO",
                "--without-gossip",
                "--without-mingle",
            ]
        started = b"[queues]" if plain else b" ready."
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - fixed argv
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(process=process, log=log)
        workers.append(worker)
        if not wait_until(lambda: started in log.read_bytes() or process.poll() is not None, READY_TIMEOUT):
            raise RuntimeError(f"worker {name} did not start:\n{log.read_text()[-3000:]}")
        if process.poll() is not None:
            raise RuntimeError(f"worker {name} exited:\n{log.read_text()[-3000:]}")
        return worker

    try:
        yield _start
    finally:
        for worker in workers:
            worker.kill()
        celery_app.conf.task_always_eager = True
        celery_app.conf.broker_url = settings.CELERY_BROKER_URL
        forget_connections()


def settlement_delay(seconds: float) -> dict[str, str]:
    """Worker environment holding each settlement and payout release open for `seconds` (see faults.py)."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "TEST_SETTLEMENT_DELAY_SECONDS": str(seconds),
    }


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def worker_broker_url(offset: int = 0) -> str:
    """A Redis database of its own for a worker test (TEST_WORKER_REDIS_DB moves the range, so two
    checkouts testing on one machine never share a broker)."""
    return f"redis://127.0.0.1:6379/{int(os.environ.get('TEST_WORKER_REDIS_DB', '12')) + offset}"


@pytest.fixture
def worker_broker() -> str:
    """An emptied Redis database for a test's workers and its own publishing."""
    url = worker_broker_url()
    redis_flush(url)
    return url


@dataclass
class RedisServer:
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(  # noqa: S603 - fixed argv
            [  # noqa: S607 - redis-server from PATH
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
            ],
            check=True,
            capture_output=True,
        )
        assert wait_until(self.is_up, 5)

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True, check=False)  # noqa: S603, S607
        assert wait_until(lambda: not self.is_up(), 5)

    def is_up(self) -> bool:
        result = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, check=False)  # noqa: S603, S607
        return result.stdout.strip() == b"PONG"


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A private redis-server on port 6390 that a test may stop and restart (the shared 6379 is never touched)."""
    server = RedisServer(port=int(os.environ.get("TEST_OWN_REDIS_PORT", "6390")))
    if server.is_up():
        server.stop()
    server.start()
    try:
        yield server
    finally:
        server.stop()
