"""Read replicas on a real streaming standby: search served by it, read-your-writes, a lagging or
stopped standby skipped, and no write ever sent to it."""

import re
import time
from collections.abc import Callable, Iterator

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from catalog.models import Listing
from marketplace.core.routing import replica_reads, replicas_forget
from tests.catalog.factories import ListingFactory, listing_payload
from tests.factories import OrganizationFactory, UserFactory
from tests.integration.pgcluster import StreamingPair, databases, streaming_pair, wait_for

pytestmark = pytest.mark.replica

URL = "/api/v1/listings/"


@pytest.fixture(scope="module")
def pair(django_db_blocker: object) -> Iterator[StreamingPair]:
    with streaming_pair() as started:
        yield started


@pytest.fixture
def routed(pair: StreamingPair, django_db_blocker: object, settings: object) -> Iterator[StreamingPair]:
    """This process reads and writes the throwaway primary, with its standby as replica_0; every
    statement the standby receives is recorded and must be a read."""
    settings.MARKETPLACE_REPLICA_ALIASES = ["replica_0"]
    settings.MARKETPLACE_REPLICA_MAX_LAG_SECONDS = 60
    settings.MARKETPLACE_REPLICA_PIN_SECONDS = 5
    settings.MARKETPLACE_REPLICA_CHECK_SECONDS = 0
    replicas_forget()
    with (
        django_db_blocker.unblock(),
        databases(default=(pair.primary.port, pair.dbname), replica_0=(pair.replica.port, pair.dbname)),
    ):
        with CaptureQueriesContext(connections["replica_0"]) as on_replica:
            yield pair
            replay_resume(pair)
        statements = [q["sql"].lstrip("( \n").upper() for q in on_replica.captured_queries]
        assert statements, "the standby was never read"
        # Reads only: SELECT, or the matcher's WITH / parenthesised UNION ALL of SELECTs.
        assert all(s.startswith(("SELECT", "WITH")) for s in statements), statements
        assert not any(re.search(r"\b(INSERT|UPDATE|DELETE|FOR UPDATE)\b", s) for s in statements)
    replicas_forget()


def replica_sql(sql: str) -> None:
    with connections["replica_0"].cursor() as cursor:
        cursor.execute(sql)


def replay_pause(pair: StreamingPair) -> None:
    """Freeze the standby where it is: later commits on the primary are not applied there."""
    caught_up(pair)
    pair.replica.psql(pair.dbname, "SELECT pg_wal_replay_pause()")


def replay_resume(pair: StreamingPair) -> None:
    if pair.replica.psql(pair.dbname, "SELECT pg_is_in_recovery()") == "t":
        pair.replica.psql(pair.dbname, "SELECT pg_wal_replay_resume()")


def caught_up(pair: StreamingPair) -> None:
    target = pair.primary.psql(pair.dbname, "SELECT pg_current_wal_lsn()")
    assert wait_for(
        lambda: pair.replica.psql(pair.dbname, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t", 20
    )


@pytest.fixture
def client_of() -> Callable[[object], APIClient]:
    def _client(org: object) -> APIClient:
        client = APIClient()
        client.force_authenticate(UserFactory(organization=org))
        return client

    return _client


def found(client: APIClient, q: str) -> set[str]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    return {row["sku"] for row in response.json()["results"]}


def test_search_is_served_by_the_replica(routed: StreamingPair, client_of: Callable) -> None:
    supplier = OrganizationFactory(kind="supplier")
    buyer = client_of(OrganizationFactory(kind="buyer"))
    ListingFactory(supplier=supplier, sku="ON-BOTH", designation="6204-2RS")
    replay_pause(routed)
    # Committed on the primary after the standby stopped applying changes.
    ListingFactory(supplier=supplier, sku="PRIMARY-ONLY", designation="6204-2RS")

    with CaptureQueriesContext(connections["replica_0"]) as on_replica:
        assert found(buyer, "6204-2RS") == {"ON-BOTH"}
    assert any(Listing._meta.db_table in q["sql"] for q in on_replica.captured_queries)

    replay_resume(routed)
    caught_up(routed)
    assert found(buyer, "6204-2RS") == {"ON-BOTH", "PRIMARY-ONLY"}


def test_match_candidates_are_read_from_the_replica_and_the_rfq_from_the_primary(
    routed: StreamingPair, client_of: Callable, settings: object
) -> None:
    settings.MARKETPLACE_REPLICA_PIN_SECONDS = 1
    buyer = client_of(OrganizationFactory(kind="buyer"))
    seen = ListingFactory(supplier=OrganizationFactory(kind="supplier"), sku="M-BOTH", designation="6305-2RS")
    caught_up(routed)
    replay_pause(routed)
    unseen = ListingFactory(supplier=OrganizationFactory(kind="supplier"), sku="M-PRIMARY", designation="6305-2RS")
    # Written after the standby froze: only the primary knows this RFQ.
    rfq = buyer.post("/api/v1/rfqs/", {"title": "t", "lines": [{"designation": "6305-2RS", "quantity": 5}]})
    assert rfq.status_code == 201, rfq.content
    time.sleep(1.1)  # the buyer's pin runs out

    response = buyer.get(f"/api/v1/rfqs/{rfq.json()['id']}/matches/")
    assert response.status_code == 200, response.content
    listed = {m["listing"] for m in response.json()["lines"][0]["matches"]}
    assert seen.pk in listed
    assert unseen.pk not in listed


def test_an_organisation_reads_its_own_writes_then_the_replica_again(
    routed: StreamingPair, client_of: Callable, settings: object
) -> None:
    settings.MARKETPLACE_REPLICA_PIN_SECONDS = 2
    supplier = client_of(OrganizationFactory(kind="supplier"))
    buyer = client_of(OrganizationFactory(kind="buyer"))
    replay_pause(routed)

    created = supplier.post(URL, listing_payload(sku="JUST-WRITTEN", designation="6306-2Z"), format="json")
    assert created.status_code == 201, created.content

    assert found(supplier, "6306-2Z") == {"JUST-WRITTEN"}  # the writer: primary
    assert found(buyer, "6306-2Z") == set()  # anyone else: the (frozen) standby
    time.sleep(2.1)
    assert found(supplier, "6306-2Z") == set()  # pin over: the standby again


def test_a_replica_lagging_past_the_limit_is_skipped(
    routed: StreamingPair, client_of: Callable, settings: object
) -> None:
    settings.MARKETPLACE_REPLICA_MAX_LAG_SECONDS = 1
    supplier = OrganizationFactory(kind="supplier")
    buyer = client_of(OrganizationFactory(kind="buyer"))
    replay_pause(routed)
    ListingFactory(supplier=supplier, sku="BEHIND", designation="6008-2RS")
    time.sleep(1.5)

    health = APIClient().get("/healthz").json()
    assert health["replicas"][0]["alias"] == "replica_0"
    assert health["replicas"][0]["ok"] is False
    assert health["replicas"][0]["lag_seconds"] > 1
    assert found(buyer, "6008-2RS") == {"BEHIND"}  # read from the primary


def test_an_idle_caught_up_replica_reports_no_lag(routed: StreamingPair) -> None:
    caught_up(routed)
    time.sleep(1.5)  # nothing committed meanwhile: the last replayed commit ages, the lag must not
    health = APIClient().get("/healthz").json()
    assert health["replicas"] == [{"alias": "replica_0", "ok": True, "lag_seconds": 0.0}]


def test_search_fails_over_to_the_primary_when_the_replica_stops(routed: StreamingPair, client_of: Callable) -> None:
    supplier = OrganizationFactory(kind="supplier")
    buyer = client_of(OrganizationFactory(kind="buyer"))
    ListingFactory(supplier=supplier, sku="STAYS", designation="6010-2Z")
    caught_up(routed)
    assert found(buyer, "6010-2Z") == {"STAYS"}  # a replica connection is open

    routed.replica.stop("immediate")
    try:
        assert found(buyer, "6010-2Z") == {"STAYS"}
        health = APIClient().get("/healthz")
        assert health.status_code == 200
        assert health.json()["replicas"] == [{"alias": "replica_0", "ok": False, "lag_seconds": None}]
        assert found(buyer, "6010-2Z") == {"STAYS"}
    finally:
        routed.replica.start("-c hot_standby=on")
        connections["replica_0"].close()
        assert wait_for(lambda: routed.replica.psql(routed.dbname, "SELECT 1") == "1", 30)


def test_writes_and_migrations_never_go_to_a_replica(routed: StreamingPair) -> None:
    supplier = OrganizationFactory(kind="supplier")
    caught_up(routed)
    with replica_reads():
        assert router.db_for_read(Listing) == "replica_0"
        assert router.db_for_write(Listing) == "default"
        listing = ListingFactory(supplier=supplier, sku="WRITTEN-INSIDE", designation="6203")
        listing.lead_time_days = 7
        listing.save()
        Listing.objects.filter(pk=listing.pk).update(moq=3)
    written = Listing.objects.get(pk=listing.pk)
    assert (written.lead_time_days, written.moq) == (7, 3)
    assert router.allow_migrate("replica_0", "catalog") is False
    assert router.allow_migrate("default", "catalog") is True


def test_reads_outside_replica_reads_use_the_primary(routed: StreamingPair) -> None:
    assert router.db_for_read(Listing) == "default"
    with replica_reads(organization_id=None):
        assert router.db_for_read(Listing) == "replica_0"
    assert router.db_for_read(Listing) == "default"
