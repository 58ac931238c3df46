"""Capabilities declared through the service, as a supplier's PUT would."""

from decimal import Decimal
from typing import Any

from marketplace.custom.models import Capability
from marketplace.custom.services import capability_set
from marketplace.organizations.models import Organization


def capability_data(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "bearing_types": ["tapered_roller"],
        "bore_min_mm": Decimal("50"),
        "bore_max_mm": Decimal("200"),
        "outer_diameter_max_mm": Decimal("300"),
        "precision_classes": ["P0", "P6", "P5"],
        "materials": ["GCr15", "G20CrNi2Mo"],
        "processes": ["turning", "grinding", "heat_treatment", "assembly"],
        "certifications": ["ISO9001", "IATF16949"],
        "monthly_capacity": 5000,
        "sample_lead_days": 20,
    }
    data.update({k: Decimal(str(v)) if k.endswith("_mm") else v for k, v in fields.items()})
    return data


def declare(supplier: Organization, **fields: Any) -> Capability:
    return capability_set(supplier=supplier, data=capability_data(**fields))
