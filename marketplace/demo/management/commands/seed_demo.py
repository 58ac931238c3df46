"""`manage.py seed_demo`: a believable Yandian bearing market to explore, demo and benchmark."""

import time
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from marketplace.demo.custom import custom_ensure
from marketplace.demo.index_history import HISTORY_DAYS, index_history_ensure
from marketplace.demo.pools import pools_ensure
from marketplace.demo.rfqs import rfqs_ensure
from marketplace.demo.seeding import DEFAULT_LISTINGS, Market, demo_seed_base
from marketplace.demo.trading import orders_ensure
from marketplace.insights.prices.services import price_index_recompute
from marketplace.insights.prices.trades import china_today

DEFAULT_PASSWORD = "yandian-demo-2024"  # noqa: S105 - printed demo login, never a real account
DEFAULT_ORDERS = 160
SHOWN_SUPPLIERS = ("xinsheng", "skf_agent", "nsk_agent", "xinxing")
SHOWN_BUYERS = ("boshan_motor", "xidong_auto")


class Command(BaseCommand):
    help = "Seed the demo market: Linqing suppliers and brand agencies, buyers, listings, RFQs and orders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=DEFAULT_LISTINGS, help="number of listings (default 20000)")
        parser.add_argument("--orders", type=int, default=DEFAULT_ORDERS, help="orders of trading history")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every demo login")

    def handle(self, *args: Any, size: int, orders: int, password: str, **options: Any) -> None:
        started = time.monotonic()

        def say(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:5.1f} s] {message}")

        # The demo companies' addresses are not real: their notification e-mails go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            market = demo_seed_base(size=max(size, 0), password=password, say=say)
            orders_ensure(market=market, count=max(orders, 0), say=say)
            rfqs_ensure(market=market, say=say)
            pools_ensure(market=market, say=say)
            custom_ensure(market=market, say=say)
            if index_history_ensure(market=market, say=say):
                price_index_recompute(first=china_today() - timedelta(days=HISTORY_DAYS), last=china_today())
        say("Done.\n")
        self._print_logins(market, password)

    def _print_logins(self, market: Market, password: str) -> None:
        rows = [("staff admin (/admin/)", market.admin)]
        rows += [
            (f"supplier {p.organization.name} ({p.organization.status})", p)
            for name, p in market.suppliers.items()
            if name in SHOWN_SUPPLIERS
        ]
        rows += [(f"buyer {p.organization.name}", p) for name, p in market.buyers.items() if name in SHOWN_BUYERS]
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (every demo user has the same password):"))
        self.stdout.write(f"{'username':<14} {'password':<18} {'API token':<41} who")
        for label, participant in rows:
            self.stdout.write(f"{participant.username:<14} {password:<18} {participant.token:<41} {label}")
        self.stdout.write(
            f"Other suppliers: {', '.join(n for n in market.suppliers if n not in SHOWN_SUPPLIERS)}.\n"
            f"Other buyers: {', '.join(n for n in market.buyers if n not in SHOWN_BUYERS)}."
        )
