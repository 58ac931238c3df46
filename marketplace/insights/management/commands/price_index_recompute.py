"""Recompute the stored price index over a range of days (default: the last 365 up to yesterday)."""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from marketplace.insights.prices.services import price_index_recompute
from marketplace.insights.prices.trades import china_today


class Command(BaseCommand):
    help = "Recompute the stored price index from settled trades (China-time days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=365, help="Days back from yesterday (default 365).")
        parser.add_argument("--first", type=date.fromisoformat, help="First day (YYYY-MM-DD), overrides --days.")
        parser.add_argument("--last", type=date.fromisoformat, help="Last day (default yesterday).")

    def handle(self, *args: Any, **options: Any) -> None:
        last = options["last"] or china_today() - timedelta(days=1)
        first = options["first"] or last - timedelta(days=options["days"] - 1)
        rows = price_index_recompute(first=first, last=last)
        self.stdout.write(f"price index {first} – {last}: {rows} day rows stored")
