"""The listing search: query parameters of GET /api/v1/listings/ as a django-filter FilterSet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import Case, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from catalog.authorized import authorization_counts
from catalog.choices import PRECISION_RANK, BearingType, Clearance, Seal
from catalog.designations import parse, snap_mm
from catalog.designations.sizetext import size_from_text
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
    authorized = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")],
        coerce=lambda value: value in {"true", "1"},
        method="filter_authorized",
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
        # Explicit ordering keys come first; what q implies (its brand, the family's plain
        # variant) ranks within them; the id keeps pages stable.
        explicit = [key for key in queryset.query.order_by if key != "id"]
        rank = getattr(self, "_q_rank", [])
        if rank or not explicit:
            queryset = queryset.order_by(*explicit, *rank, "id")
        return queryset

    def _explicit(self, name: str) -> bool:
        """The caller filtered on this field: it wins over what q implies."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return cleaned.get(name) not in {None, ""}

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Designation in any notation (a bare base is the whole family), size text, free text, or an exact SKU."""
        text = value.strip()
        if not text:
            return queryset
        rank: list[Any] = []
        condition = self._q_condition(text, rank)
        self._q_rank = rank
        # One query: the designation (or size, or text) match, or the exact SKU of a visible listing.
        return queryset.filter(condition | Q(sku=text))

    def _q_condition(self, text: str, rank: list[Any]) -> Q:
        size = size_from_text(text)
        if size is not None:
            dimensions = dict(zip(("bore_mm", "outer_diameter_mm", "width_mm"), size, strict=True))
            return Q(**{field: mm for field, mm in dimensions.items() if not self._explicit(field)})
        parsed = parse(text)
        if not parsed.recognized:
            key = fold_search_key(text)
            if not key:
                return Q(pk__in=[])
            return Q(search_key__startswith=key) if len(key) < MIN_CONTAINS else Q(search_key__contains=key)
        if parsed.brand:
            # The brand row is already joined (select_related): no extra query.
            rank.append(Case(When(brand__code=parsed.brand, then=Value(0)), default=Value(1)))
        condition = Q(base_designation=parsed.base_designation, variant=parsed.variant or "")
        if parsed.canonical == parsed.base_designation:
            # A bare base (`6205`) names the family: any seal, clearance and precision, plain ones first.
            rank.append(Case(When(seal="open", clearance="CN", precision_rank=0, then=Value(0)), default=Value(1)))
            return condition
        if not self._explicit("seal"):
            condition &= Q(seal=parsed.seal or "")
        if not self._explicit("clearance"):
            condition &= Q(clearance=parsed.clearance or "")
        return condition & Q(precision_rank__gte=PRECISION_RANK.get(parsed.precision or "P0", 0))

    def filter_authorized(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Listings whose supplier holds a counting authorisation for the brand (an EXISTS probe)."""
        if value is None:
            return queryset
        counting = authorization_counts(supplier=OuterRef("supplier_id"), brand=OuterRef("brand_id"))
        return queryset.filter(counting if value else ~counting)

    def filter_in_stock(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is True:
            return queryset.filter(quantity_available__gt=0)
        if value is False:
            return queryset.filter(quantity_available__lte=0)
        return queryset
