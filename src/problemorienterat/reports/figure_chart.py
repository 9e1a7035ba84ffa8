"""The chart of a lägesbild's figure series: a column per period, laid out here and drawn as
inline SVG by the template (``lagesbild.html.j2``), so no script is needed.

The value axis includes zero (below it too for an index with negative values) and has a
round step (1, 2, 2.5 or 5 times a power of ten, about four steps); its gridlines are
labelled in Swedish number format (``12 500``, ``3,5``). Every column carries its value when
there is room, the period axis names the periods (every second, third … when there are
many), and the chart's title and description say all the numbers; the page shows them as a
table too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from problemorienterat.domain.figures import FigureSeries, FigureUnit
from problemorienterat.formatting import number_text
from problemorienterat.labels import label

WIDTH = 640
HEIGHT = 280
LEFT = 72  # the value axis' labels end here
RIGHT = 16
TOP = 24
BOTTOM = 48  # the period labels
GRIDLINES = 4
MAX_PERIOD_LABELS = 12
MAX_VALUE_LABELS = 16


@dataclass(frozen=True)
class Column:
    period: str
    value: float
    number: str  # the value on the column, without its unit
    x: float
    y: float
    width: float
    height: float
    show_period: bool
    show_value: bool

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        """Where the value is written: above a column, below one that goes under zero."""
        return round(self.y + self.height + 16, 1) if self.value < 0 else round(self.y - 6, 1)


@dataclass(frozen=True)
class Gridline:
    y: float
    text: str


@dataclass(frozen=True)
class FigureChart:
    """One series as columns, in SVG user units."""

    indicator: str
    unit_text: str
    columns: tuple[Column, ...]
    gridlines: tuple[Gridline, ...]
    zero_y: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    period_y: int = HEIGHT - BOTTOM + 20

    @property
    def title(self) -> str:
        return f"{self.indicator} ({self.unit_text.lower()}) per period"

    @property
    def description(self) -> str:
        """The chart in words (its ``<desc>``)."""
        parts = "; ".join(f"{c.period}: {c.number}" for c in self.columns)
        return f"{self.indicator}, {self.unit_text.lower()}. {parts}."


def unit_suffix(unit: FigureUnit) -> str:
    """What follows a value in a sentence or a table: "%" for percent, nothing for a count."""
    return {
        FigureUnit.PERCENT: "\u00a0%",
        FigureUnit.PER_THOUSAND: " per 1\u00a0000 inv.",
        FigureUnit.PER_HUNDRED_THOUSAND: " per 100\u00a0000 inv.",
    }.get(unit, "")


def value_text(unit: FigureUnit, value: float) -> str:
    return number_text(value) + unit_suffix(unit)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least ``value`` (1 for 0)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-9:
            return float(step * power)
    return float(10 * power)


def scale(values: list[float]) -> tuple[float, float, float]:
    """(bottom, top, step) of the value axis: zero included, a round step, about four
    steps."""
    high, low = max([*values, 0.0]), min([*values, 0.0])
    step = nice_ceiling((high - low) / GRIDLINES)
    top = math.ceil(high / step - 1e-9) * step
    bottom = math.floor(low / step + 1e-9) * step
    return bottom, max(top, bottom + step), step


def figure_chart(series: FigureSeries) -> FigureChart:
    values = [p.value for p in series.points]
    bottom, top, step = scale(values)
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM
    span = top - bottom

    def y_of(value: float) -> float:
        return round(plot_bottom - (value - bottom) / span * (plot_bottom - plot_top), 1)

    zero_y = y_of(0.0)
    count = max(len(values), 1)
    slot = (WIDTH - RIGHT - LEFT) / count
    bar = slot * 0.7
    label_every = math.ceil(count / MAX_PERIOD_LABELS)
    columns = []
    for index, point in enumerate(series.points):
        y = y_of(point.value)
        columns.append(
            Column(
                period=point.period,
                value=point.value,
                number=number_text(point.value),
                x=round(LEFT + index * slot + (slot - bar) / 2, 1),
                y=min(y, zero_y),
                width=round(bar, 1),
                height=round(abs(zero_y - y), 1),
                show_period=(count - 1 - index) % label_every == 0,
                show_value=count <= MAX_VALUE_LABELS,
            )
        )
    lines = round((top - bottom) / step)
    gridlines = tuple(
        Gridline(y_of(bottom + step * i), number_text(bottom + step * i)) for i in range(lines + 1)
    )
    return FigureChart(
        indicator=series.indicator,
        unit_text=label(series.unit),
        columns=tuple(columns),
        gridlines=gridlines,
        zero_y=zero_y,
    )
