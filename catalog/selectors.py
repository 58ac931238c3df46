"""Catalog reads, scoped to what the caller may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet
from rest_framework.exceptions import ValidationError

from catalog.authorized import authorization_counts
from catalog.filters import ListingFilter
from catalog.models import BrandAuthorization, Listing, ListingImport, PriceBreak
from marketplace.organizations.choices import OrganizationStatus
from marketplace.organizations.models import Organization

# to_attr keeps a plain list per listing instead of a related manager's cached queryset.
PRICE_BREAKS = Prefetch(
    "price_breaks", queryset=PriceBreak.objects.order_by("min_quantity"), to_attr="price_break_list"
)


def _listings() -> QuerySet[Listing]:
    # `authorized` is one EXISTS probe per row on the partial authorisation index: still one query.
    return (
        Listing.objects.filter(deleted_at__isnull=True)
        .select_related("brand")
        .annotate(supplier_status=F("supplier__status"))
        .prefetch_related("price_breaks")
        .annotate(authorized=authorization_counts(supplier=OuterRef("supplier_id"), brand=OuterRef("brand_id")))
    )


def listings_visible_to(org: Organization | None) -> QuerySet[Listing]:
    """Active listings of verified suppliers, plus every listing of the caller's own organisation."""
    public = Q(is_active=True, supplier__status=OrganizationStatus.VERIFIED)
    return _listings().filter(public | Q(supplier_id=org.pk) if org is not None else public)


def listings_owned_by(org: Organization | None) -> QuerySet[Listing]:
    """The organisation's own listings (the only ones it may change)."""
    if org is None:
        return Listing.objects.none()
    return _listings().filter(supplier_id=org.pk)


def listing_get_visible(*, org: Organization | None, listing_id: int) -> Listing | None:
    return listings_visible_to(org).filter(pk=listing_id).first()


def listing_get_owned(*, org: Organization | None, listing_id: int) -> Listing | None:
    return listings_owned_by(org).filter(pk=listing_id).first()


def listings_search(*, org: Organization | None, params: Mapping[str, Any]) -> QuerySet[Listing]:
    """Visible listings filtered and ordered by the list endpoint's query parameters.

    Raises ValidationError naming the parameter when a value is not acceptable.
    """
    filterset = ListingFilter(params, queryset=listings_visible_to(org))
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


def listing_imports_of(org: Organization | None) -> QuerySet[ListingImport]:
    if org is None:
        return ListingImport.objects.none()
    return ListingImport.objects.filter(supplier_id=org.pk)


def brand_authorizations_visible_to(user: Any) -> QuerySet[BrandAuthorization]:
    """Staff see every authorisation; a supplier's users their own organisation's."""
    queryset = BrandAuthorization.objects.select_related("brand", "supplier").order_by("-created_at", "-pk")
    if user.is_staff:
        return queryset
    org_id = getattr(user, "organization_id", None)
    return queryset.filter(supplier_id=org_id) if org_id else queryset.none()
