"""Catalog factories: listings are made through the service so parsed columns are real."""

from decimal import Decimal
from typing import Any

import factory

from catalog.models import Listing
from catalog.services import listing_create
from tests.factories import OrganizationFactory


class ListingFactory(factory.Factory):
    """ListingFactory(supplier=org, brand="SKF", designation="6205-2RSH/C3", unit_price="12.50")."""

    class Meta:
        model = Listing

    supplier = factory.SubFactory(OrganizationFactory, kind="supplier", status="verified")
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    brand = "SKF"
    designation = "6205-2RSH/C3"
    quantity_available = 100
    moq = 1
    lead_time_days = 0
    unit_price = Decimal("12.50")
    price_breaks = None
    warehouse_city = "Linqing"

    @classmethod
    def _create(cls, model_class: type[Listing], **kwargs: Any) -> Listing:
        supplier = kwargs.pop("supplier")
        unit_price = kwargs.pop("unit_price")
        breaks = kwargs.pop("price_breaks") or [{"min_quantity": 1, "unit_price": str(unit_price)}]
        return listing_create(supplier=supplier, data={**kwargs, "price_breaks": breaks})


def listing_payload(**overrides: Any) -> dict[str, Any]:
    """A valid POST /api/v1/listings/ body."""
    body: dict[str, Any] = {
        "sku": "A-6205",
        "brand": "SKF",
        "designation": "6205-2RSH/C3",
        "quantity_available": 100,
        "moq": 10,
        "lead_time_days": 3,
        "price_breaks": [{"min_quantity": 1, "unit_price": "12.50"}, {"min_quantity": 100, "unit_price": "11.00"}],
        "warehouse_city": "Linqing",
    }
    body.update(overrides)
    return body
