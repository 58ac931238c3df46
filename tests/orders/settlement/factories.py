"""Orders ready to settle, built directly (the order services are exercised in tests/orders)."""

from decimal import Decimal

import factory

from orders.models import Order
from tests.factories import OrganizationFactory


class DeliveredOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"YD-T{n:08d}")
    buyer = factory.SubFactory(OrganizationFactory, kind="buyer", status="verified")
    supplier = factory.SubFactory(OrganizationFactory, kind="supplier", status="verified")
    status = "delivered"
    total = Decimal("1130.00")
    delivery_city = "Linqing"
