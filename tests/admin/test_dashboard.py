"""The admin dashboard's figures (SQL aggregates in market days) and its page."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.backoffice.dashboard import dashboard_figures
from marketplace.insights.models import Scorecard
from marketplace.insights.prices.trades import china_today
from orders.models import Order
from tests.admin.factories import listing_make, order_make
from tests.factories import OrganizationFactory, UserFactory
from tests.insights.trades import brand, settled_trade

# 2026-03-15 10:00 in Shanghai.
NOW = datetime(2026, 3, 15, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_zh() -> Client:
    client = Client()
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def admin_client(admin_client_zh: Client) -> Client:
    admin_client_zh.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client_zh


def test_traded_today_counts_orders_after_shanghai_midnight_and_skips_cancelled() -> None:
    order_make(total="100.00", created_at=datetime(2026, 3, 14, 16, 30, tzinfo=UTC))  # 00:30 on the 15th
    order_make(total="40.00", created_at=datetime(2026, 3, 14, 15, 30, tzinfo=UTC))  # 23:30 on the 14th
    order_make(total="999.00", status="cancelled", created_at=NOW - timedelta(hours=1))

    figures = dashboard_figures(now=NOW)

    assert figures.traded_today == Decimal("100.00")


def test_traded_month_starts_on_the_first_in_shanghai() -> None:
    order_make(total="100.00", created_at=datetime(2026, 2, 28, 16, 30, tzinfo=UTC))  # 1 March, 00:30
    order_make(total="40.00", created_at=datetime(2026, 2, 28, 15, 30, tzinfo=UTC))  # 28 Feb, 23:30
    order_make(total="60.00", status="settled", created_at=NOW)

    figures = dashboard_figures(now=NOW)

    assert figures.traded_month == Decimal("160.00")


def test_orders_by_status_lists_every_status_with_count_and_value() -> None:
    order_make(status="placed", total="10.00")
    order_make(status="placed", total="5.50")
    order_make(status="shipped", total="7.00")

    rows = {row.status: row for row in dashboard_figures().orders_by_status}

    assert set(rows) == {"placed", "confirmed", "shipped", "delivered", "settled", "cancelled"}
    assert (rows["placed"].count, rows["placed"].value) == (2, Decimal("15.50"))
    assert (rows["shipped"].count, rows["confirmed"].count) == (1, 0)


def test_settlements_pending_counts_delivered_orders_without_settlement() -> None:
    from orders.settlement.models import Settlement

    settled = order_make(status="delivered", total="113.00")
    order_make(status="delivered", total="50.00")
    order_make(status="shipped", total="50.00")
    Settlement.objects.create(
        order=settled,
        gross_amount=Decimal("113.00"),
        commission_rate=Decimal("0.015"),
        commission_amount=Decimal("1.70"),
        vat_amount=Decimal("13.00"),
        payout_amount=Decimal("111.30"),
    )

    assert dashboard_figures().settlements_pending == 1


def test_traded_per_day_has_thirty_market_days_ending_today() -> None:
    order_make(total="30.00", created_at=datetime(2026, 3, 13, 17, 0, tzinfo=UTC))  # 14 March, 01:00
    order_make(total="12.00", created_at=datetime(2026, 3, 14, 1, 0, tzinfo=UTC))  # 14 March, 09:00
    order_make(total="70.00", created_at=datetime(2026, 1, 1, 1, 0, tzinfo=UTC))  # outside the window

    days = dashboard_figures(now=NOW).traded_per_day

    assert len(days) == 30
    assert str(days[-1].day) == "2026-03-15"
    assert str(days[0].day) == "2026-02-14"
    assert {str(d.day): d.value for d in days if d.value} == {"2026-03-14": Decimal("42.00")}


def _index_market(days_back: int = 0) -> None:
    """Three settled trades of 6205-2RS from two suppliers (a published value), one NSK, two ZWZ."""
    day = china_today() - timedelta(days=days_back)
    first, second = OrganizationFactory(kind="supplier"), OrganizationFactory(kind="supplier")
    brand("NSK", "international")
    brand("ZWZ", "domestic")
    settled_trade(supplier=first, designation="6205DDU", brand_code="NSK", unit_price="14.00", quantity=10, day=day)
    settled_trade(supplier=second, designation="6205-2RS", brand_code="ZWZ", unit_price="10.00", quantity=10, day=day)
    settled_trade(supplier=second, designation="6205-2RS", brand_code="ZWZ", unit_price="11.00", quantity=10, day=day)


def test_price_index_trend_has_a_line_per_tier_over_ninety_days() -> None:
    _index_market()

    trend = dashboard_figures(designation="NSK 6205DDU").trend

    assert trend is not None
    assert trend.canonical == "6205-2RS"
    assert [tier for tier, _label, _days in trend.tiers] == ["all", "international", "domestic"]
    assert all(len(days) == 90 for _tier, _label, days in trend.tiers)
    values = {tier: days[-1].index.value for tier, _label, days in trend.tiers}
    # All brands: supplier 1 is capped at 1/2 of the quantity; (14.00 + 10.50) / 2 = 12.25.
    assert values == {"all": Decimal("12.25"), "international": None, "domestic": None}
    assert [day for day, _items in trend.traded_days] == [china_today()]


def test_price_index_trend_of_unknown_text_is_unrecognized_and_empty() -> None:
    trend = dashboard_figures(designation="hello world").trend

    assert trend is not None
    assert not trend.designation.recognized
    assert trend.tiers == []
    assert not trend.has_values


def test_dashboard_shows_figures_and_an_svg_bar_chart(admin_client: Client) -> None:
    order_make(total="1234.50")

    response = admin_client.get("/admin/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="market-dashboard"' in body
    assert "¥1,234.50" in body
    assert '<svg id="traded-chart"' in body
    traded = body.split('<svg id="traded-chart"', 1)[1].split("</svg>", 1)[0]
    assert traded.count('class="bar"') == 30


def test_dashboard_draws_the_index_with_gaps_and_the_barometer(admin_client: Client) -> None:
    _index_market(days_back=5)
    _index_market(days_back=0)

    response = admin_client.get("/admin/", {"designation": "6205-2RS"})

    body = response.content.decode()
    assert '<svg id="trend-chart"' in body
    assert body.count('class="point"') == 2  # the all-brands value on two days
    # Days 5 and 0 are not neighbours: two runs of one point each, not a line across the gap.
    assert body.count('class="index-line"') == 2
    assert 'id="index-counts"' in body
    assert 'id="barometer-top"' in body
    assert "6205-2RS" in body


@pytest.mark.parametrize("query", ["x" * 5000, "<script>alert(1)</script>", "\x00", "6205 %%% ' OR 1=1"])
def test_dashboard_survives_any_designation_text(admin_client: Client, query: str) -> None:
    response = admin_client.get("/admin/", {"designation": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_dashboard_runs_a_bounded_number_of_queries(admin_client: Client, django_assert_max_num_queries) -> None:
    supplier = OrganizationFactory()
    listing = listing_make(supplier=supplier, designation="6205-2RS")
    for status in ("placed", "confirmed", "shipped", "delivered", "settled", "cancelled"):
        for _ in range(3):
            order_make(status=status, lines=[(listing, 2, "10.00")], supplier=supplier)

    # Session, user, the five dashboard aggregates, the pools closing soon, the three scorecard aggregates, the
    # recent-actions log, the barometer (six) and the bearing's index per tier (three each, with the runs' watermark).
    with django_assert_max_num_queries(30):
        response = admin_client.get("/admin/", {"designation": "6205-2RS"})

    assert response.status_code == 200


def test_staff_without_order_permission_sees_no_figures() -> None:
    client = Client()
    client.force_login(UserFactory(organization=None, is_staff=True, is_superuser=False))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert 'id="market-dashboard"' not in response.content.decode()
    assert Order.objects.count() == 0


def test_site_header_is_the_exchange_name_in_english(admin_client: Client) -> None:
    response = admin_client.get("/admin/")

    assert "Yandian Bearing Exchange" in response.content.decode()


def test_site_header_is_chinese_for_a_chinese_browser(admin_client_zh: Client) -> None:
    response = admin_client_zh.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    body = response.content.decode()
    assert "烟店轴承交易所" in body
    assert "今日成交额" in body


def test_language_switch_sets_chinese_for_the_following_pages(admin_client: Client) -> None:
    response = admin_client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "烟店轴承交易所" in admin_client.get("/admin/").content.decode()


def test_every_admin_page_carries_the_language_switch(admin_client: Client) -> None:
    body = Client().get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="language-switch"' in body
    assert 'value="zh-hans"' in body
    assert 'id="language-switch"' in admin_client.get("/admin/").content.decode()


def test_dashboard_shows_score_distribution_and_standings_fallen_this_week(admin_client: Client) -> None:
    now = timezone.now()
    fallen, risen, steady = (OrganizationFactory(kind="supplier") for _ in range(3))
    for org, score, standing, previous in (
        (fallen, "48.00", "poor", "good"),
        (risen, "90.00", "excellent", "good"),
        (steady, "100.00", "excellent", ""),
    ):
        Scorecard.objects.create(
            organization=org, window_days=180, orders_completed=20, score=Decimal(score), standing=standing,
            previous_standing=previous, standing_changed_at=now if previous else None, computed_at=now,
        )  # fmt: skip

    body = admin_client.get("/admin/").content.decode()

    assert '<svg id="scores-chart"' in body
    scores = body.split('<svg id="scores-chart"', 1)[1].split("</svg>", 1)[0]
    assert scores.count('class="bar"') == 10
    fell = body.split('id="standings-fallen"', 1)[1].split("</table>", 1)[0]
    assert fallen.name in fell
    assert risen.name not in fell
    assert steady.name not in fell
