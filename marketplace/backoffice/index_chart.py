"""The dashboard's price-index chart: one line per tier on a true date axis, gaps where a day has no value.

Every day of the range has its own x position, so a day without a published value leaves a gap in
its tier's line (the line is drawn as separate runs) rather than joining its neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import ngettext

from marketplace.backoffice.charts import PIXEL, Chart, Tick, _frame, _px, _y_ticks, nice_ceiling
from marketplace.insights.prices.series import SeriesDay

X_TICKS = 6


@dataclass(frozen=True)
class IndexPoint:
    x: Decimal
    y: Decimal
    day: date
    value: Decimal
    trades: int
    suppliers: int
    title: str  # what hovering the point shows: tier, day, value and the published counts


@dataclass
class TierLine:
    tier: str
    label: str
    runs: list[str] = field(default_factory=list)  # polyline point lists, one per unbroken run
    points: list[IndexPoint] = field(default_factory=list)


@dataclass
class IndexChart:
    chart: Chart
    lines: list[TierLine]
    days: list[date]

    @property
    def is_empty(self) -> bool:
        return not any(line.points for line in self.lines)


def _point_title(label: str, item: SeriesDay) -> str:
    trades = ngettext("%(n)d trade", "%(n)d trades", item.index.trades) % {"n": item.index.trades}
    suppliers = ngettext("%(n)d supplier", "%(n)d suppliers", item.index.suppliers) % {"n": item.index.suppliers}
    return f"{label} {item.day:%Y-%m-%d}: ¥{item.index.value:,.2f} · {trades} · {suppliers}"


def index_chart(
    series: Sequence[tuple[str, str, Sequence[SeriesDay]]], *, width: int = 720, height: int = 240
) -> IndexChart:
    """`series` is (tier, label, days) per tier, each over the same consecutive days."""
    chart = _frame(width, height)
    days = [item.day for item in series[0][2]] if series else []
    values = [item.index.value for _t, _l, items in series for item in items if item.index.value is not None]
    top_value = nice_ceiling(max(values)) if values else Decimal(1)
    step = Decimal(chart.plot_width) / max(len(days) - 1, 1)
    x_of = {day: _px(Decimal(chart.left) + step * index) for index, day in enumerate(days)}
    lines = []
    for tier, label, items in series:
        line = TierLine(tier=tier, label=label)
        run: list[str] = []
        for item in items:
            if item.index.value is None:
                if run:
                    line.runs.append(" ".join(run))
                run = []
                continue
            y = _px(Decimal(chart.baseline) - Decimal(chart.plot_height) * item.index.value / top_value)
            point = IndexPoint(
                x=x_of[item.day],
                y=y,
                day=item.day,
                value=item.index.value,
                trades=item.index.trades,
                suppliers=item.index.suppliers,
                title=_point_title(label, item),
            )
            line.points.append(point)
            run.append(f"{point.x},{point.y}")
        if run:
            line.runs.append(" ".join(run))
        lines.append(line)
    chart.y_ticks = _y_ticks(chart, top_value)
    every = max(1, len(days) // X_TICKS)
    chart.x_ticks = [Tick(position=x_of[day], label=f"{day:%m-%d}") for day in days[::every]]
    return IndexChart(chart=chart, lines=lines, days=days)


__all__ = ["PIXEL", "IndexChart", "index_chart"]
