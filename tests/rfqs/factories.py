"""Factories for RFQ tests: listings with parsed columns and price breaks, RFQs through the service."""

from decimal import Decimal
from typing import Any

import factory

from catalog.models import Brand, Listing, PriceBreak
from catalog.services.parsing import parsed_attributes
from tests.factories import OrganizationFactory


def brand(code: str) -> Brand:
    return Brand.objects.get_or_create(code=code, defaults={"name": code})[0]


class ListingFactory(factory.django.DjangoModelFactory):
    """A listing whose attribute columns come from its designation, as the catalog derives them.

    `price` makes one break from 1; `breaks=[(min_quantity, price), ...]` several.
    """

    class Meta:
        model = Listing

    supplier = factory.SubFactory(OrganizationFactory, kind="supplier", status="verified")
    sku = factory.Sequence(lambda n: f"SKU-{n}")
    brand = factory.LazyFunction(lambda: brand("SKF"))
    designation = "6205-2RS"
    quantity_on_hand = 100
    moq = 1
    lead_time_days = 0

    @classmethod
    def _create(cls, model_class: type[Listing], *args: Any, **kwargs: Any) -> Listing:
        price = Decimal(str(kwargs.pop("price", "10.00")))
        breaks = kwargs.pop("breaks", None) or [(1, price)]
        if isinstance(kwargs.get("brand"), str):
            kwargs["brand"] = brand(kwargs["brand"])
        kwargs.update(parsed_attributes(kwargs["designation"], kwargs["brand"].code))
        breaks = [(q, Decimal(str(p))) for q, p in breaks]
        kwargs["base_unit_price"] = min(breaks)[1]
        kwargs["min_unit_price"] = min(p for _q, p in breaks)
        listing = model_class.objects.create(*args, **kwargs)
        PriceBreak.objects.bulk_create([PriceBreak(listing=listing, min_quantity=q, unit_price=p) for q, p in breaks])
        return Listing.objects.get(pk=listing.pk)
