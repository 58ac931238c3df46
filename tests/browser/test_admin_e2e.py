"""The back office in a real browser: headless Chromium (Debian's package) driven by Playwright."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from marketplace.insights.prices.trades import china_today
from orders.models import OrderEvent
from tests.admin.factories import listing_make, order_make
from tests.factories import OrganizationFactory, UserFactory
from tests.insights.trades import settled_trade

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "s3cret-pass-123"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium package is not installed"),
]


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


def _screenshot(page: object, name: str, tmp_path: Path) -> None:
    """Screenshots go to $BROWSER_SCREENSHOTS_DIR when set (to look at them), else to the test's tmp dir."""
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def test_staff_verifies_a_supplier_reads_an_order_switches_to_chinese_and_sees_the_dashboard(
    live_server: object, page: object, tmp_path: Path
) -> None:
    UserFactory(organization=None, username="ops", is_staff=True, is_superuser=True, language="en")
    pending = OrganizationFactory(name="临清市烟店新兴轴承商行", kind="supplier", status="pending")
    supplier = OrganizationFactory(name="临清市烟店鑫盛轴承商行")
    # Three settled trades from two suppliers publish today's index of 6205-2RS.
    other = OrganizationFactory(kind="supplier", status="verified")
    for seller, price in ((supplier, "10.00"), (other, "10.40"), (other, "10.60")):
        settled_trade(supplier=seller, designation="6205-2RS", brand_code="ZWZ", unit_price=price, quantity=20,
                      day=china_today())  # fmt: skip
    listing = listing_make(supplier=supplier, designation="6205-2RS")
    order = order_make(supplier=supplier, lines=[(listing, 100, "8.50")])
    OrderEvent.objects.create(order=order, from_status="placed", to_status="confirmed", note="现货，今日发出")
    base = live_server.url

    # Log in.
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "ops")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#market-dashboard")

    # Verify the pending supplier with the admin action.
    page.goto(f"{base}/admin/organizations/organization/?status__exact=pending")
    page.check(f"input.action-select[value='{pending.pk}']")
    page.select_option("select[name=action]", "verify")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")
    pending.refresh_from_db()
    assert pending.status == "verified"

    # The order's page shows its audit trail inline.
    page.goto(f"{base}/admin/orders/order/{order.pk}/change/")
    assert page.locator("body").inner_text().count("现货，今日发出") == 1
    assert "6205-2RS" in page.locator("body").inner_text()

    # Switch the admin to Chinese with the header's language switch.
    page.click("#language-switch button[value='zh-hans']")
    page.wait_for_selector("html[lang='zh-hans']")
    page.wait_for_load_state("load")  # the redirected page may still be streaming in
    text = page.locator("body").inner_text()
    assert "烟店轴承交易所" in text
    assert "订单事件" in text  # the inline's title
    assert "已确认" in text  # the event's status label
    page.goto(f"{base}/admin/")
    assert "今日成交额" in page.locator("#market-dashboard").inner_text()
    _screenshot(page, "admin-dashboard-zh.png", tmp_path)

    # The dashboard draws its charts as inline SVG.
    page.goto(f"{base}/admin/?designation=6205-2RS")
    assert page.locator("svg#traded-chart rect.bar").count() == 30
    assert page.locator("svg#trend-chart .tier-all circle.point").count() == 1
    assert page.locator("svg#trend-chart .tier-all polyline.index-line").count() == 1
    assert page.locator("#barometer-top").inner_text().count("6205-2RS") == 1
    _screenshot(page, "admin-dashboard-trend-zh.png", tmp_path)

    page.click("#language-switch button[value='en']")
    page.wait_for_selector("html[lang='en']")
    page.wait_for_load_state("load")
    assert "Market at a glance" in page.locator("#market-dashboard").inner_text()
    _screenshot(page, "admin-dashboard-en.png", tmp_path)
