"""The listing search: query parameters of GET /api/v1/listings/ as a django-filter FilterSet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.choices import PRECISION_RANK, BearingType, Clearance, Seal
from catalog.designations import parse, snap_mm
from catalog.models import Listing
from catalog.services.inputs import BrandResolver, fold_search_key
from marketplace.core.limits import ID_MAX

MAX_Q_LENGTH = 200
MIN_CONTAINS = 3  # a trigram index serves substrings of three characters or more


class BrandField(forms.CharField):
    """A brand code or alias, resolved to the Brand's id."""

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        brand = BrandResolver().resolve(text)
        if brand is None:
            raise forms.ValidationError(_('Unknown brand "%(brand)s".'), params={"brand": text})
        return brand.pk


class BrandFilter(django_filters.Filter):
    field_class = BrandField


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class DimensionFilter(django_filters.NumberFilter):
    """A dimension in mm; inch sizes written within catalogue rounding (14.287 for 14.288) still match."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(max_digits=9, decimal_places=3, min_value=Decimal(0), max_value=Decimal("999999.999"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Decimal | None) -> QuerySet:
        return super().filter(qs, None if value is None else snap_mm(value))


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the requested key with the id as tiebreak, so pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        ordering = [self.get_ordering_value(param) for param in value or [] if param]
        return qs.order_by(*ordering, "id")


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=MAX_Q_LENGTH)
    brand = BrandFilter(field_name="brand_id")
    bearing_type = django_filters.ChoiceFilter(choices=BearingType.choices)
    seal = django_filters.ChoiceFilter(choices=Seal.choices)
    clearance = django_filters.ChoiceFilter(choices=Clearance.choices)
    bore_mm = DimensionFilter()
    outer_diameter_mm = DimensionFilter()
    width_mm = DimensionFilter()
    in_stock = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")],
        coerce=lambda value: value in {"true", "1"},
        method="filter_in_stock",
    )
    supplier = IdFilter(field_name="supplier_id")
    ordering = StableOrderingFilter(
        fields=(
            ("base_unit_price", "unit_price"),
            ("quantity_available", "quantity_available"),
            ("lead_time_days", "lead_time_days"),
        )
    )

    class Meta:
        model = Listing
        fields: list[str] = []

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        # With no ordering parameter the filter above does not run; keep pages stable anyway.
        return queryset if queryset.query.order_by else queryset.order_by("id")

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A recognised designation finds the same bearing in every brand's notation; other text by substring."""
        text = value.strip()
        if not text:
            return queryset
        parsed = parse(text)
        if parsed.recognized:
            return queryset.filter(
                base_designation=parsed.base_designation,
                variant=parsed.variant or "",
                seal=parsed.seal or "",
                clearance=parsed.clearance or "",
                precision_rank__gte=PRECISION_RANK.get(parsed.precision or "P0", 0),
            )
        key = fold_search_key(text)
        if not key:
            return queryset.none()
        if len(key) < MIN_CONTAINS:
            return queryset.filter(search_key__startswith=key)
        return queryset.filter(search_key__contains=key)

    def filter_in_stock(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is True:
            return queryset.filter(quantity_available__gt=0)
        if value is False:
            return queryset.filter(quantity_available__lte=0)
        return queryset
