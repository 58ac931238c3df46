"""Listings to order from, made directly (the catalog's own services are not needed here)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import factory

from catalog.models import Brand, Listing, PriceBreak
from marketplace.organizations.models import Organization
from tests.factories import OrganizationFactory


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("code",)

    code = "SKF"
    name = "SKF"


class ListingFactory(factory.django.DjangoModelFactory):
    """A verified supplier's active listing; `breaks` gives the price breaks as (min_quantity, price)."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    supplier = factory.SubFactory(OrganizationFactory, kind="supplier", status="verified")
    sku = factory.Sequence(lambda n: f"SKU-{n}")
    brand = factory.SubFactory(BrandFactory)
    designation = "6205-2RS C3"
    base_designation = "6205"
    quantity_on_hand = 100
    moq = 1
    base_unit_price = Decimal("12.50")

    @factory.post_generation
    def breaks(self, create: bool, extracted: Sequence[tuple[int, str]] | None, **kwargs: Any) -> None:
        rows = extracted if extracted is not None else [(1, str(self.base_unit_price))]
        if create:
            PriceBreak.objects.bulk_create(
                [PriceBreak(listing=self, min_quantity=q, unit_price=Decimal(p)) for q, p in rows]
            )


def listing_with(stock: int, *, supplier: Organization | None = None, **fields: Any) -> Listing:
    """A listing with `stock` units on hand."""
    if supplier is not None:
        fields["supplier"] = supplier
    return ListingFactory(quantity_on_hand=stock, **fields)


def stock_of(listing: Listing) -> tuple[int, int]:
    """(on hand, reserved) as the database has them now."""
    listing.refresh_from_db()
    return listing.quantity_on_hand, listing.quantity_reserved
