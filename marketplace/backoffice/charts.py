"""Geometry of the dashboard's server-rendered SVG charts (templates draw them; no JavaScript).

Values are Decimal money; coordinates are Decimal pixels rounded to 0.1, so no float is involved.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PIXEL = Decimal("0.1")
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
TICKS = 4


@dataclass(frozen=True)
class Mark:
    """A bar (x, y, width, height) or a point (x, y) with its label and value."""

    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    label: str
    value: Decimal


@dataclass(frozen=True)
class Tick:
    position: Decimal
    label: str


@dataclass
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    marks: list[Mark] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    polyline: str = ""

    @property
    def baseline(self) -> int:
        return self.top + self.plot_height

    @property
    def right(self) -> int:
        return self.left + self.plot_width

    @property
    def is_empty(self) -> bool:
        return not any(mark.value for mark in self.marks)


def _px(value: Decimal) -> Decimal:
    return value.quantize(PIXEL, rounding=ROUND_HALF_UP)


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest 1/2/2.5/5 × 10ⁿ at or above `value` (1 for zero), for a round axis top."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    scale = Decimal(10) ** exponent
    for step in NICE_STEPS:
        if step * scale >= value:
            return step * scale
    return Decimal(10) * scale


def format_amount(value: Decimal) -> str:
    """Compact axis label: 12,500 → "12.5k", 3,400,000 → "3.4M"."""
    for limit, suffix in ((Decimal(1_000_000), "M"), (Decimal(1_000), "k")):
        if abs(value) >= limit:
            return f"{(value / limit).quantize(PIXEL, rounding=ROUND_HALF_UP).normalize():f}{suffix}"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


def _frame(width: int, height: int) -> Chart:
    left, top, right, bottom = 56, 12, 28, 28
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=width - left - right,
        plot_height=height - top - bottom,
    )


def _y_ticks(chart: Chart, top_value: Decimal) -> list[Tick]:
    return [
        Tick(
            position=_px(Decimal(chart.baseline) - Decimal(chart.plot_height) * i / TICKS),
            label=format_amount(top_value * i / TICKS),
        )
        for i in range(TICKS + 1)
    ]


def _x_ticks(chart: Chart, labels: Sequence[str], centers: Sequence[Decimal], every: int) -> list[Tick]:
    return [Tick(position=centers[i], label=labels[i]) for i in range(0, len(labels), max(1, every))]


def bar_chart(points: Sequence[tuple[str, Decimal]], *, width: int = 720, height: int = 220) -> Chart:
    """One bar per (label, value), on an axis from zero to a round top."""
    chart = _frame(width, height)
    if not points:
        return chart
    top_value = nice_ceiling(max(value for _label, value in points))
    slot = Decimal(chart.plot_width) / len(points)
    bar_width = _px(slot * Decimal("0.7"))
    centers = []
    for index, (label, value) in enumerate(points):
        bar_height = _px(Decimal(chart.plot_height) * value / top_value)
        center = _px(Decimal(chart.left) + slot * index + slot / 2)
        centers.append(center)
        chart.marks.append(
            Mark(
                x=_px(center - bar_width / 2),
                y=_px(Decimal(chart.baseline) - bar_height),
                width=bar_width,
                height=bar_height,
                label=label,
                value=value,
            )
        )
    chart.y_ticks = _y_ticks(chart, top_value)
    chart.x_ticks = _x_ticks(chart, [label for label, _value in points], centers, every=len(points) // 6 or 1)
    return chart


def line_chart(points: Sequence[tuple[str, Decimal]], *, width: int = 720, height: int = 220) -> Chart:
    """A polyline with a point per (label, value); the axis starts at zero so trends are not exaggerated."""
    chart = _frame(width, height)
    if not points:
        return chart
    top_value = nice_ceiling(max(value for _label, value in points))
    step = Decimal(chart.plot_width) / max(len(points) - 1, 1)
    centers = []
    for index, (label, value) in enumerate(points):
        x = _px(Decimal(chart.left) + (step * index if len(points) > 1 else Decimal(chart.plot_width) / 2))
        y = _px(Decimal(chart.baseline) - Decimal(chart.plot_height) * value / top_value)
        centers.append(x)
        chart.marks.append(Mark(x=x, y=y, width=Decimal(0), height=Decimal(0), label=label, value=value))
    chart.polyline = " ".join(f"{mark.x},{mark.y}" for mark in chart.marks)
    chart.y_ticks = _y_ticks(chart, top_value)
    chart.x_ticks = _x_ticks(chart, [label for label, _value in points], centers, every=len(points) // 6 or 1)
    return chart
