"""Real concurrent transactions on PostgreSQL: two awards racing on one request make one order."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.core.exceptions import DomainError
from marketplace.custom.models import CustomAward
from marketplace.custom.services import custom_quote_submit, custom_request_award, custom_request_create
from orders.models import Order
from tests.custom.factories import declare
from tests.factories import OrganizationFactory, UserFactory
from tests.orders.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_racing_awards_make_exactly_one_order() -> None:
    buyer = OrganizationFactory(kind="buyer", status="verified")
    buyer_user = UserFactory(organization=buyer)
    makers = [OrganizationFactory(kind="supplier", status="verified") for _ in range(2)]
    for maker in makers:
        declare(maker)
    request = custom_request_create(
        buyer=buyer,
        actor=buyer_user,
        data={
            "title": "Race",
            "bearing_type": "tapered_roller",
            "bore_mm": Decimal(110),
            "outer_diameter_mm": Decimal(180),
            "width_mm": Decimal(38),
            "quantity": 500,
            "application": "test",
            "deadline": timezone.now() + timedelta(days=1),
        },
    )
    quotes = [
        custom_quote_submit(
            request=request,
            actor=UserFactory(organization=maker),
            data={
                "unit_price": Decimal("300.00"),
                "tooling_cost": Decimal("1000.00"),
                "sample_quantity": 2,
                "sample_lead_days": 10,
                "production_lead_days": 30,
                "moq": 100,
                "valid_until": timezone.localdate() + timedelta(days=10),
            },
        )
        for maker in makers
    ]

    def work(index: int) -> object:
        return custom_request_award(request=request, actor=buyer_user, quote_id=quotes[index].pk, quantity=500)

    results = run_together(8, lambda i: work(i % 2))
    kinds = Counter(type(r).__name__ for r in results)
    assert kinds["Order"] == 1, results
    assert all(isinstance(r, (Order, DomainError)) for r in results)
    assert Order.objects.count() == 1
    assert CustomAward.objects.count() == 1
