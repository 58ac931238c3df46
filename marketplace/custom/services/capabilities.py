"""A supplier declares what it can make: one capability per supplier, replaced whole by each PUT."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.exceptions import InvalidInput, NotAllowed
from marketplace.custom.choices import CapabilityFacet
from marketplace.custom.models import Capability, CapabilityValue
from marketplace.organizations.choices import OrganizationKind
from marketplace.organizations.models import Organization

# The input's list fields and the facet each is stored under.
LIST_FACETS = {
    "bearing_types": CapabilityFacet.BEARING_TYPE,
    "precision_classes": CapabilityFacet.PRECISION,
    "materials": CapabilityFacet.MATERIAL,
    "processes": CapabilityFacet.PROCESS,
    "certifications": CapabilityFacet.CERTIFICATION,
}


@transaction.atomic(durable=True)
def capability_set(*, supplier: Organization, data: Mapping[str, Any]) -> Capability:
    """Create or replace the supplier's capabilities (figures and every list) in one transaction."""
    if supplier.kind != OrganizationKind.SUPPLIER:
        raise NotAllowed(_("Only supplier organisations declare capabilities."))
    if data["bore_max_mm"] < data["bore_min_mm"]:
        raise InvalidInput(
            _("bore_max_mm must not be below bore_min_mm."),
            errors={"bore_max_mm": [_("Must be at least bore_min_mm.")]},
        )
    capability, _created = Capability.objects.select_for_update().update_or_create(
        supplier=supplier,
        defaults={
            name: data[name]
            for name in ("bore_min_mm", "bore_max_mm", "outer_diameter_max_mm", "monthly_capacity", "sample_lead_days")
        },
    )
    capability.values.all().delete()
    rows = [
        CapabilityValue(capability=capability, facet=facet, value=value)
        for name, facet in LIST_FACETS.items()
        for value in dict.fromkeys(data.get(name) or [])
    ]
    CapabilityValue.objects.bulk_create(rows)
    return Capability.objects.prefetch_related("values").get(pk=capability.pk)
