"""The replica router's rules that need no replica: pins after writes, reads on the primary by
default (the real standby is exercised in tests/integration/test_replicas.py)."""

import time

import pytest
from django.db import connections, router

from catalog.models import Listing
from marketplace.core.routing import organization_pinned, organization_wrote, replica_health_check, replica_reads
from tests.catalog.factories import listing_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_replica(settings: object) -> object:
    settings.MARKETPLACE_REPLICA_ALIASES = ["replica_0"]
    settings.MARKETPLACE_REPLICA_PIN_SECONDS = 1
    return settings


def test_a_write_pins_the_organisation_until_the_pin_expires(with_replica: object) -> None:
    organization_wrote(41)
    assert organization_pinned(41)
    assert not organization_pinned(42)
    time.sleep(1.1)
    assert not organization_pinned(41)


def test_without_replicas_nothing_is_pinned_and_reads_stay_on_the_primary() -> None:
    organization_wrote(41)
    assert not organization_pinned(41)
    with replica_reads(organization_id=41):
        assert router.db_for_read(Listing) == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(with_replica: object) -> None:
    # pytest-django runs this test inside a transaction on the primary.
    with replica_reads():
        assert router.db_for_read(Listing) == "default"
    assert router.db_for_write(Listing) == "default"


def test_a_write_request_pins_its_organisation_and_a_read_does_not(
    with_replica: object, supplier_client: object, supplier: object, buyer_client: object, buyer: object
) -> None:
    assert buyer_client.get("/api/v1/listings/").status_code == 200
    assert not organization_pinned(buyer.pk)
    response = supplier_client.post("/api/v1/listings/", listing_payload(sku="PIN-1"), format="json")
    assert response.status_code == 201
    assert organization_pinned(supplier.pk)


def test_a_failed_write_request_pins_too(with_replica: object, supplier_client: object, supplier: object) -> None:
    # A rejected write may still have committed something before failing; pinning is cheap.
    response = supplier_client.post("/api/v1/listings/", {"sku": ""}, format="json")
    assert response.status_code == 400
    assert organization_pinned(supplier.pk)


def test_a_replica_alias_mirroring_the_primary_is_never_used(with_replica: object) -> None:
    """The ordinary suite runs replicas as TEST MIRRORs of the test database: not replicas."""
    connections.settings["replica_0"] = {**connections["default"].settings_dict}
    try:
        health = replica_health_check("replica_0")
    finally:
        del connections.settings["replica_0"]
    assert (health.ok, health.lag_seconds) == (False, None)
