"""The year's report's charts, laid out here and drawn as inline SVG by its template (so the
web page and the PDF show the same picture, and no script is needed).

- :func:`stage_bars`: the year's problems per SARA stage, one bar each.
- :func:`baseline_pairs`: per judged problem, grouped by focus area, the baseline ("Före")
  against the latest follow-up ("Efter"), each pair on its own scale (indicators differ).

Every bar carries its number as text, and each chart's ``description`` says all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from problemorienterat.formatting import number_text
from problemorienterat.reports.year_report import OutcomeLine, StageSection

WIDTH = 720
LABEL_RIGHT = 200
BAR_LEFT = 212
BAR_SPACE = 330  # room after the longest bar for its number and unit
ROW = 30
BAR_HEIGHT = 20
TOP = 6
MIN_BAR = 3


@dataclass(frozen=True)
class ChartBar:
    text: str
    value: float
    number: str
    y: int
    width: int
    tone: str  # "before", "after", "stage"

    @property
    def label_y(self) -> int:
        return self.y + BAR_HEIGHT // 2

    @property
    def number_x(self) -> int:
        return BAR_LEFT + self.width + 8


@dataclass(frozen=True)
class Caption:
    text: str
    y: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[ChartBar, ...]
    captions: tuple[Caption, ...]
    height: int
    description: str
    width: int = WIDTH
    label_right: int = LABEL_RIGHT
    bar_left: int = BAR_LEFT
    bar_height: int = BAR_HEIGHT


def _width(value: float, largest: float) -> int:
    if value <= 0 or largest <= 0:
        return 0
    return max(MIN_BAR, round(BAR_SPACE * value / largest))


def stage_bars(stages: Iterable[StageSection]) -> BarChart:
    """One bar per stage with the number of the year's problems standing there."""
    sections = list(stages)
    largest = max((s.count for s in sections), default=0)
    bars = tuple(
        ChartBar(s.stage, s.count, str(s.count), TOP + i * ROW, _width(s.count, largest), "stage")
        for i, s in enumerate(sections)
    )
    parts = ", ".join(f"{s.stage} {s.count}" for s in sections)
    return BarChart(bars, (), TOP * 2 + len(sections) * ROW, f"Årets ärenden per skede: {parts}.")


def baseline_pairs(outcomes: Iterable[OutcomeLine]) -> BarChart:
    """Per judged problem: the baseline and the latest follow-up, on the pair's own scale,
    under a caption per focus area ("Utan fokusområde" for problems linked to none)."""
    bars: list[ChartBar] = []
    captions: list[Caption] = []
    words: list[str] = []
    y = TOP
    area: str | None = None
    for line in outcomes:
        if line.focus_area != area:
            area = line.focus_area
            captions.append(Caption(area or "Utan fokusområde", y + 14))
            y += ROW
        largest = max(line.baseline, line.follow_up or 0.0)
        unit = f" {line.unit}" if line.unit else ""
        before = number_text(line.baseline)
        bars.append(
            ChartBar(
                f"{line.problem.split(' ', 1)[0]} före",
                line.baseline,
                before + unit,
                y,
                _width(line.baseline, largest),
                "before",
            )
        )
        y += ROW
        after = number_text(line.follow_up) if line.follow_up is not None else "ej mätt"
        bars.append(
            ChartBar(
                "efter",
                line.follow_up or 0.0,
                after + (unit if line.follow_up is not None else ""),
                y,
                _width(line.follow_up or 0.0, largest),
                "after",
            )
        )
        y += ROW + 6
        words.append(f"{line.problem}: före {before}, efter {after}")
    description = "Nollmätning och uppföljning per ärende: " + "; ".join(words) + "."
    return BarChart(tuple(bars), tuple(captions), y + TOP, description)
