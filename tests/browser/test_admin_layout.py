"""Back-office layout in a real browser at 1,400 px: the listings changelist fits (no wrapped SKUs,
price and stock in view) and the login page's language switch sits on one line."""

import shutil

import pytest

from catalog.models import Listing
from tests.admin.factories import listing_make
from tests.browser.test_admin_e2e import CHROMIUM, PASSWORD, page  # noqa: F401 - the page fixture
from tests.factories import OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium package is not installed"),
]

WIDTH = 1400


def test_login_language_switch_is_on_one_line(live_server: object, page: object) -> None:  # noqa: F811
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    tops = page.eval_on_selector_all("#language-switch button", "els => els.map(e => e.getBoundingClientRect().top)")
    assert len(tops) == 2
    assert abs(tops[0] - tops[1]) < 2
    name = page.eval_on_selector("#site-name", "e => e.getBoundingClientRect()")
    switch = page.eval_on_selector("#language-switch", "e => e.getBoundingClientRect()")
    assert switch["top"] < name["bottom"]  # beside the site name, not below it


def test_listings_changelist_fits_1400_px(live_server: object, page: object) -> None:  # noqa: F811
    UserFactory(organization=None, username="ops", is_staff=True, is_superuser=True, language="zh-hans")
    supplier = OrganizationFactory(name="临清市烟店镇鑫盛轴承商行有限责任公司（山东临清烟店轴承市场三区）")
    for n in range(5):
        listing = listing_make(supplier=supplier, designation="6205-2RSH/C3", price="12345.50")
        Listing.objects.filter(pk=listing.pk).update(sku=f"XS-6205-2RSH-C3-LINQING-{n:04d}")
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/catalog/listing/")
    page.fill("#id_username", "ops")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")
    widths = page.eval_on_selector_all(
        "#result_list thead th", "els => els.map(e => [e.className, Math.round(e.getBoundingClientRect().width)])"
    )
    table = page.eval_on_selector("#result_list", "e => ({right: e.getBoundingClientRect().right})")
    assert table["right"] <= WIDTH, widths
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    heights = page.eval_on_selector_all(
        "#result_list td.field-sku, #result_list th.field-sku", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    row = page.eval_on_selector("#result_list tbody tr", "e => e.getBoundingClientRect().height")
    assert heights
    assert max(heights) <= row + 1  # one line per SKU
    for column in ("field-quantity_available", "field-price"):
        box = page.eval_on_selector(f"#result_list td.{column}", "e => e.getBoundingClientRect()")
        assert 0 < box["right"] <= WIDTH
    assert "¥" in page.inner_text("#result_list td.field-price")
