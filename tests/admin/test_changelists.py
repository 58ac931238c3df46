"""Every model in the admin renders its changelist and change page, and the busy lists stay N+1-free."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

# The demo seed runs the services, whose use cases own durable transactions.
pytestmark = pytest.mark.django_db(transaction=True)

# The lists staff open all day, with the most queries a page of them may cost.
BUSY_CHANGELISTS = {
    "organizations.organization": 12,
    "catalog.listing": 12,
    "orders.order": 12,
    "rfqs.rfq": 12,
    "settlement.settlement": 12,
    "notifications.outboxevent": 12,
    "notifications.webhookdelivery": 12,
}


@pytest.fixture
def superuser_client() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def market(settings: object) -> None:
    """A small demo market through the apps' services, plus a webhook endpoint and its deliveries."""
    from marketplace.organizations.models import Organization
    from orders.notifications.models import OutboxEvent
    from orders.notifications.services.deliveries import webhook_deliveries_create
    from orders.notifications.services.webhooks import webhook_endpoint_create

    settings.MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("seed_demo", size=300, orders=15, stdout=io.StringIO())
    for organization in Organization.objects.all():
        webhook_endpoint_create(
            organization=organization, url="http://127.0.0.1:9/hooks", events=["order.placed", "order.confirmed"]
        )
    for event in OutboxEvent.objects.filter(type__in=["order.placed", "order.confirmed"])[:20]:
        webhook_deliveries_create(event=event, now=timezone.now())
    _claim_with_refund()


def _claim_with_refund() -> None:
    """A claim accepted with a refund on a freshly delivered order of the demo's parties."""
    from decimal import Decimal

    from marketplace.organizations.models import User
    from orders.claims.services import ClaimLineSpec, claim_file, claim_respond
    from orders.models import Order, OrderLine

    template = Order.objects.filter(lines__isnull=False).first()
    order = Order.objects.create(
        number="YD-ADMIN-CLAIM",
        buyer=template.buyer,
        supplier=template.supplier,
        status="delivered",
        total=Decimal("100.00"),
        delivered_at=timezone.now(),
    )
    line = OrderLine.objects.create(
        order=order, brand="SKF", designation="6205", quantity=10, unit_price=Decimal("10.00"), line_total=100
    )
    buyer_user = User.objects.filter(organization=order.buyer).first()
    supplier_user = User.objects.filter(organization=order.supplier).first()
    claim = claim_file(
        order=order,
        actor=buyer_user,
        kind="damaged",
        lines=[ClaimLineSpec(order_line_id=line.pk, quantity=1)],
        description="Dented",
        requested_amount=Decimal("10.00"),
    )
    claim_respond(claim_id=claim.pk, actor=supplier_user, action="accept")


def _label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_renders_changelist_and_change_page(market: None, superuser_client: Client) -> None:
    failures: list[str] = []
    empty: list[str] = []
    for model in admin.site._registry:
        response = superuser_client.get(_url(model, "changelist"))
        if response.status_code != 200:
            failures.append(f"{_label(model)} changelist → {response.status_code}")
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            empty.append(_label(model))
            continue
        response = superuser_client.get(_url(model, "change", obj.pk))
        if response.status_code != 200:
            failures.append(f"{_label(model)} change page → {response.status_code}")

    assert failures == []
    # Groups and a few bookkeeping tables have no row in a fresh market; everything else has one.
    assert set(empty) <= {
        "auth.group",
        "organizations.organizationdocument",
        "catalog.listingimport",
        "catalog.brandauthorization",  # suppliers upload their letters themselves
        "insights.scorecard",  # computed by the periodic task, not by the seed
    }


def test_busy_changelists_cost_a_bounded_number_of_queries(market: None, superuser_client: Client) -> None:
    costs: dict[str, int] = {}
    for model in admin.site._registry:
        label = _label(model)
        if label not in BUSY_CHANGELISTS:
            continue
        assert model._default_manager.count() >= 3, f"{label} needs several rows to show an N+1"
        with CaptureQueriesContext(connection) as queries:
            response = superuser_client.get(_url(model, "changelist"))
        assert response.status_code == 200
        costs[label] = len(queries)

    assert set(costs) == set(BUSY_CHANGELISTS), "a busy model is not registered in the admin"
    assert {label: n for label, n in costs.items() if n > BUSY_CHANGELISTS[label]} == {}
