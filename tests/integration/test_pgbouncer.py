"""The API through a real PgBouncer in transaction mode (Debian's `pgbouncer`): an order placed,
moved, settled and its statement streamed, every statement through the pooler."""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.models import Order
from tests.factories import OrganizationFactory
from tests.integration.conftest import wait_until
from tests.integration.pgcluster import as_postgres, databases, free_port
from tests.integration.settling import settled_once
from tests.orders.factories import ListingFactory

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"

pytestmark = [
    pytest.mark.pooler,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(PGBOUNCER), reason="pgbouncer is not installed (apt-get install pgbouncer)"),
]

CONFIG = """[databases]
* = host={host} port={port} timezone=UTC

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
pool_mode = transaction
auth_type = trust
auth_file = {folder}/userlist.txt
admin_users = postgres
default_pool_size = 4
max_client_conn = 100
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""


class Bouncer:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port

    def admin(self, command: str) -> list[list[str]]:
        out = as_postgres(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "pgbouncer", "-AtF", "\t", "-c",
            command,
        )  # fmt: skip
        return [line.split("\t") for line in out.stdout.strip().splitlines()]


@pytest.fixture
def bouncer() -> Iterator[Bouncer]:
    """A PgBouncer in transaction mode in front of the test database's server."""
    settings_dict = connection.settings_dict
    folder = Path(tempfile.mkdtemp(prefix="yd-pgbouncer-"))
    port = free_port()
    (folder / "userlist.txt").write_text('"postgres" ""\n')
    (folder / "pgbouncer.ini").write_text(
        CONFIG.format(
            host=settings_dict.get("HOST") or "127.0.0.1",
            port=settings_dict.get("PORT") or 5432,
            listen=port,
            folder=folder,
        )
    )
    shutil.chown(folder, "postgres", "postgres")
    for path in folder.iterdir():
        shutil.chown(path, "postgres", "postgres")
    as_postgres(PGBOUNCER, "-d", str(folder / "pgbouncer.ini"))
    server = Bouncer(folder, port)
    try:
        assert wait_until(lambda: _answers(server), 10), (folder / "pgbouncer.log").read_text()
        yield server
    finally:
        pid = (folder / "pgbouncer.pid").read_text().strip() if (folder / "pgbouncer.pid").exists() else ""
        if pid:
            subprocess.run(["kill", pid], check=False)  # noqa: S603, S607 - the pgbouncer this fixture started
            wait_until(lambda: not (folder / "pgbouncer.pid").exists(), 5)
        shutil.rmtree(folder, ignore_errors=True)


def _answers(server: Bouncer) -> bool:
    try:
        server.admin("SHOW VERSION")
    except subprocess.CalledProcessError:
        return False
    return True


def transactions_through(server: Bouncer, dbname: str) -> int:
    rows = server.admin("SHOW STATS")
    return sum(int(row[1]) for row in rows if row[0] == dbname)


def test_an_order_is_placed_moved_settled_and_reported_through_pgbouncer(
    bouncer: Bouncer, make_client: Callable[..., APIClient]
) -> None:
    buyer_client = make_client(OrganizationFactory(kind="buyer", status="verified"))
    listing = ListingFactory(quantity_on_hand=30)
    supplier_client = make_client(listing.supplier)
    dbname = connection.settings_dict["NAME"]
    with databases(default=(bouncer.port, dbname), server_side_cursors=False):
        assert connection.settings_dict["PORT"] == str(bouncer.port)
        search = buyer_client.get("/api/v1/listings/", {"q": listing.designation})
        assert search.status_code == 200
        placed = buyer_client.post(
            "/api/v1/orders/", {"lines": [{"listing": listing.pk, "quantity": 3}]}, format="json"
        )
        assert placed.status_code == 201, placed.content
        order_id = placed.json()["id"]
        assert supplier_client.post(f"/api/v1/orders/{order_id}/confirm/").status_code == 200
        ship = supplier_client.post(f"/api/v1/orders/{order_id}/ship/", {"tracking_number": "SF9"}, format="json")
        assert ship.status_code == 200
        # Delivery settles the order (in-process here): locks, ledger, outbox through the pooler.
        assert buyer_client.post(f"/api/v1/orders/{order_id}/deliver/").status_code == 200
        order = Order.objects.get(pk=order_id)
        assert order.status == "settled"
        settled_once(order)
        # The CSV statement streams through `.iterator()`: no server-side cursor may be used.
        statement = supplier_client.get("/api/v1/settlements/?format=csv")
        assert statement.status_code == 200
        rows = b"".join(statement.streaming_content if statement.streaming else [statement.content]).decode()
        assert rows.splitlines()[1].startswith(str(order.settlement.pk))
    assert transactions_through(bouncer, dbname) > 10
    listing.refresh_from_db()
    assert listing.quantity_on_hand == 27
