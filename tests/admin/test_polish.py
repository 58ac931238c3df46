"""Back-office polish: amounts grouped by thousands in Chinese too, order statuses in e-mail in
the reader's language, the listings changelist's compact columns."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import translation

from catalog.admin import ListingAdmin
from catalog.models import Listing
from orders.notifications.services import outbox_publish
from tests.catalog.factories import ListingFactory
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_amounts_have_thousands_separators_in_both_languages(language) -> None:
    with translation.override(language):
        assert floatformat(Decimal("1234567.5"), "2g") == "1,234,567.50"


def test_listing_price_column_is_grouped_in_chinese(supplier) -> None:
    listing = ListingFactory(supplier=supplier, unit_price="12345.50")
    admin = ListingAdmin(Listing, None)
    with translation.override("zh-hans"):
        assert admin.price(listing) == "¥12,345.50"
    assert "canonical" not in admin.list_display
    assert admin.list_display[0] == "sku"


def test_email_states_the_order_status_in_the_readers_language(django_capture_on_commit_callbacks) -> None:
    org = OrganizationFactory()
    UserFactory(organization=org, language="zh-hans", email="li@example.com")
    UserFactory(organization=org, language="en", email="ann@example.com")
    data = {"id": 7, "number": "YD-20260301-0007", "status": "shipped"}
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox_publish(event_type="order.shipped", data=data, organization_ids=[org.pk])
    messages = {message.to[0]: message for message in mail.outbox}
    chinese, english = messages["li@example.com"], messages["ann@example.com"]
    assert "状态：已发货" in chinese.body
    assert "已发货" in chinese.alternatives[0].content
    assert "shipped" not in chinese.body.split("order.shipped")[0]
    assert "Status: Shipped" in english.body
