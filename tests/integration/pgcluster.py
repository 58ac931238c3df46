"""Throwaway PostgreSQL servers for the scale-out tests: a primary and a streaming replica made
with initdb and pg_basebackup in a temporary folder, run as the `postgres` user on their own ports."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

ROOT = Path(settings.BASE_DIR)


def pg_bin(name: str) -> str:
    """A PostgreSQL server program (initdb, pg_ctl, ...) of the newest installed version."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise FileNotFoundError(name)
    return found[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(*argv: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a server program as the postgres user (initdb and postgres refuse to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *argv], check=check, capture_output=True, text=True, timeout=120)  # noqa: S603


@dataclass
class Server:
    data: Path
    port: int
    socket_dir: Path

    def start(self, *options: str) -> None:
        opts = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.socket_dir}",
                "-c shared_buffers=32MB",
                "-c fsync=off",
                "-c full_page_writes=off",
                *options,
            ]
        )
        as_postgres(
            pg_bin("pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.data / "server.log"), "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        as_postgres(pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def psql(self, dbname: str, sql: str) -> str:
        result = as_postgres(
            pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", dbname, "-Atc", sql
        )
        return result.stdout.strip()


@dataclass
class StreamingPair:
    primary: Server
    replica: Server
    dbname: str
    folder: Path


def wait_for(condition: Any, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


@contextmanager
def streaming_pair(dbname: str = "yd_replica") -> Iterator[StreamingPair]:
    """A migrated primary and its hot standby, both removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="yd-replica-"))
    shutil.chown(folder, "postgres", "postgres")
    primary = Server(data=folder / "primary", port=free_port(), socket_dir=folder)
    replica = Server(data=folder / "replica", port=free_port(), socket_dir=folder)
    try:
        as_postgres(pg_bin("initdb"), "-D", str(primary.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        primary.start("-c wal_level=replica", "-c max_wal_senders=4")
        as_postgres(pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", dbname)
        subprocess.run(  # noqa: S603 - fixed argv
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": primary.url(dbname), "DATABASE_REPLICA_URLS": ""},
            check=True,
            capture_output=True,
            timeout=300,
        )
        as_postgres(
            pg_bin("pg_basebackup"),
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(replica.data), "-R", "-X", "stream", "-c", "fast"),
        )
        replica.start("-c hot_standby=on")
        assert wait_for(lambda: replica.psql(dbname, "SELECT pg_is_in_recovery()") == "t", 30)
        yield StreamingPair(primary=primary, replica=replica, dbname=dbname, folder=folder)
    finally:
        replica.stop("immediate")
        primary.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def databases(*, server_side_cursors: bool = True, **urls: tuple[int, str]) -> Iterator[None]:
    """Point this process's connections at other servers: databases(default=(port, name), ...)."""
    base = deepcopy(connections["default"].settings_dict)
    saved_settings = connections.settings
    saved_default = connections["default"]
    saved_default.close()
    new = {}
    for alias, (port, name) in urls.items():
        cfg = deepcopy(base)
        cfg.update(NAME=name, HOST="127.0.0.1", PORT=str(port), USER="postgres", PASSWORD="", CONN_MAX_AGE=0)
        cfg["OPTIONS"] = {**cfg.get("OPTIONS", {}), "connect_timeout": 2}
        cfg["DISABLE_SERVER_SIDE_CURSORS"] = not server_side_cursors
        cfg["TEST"] = {"MIRROR": None} if alias == "default" else {"MIRROR": "default"}
        new[alias] = cfg
    connections.settings = new
    del connections["default"]
    try:
        yield
    finally:
        for alias in new:
            connections[alias].close()
            del connections[alias]
        connections.settings = saved_settings
        connections["default"] = saved_default
