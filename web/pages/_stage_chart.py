"""The SARA stage chart of the BRÅ overview: horizontal bars, laid out here and drawn as
inline SVG by the template (``_stage_chart.html.j2``), so no script is needed.

The four working stages come first in their colours; closed and rejected problems follow,
grey, after a gap, so the eye reads the open work first. Every bar carries its number as
text, and the chart's ``aria-label`` says all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from problemorienterat.domain.sara import Stage
from problemorienterat.labels import SARA_STAGES, label
from projections.views.stages import StageCount

WIDTH = 760
LABEL_RIGHT = 170  # labels end here (text-anchor end)
BAR_LEFT = 185
BAR_SPACE = 470  # the longest bar; the number goes after it
ROW = 50
BAR_HEIGHT = 34
GAP = 22  # between the open stages and closed/rejected
TOP = 8
MIN_BAR = 4  # a stage with problems never looks empty


@dataclass(frozen=True)
class Bar:
    stage: Stage
    text: str
    count: int
    y: int
    width: int
    open: bool

    @property
    def label_y(self) -> int:
        return self.y + BAR_HEIGHT // 2

    @property
    def number_x(self) -> int:
        return BAR_LEFT + self.width + 10


@dataclass(frozen=True)
class StageChart:
    bars: tuple[Bar, ...]
    height: int
    open_problems: int
    width: int = WIDTH
    label_right: int = LABEL_RIGHT
    bar_left: int = BAR_LEFT
    bar_height: int = BAR_HEIGHT

    @property
    def description(self) -> str:
        """The chart in words (its ``aria-label``)."""
        parts = ", ".join(f"{b.text} {b.count}" for b in self.bars)
        return f"Ärenden per SARA-skede: {parts}."


def stage_chart(counts: Iterable[StageCount]) -> StageChart:
    """The bars for the overview's ``by_stage`` counts (stages the view lacks count 0)."""
    by_stage = {c.stage: c.count for c in counts}
    order = [*SARA_STAGES, *(s for s in Stage if s not in SARA_STAGES)]
    largest = max((by_stage.get(s, 0) for s in order), default=0) or 1
    bars: list[Bar] = []
    y = TOP
    for stage in order:
        is_open = stage in SARA_STAGES
        if not is_open and bars and bars[-1].open:
            y += GAP
        count = by_stage.get(stage, 0)
        width = round(BAR_SPACE * count / largest)
        bars.append(
            Bar(stage, label(stage), count, y, max(width, MIN_BAR) if count else 0, is_open)
        )
        y += ROW
    open_problems = sum(b.count for b in bars if b.open)
    return StageChart(tuple(bars), y + TOP - (ROW - BAR_HEIGHT), open_problems)
