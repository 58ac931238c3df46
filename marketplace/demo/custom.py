"""Demo custom bearings: makers declare capabilities, buyers ask for non-standard bearings, makers quote."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from marketplace.custom.models import CustomRequest, CustomRequestInvitation
from marketplace.custom.services import capability_set, custom_quote_submit, custom_request_award, custom_request_create
from marketplace.demo.seeding import Market, Say

# Makers of rollers with their own heat treatment, and a ball maker (usernames of demo suppliers).
CAPABILITIES: dict[str, dict[str, object]] = {
    "hongtu": {
        "bearing_types": ["tapered_roller", "cylindrical_roller", "spherical_roller"],
        "bore_min_mm": Decimal(20),
        "bore_max_mm": Decimal(300),
        "outer_diameter_max_mm": Decimal(460),
        "precision_classes": ["P0", "P6", "P5"],
        "materials": ["GCr15", "GCr15SiMn", "G20CrNi2Mo", "G20Cr2Ni4"],
        "processes": ["turning", "grinding", "heat_treatment", "salt_bath_quenching", "assembly", "inspection"],
        "certifications": ["ISO9001", "IATF16949"],
        "monthly_capacity": 20000,
        "sample_lead_days": 25,
    },
    "wantong": {
        "bearing_types": ["tapered_roller", "cylindrical_roller"],
        "bore_min_mm": Decimal(30),
        "bore_max_mm": Decimal(200),
        "outer_diameter_max_mm": Decimal(320),
        "precision_classes": ["P0", "P6"],
        "materials": ["GCr15", "G20CrNi2Mo"],
        "processes": ["turning", "grinding", "heat_treatment", "assembly"],
        "certifications": ["ISO9001", "IATF16949"],
        "monthly_capacity": 8000,
        "sample_lead_days": 30,
    },
    "shunfa": {
        "bearing_types": ["deep_groove_ball", "angular_contact_ball", "thrust_ball"],
        "bore_min_mm": Decimal(3),
        "bore_max_mm": Decimal(120),
        "outer_diameter_max_mm": Decimal(180),
        "precision_classes": ["P0", "P6", "P5", "P4"],
        "materials": ["GCr15", "G95Cr18"],
        "processes": ["turning", "grinding", "superfinishing", "sealing", "assembly", "inspection"],
        "certifications": ["ISO9001"],
        "monthly_capacity": 50000,
        "sample_lead_days": 15,
    },
}


@dataclass(frozen=True)
class DemoCustomRequest:
    buyer: str
    title: str
    spec: dict[str, object]
    outcome: str  # "open" or "awarded"


DEMO_REQUESTS: tuple[DemoCustomRequest, ...] = (
    DemoCustomRequest(
        "haian_gear",
        "减速机输出轴非标圆锥滚子轴承 110×180×38",
        {
            "bearing_type": "tapered_roller",
            "bore_mm": Decimal(110),
            "outer_diameter_mm": Decimal(180),
            "width_mm": Decimal(38),
            "precision": "P6",
            "material": "G20CrNi2Mo",
            "processes": ["heat_treatment", "grinding"],
            "certifications": ["IATF16949"],
            "quantity": 400,
            "annual_quantity": 4800,
            "target_unit_price": Decimal("320.00"),
            "application": "风电齿轮箱输出轴，渗碳钢",
        },
        "awarded",
    ),
    DemoCustomRequest(
        "wujiang_textile",
        "纺织锭子薄壁深沟球轴承",
        {
            "bearing_type": "deep_groove_ball",
            "bore_mm": Decimal(45),
            "outer_diameter_mm": Decimal(58),
            "width_mm": Decimal(7),
            "precision": "P5",
            "processes": ["superfinishing", "sealing"],
            "quantity": 3000,
            "application": "高速纺纱锭子，目录无此尺寸",
        },
        "open",
    ),
)


def custom_ensure(*, market: Market, say: Say) -> int:
    """Capabilities of three makers, two custom requests (keyed on buyer and title), quotes, one award."""
    for username, data in CAPABILITIES.items():
        capability_set(supplier=market.suppliers[username].organization, data=data)
    by_org = {p.organization.pk: p for p in market.suppliers.values()}
    today = timezone.localdate()
    made = 0
    for spec in DEMO_REQUESTS:
        buyer = market.buyers[spec.buyer]
        if CustomRequest.objects.filter(buyer=buyer.organization, title=spec.title).exists():
            continue
        made += 1
        request = custom_request_create(
            buyer=buyer.organization,
            actor=buyer.user,
            data={"title": spec.title, "deadline": timezone.now() + timedelta(days=10), **spec.spec},
        )
        quotes = []
        base_price = Decimal("298.00") if spec.outcome == "awarded" else Decimal("36.50")
        for offset, invitation in enumerate(CustomRequestInvitation.objects.filter(request=request)):
            supplier = by_org[invitation.supplier_id]
            quotes.append(
                custom_quote_submit(
                    request=request,
                    actor=supplier.user,
                    data={
                        "unit_price": base_price + 12 * offset,
                        "tooling_cost": Decimal("12000.00"),
                        "sample_quantity": 4,
                        "sample_lead_days": 25,
                        "production_lead_days": 45,
                        "moq": 200,
                        "valid_until": today + timedelta(days=30),
                        "note": "含税，样品检测报告随货",
                    },
                )
            )
        if spec.outcome == "awarded" and quotes:
            custom_request_award(request=request, actor=buyer.user, quote_id=quotes[0].pk, quantity=400)
    say(f"Custom requests: {made} created ({len(DEMO_REQUESTS)} in the demo), {len(CAPABILITIES)} makers declared.")
    return made
