"""The admin dashboard's figures (SQL aggregates in market days) and its page."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.backoffice.dashboard import dashboard_figures
from marketplace.insights.models import Scorecard
from orders.models import Order
from tests.admin.factories import listing_make, order_make
from tests.factories import OrganizationFactory, UserFactory

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


def test_price_trend_averages_unit_price_weighted_by_quantity_per_day() -> None:
    supplier = OrganizationFactory()
    nsk = listing_make(supplier=supplier, designation="6205DDU", brand="NSK")
    zwz = listing_make(supplier=supplier, designation="6205-2RS", brand="ZWZ")
    other = listing_make(supplier=supplier, designation="6206-2RS", brand="ZWZ")
    order_make(lines=[(nsk, 10, "30.00"), (zwz, 30, "10.00"), (other, 5, "99.00")], created_at=NOW)

    trend = dashboard_figures(designation="6205-2RS", now=NOW).trend

    assert trend is not None
    assert trend.scope == "6205-2RS"
    assert [(str(p.day), p.average_unit_price, p.quantity) for p in trend.points] == [
        ("2026-03-15", Decimal("15.00"), 40)
    ]


def test_price_trend_of_a_bare_base_designation_covers_every_seal_and_clearance() -> None:
    supplier = OrganizationFactory()
    sealed = listing_make(supplier=supplier, designation="6205-2RS/C3")
    open_ = listing_make(supplier=supplier, designation="6205")
    tapered = listing_make(supplier=supplier, designation="22220K")
    order_make(lines=[(sealed, 1, "12.00"), (open_, 1, "8.00"), (tapered, 1, "900.00")], created_at=NOW)

    trend = dashboard_figures(designation="6205", now=NOW).trend

    assert trend is not None
    assert [p.average_unit_price for p in trend.points] == [Decimal("10.00")]


def test_price_trend_ignores_cancelled_orders() -> None:
    listing = listing_make(supplier=OrganizationFactory(), designation="6205-2RS")
    order_make(status="cancelled", lines=[(listing, 1, "12.00")], created_at=NOW)

    trend = dashboard_figures(designation="6205-2RS", now=NOW).trend

    assert trend is not None
    assert trend.points == []


def test_price_trend_of_unknown_text_is_unrecognized_and_empty() -> None:
    trend = dashboard_figures(designation="hello world").trend

    assert trend is not None
    assert not trend.designation.recognized
    assert trend.points == []


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


def test_dashboard_draws_the_price_trend_of_the_designation_asked_for(admin_client: Client) -> None:
    listing = listing_make(supplier=OrganizationFactory(), designation="6205-2RS")
    order_make(lines=[(listing, 4, "11.00")])

    response = admin_client.get("/admin/", {"designation": "6205-2RS"})

    body = response.content.decode()
    assert '<svg id="trend-chart"' in body
    assert body.count('class="point"') == 1
    assert "<polyline" in body


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

    # Session, user, the five dashboard aggregates, the three scorecard aggregates and the recent-actions log.
    with django_assert_max_num_queries(13):
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
