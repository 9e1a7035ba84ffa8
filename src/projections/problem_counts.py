"""The counts the BRÅ overview shows, kept by the problems projection as its rows change.

A problem, with its actions, falls into a few *cells*: its stage; its working group and
stage; its focus area and stage; awaiting review or not; and so on (:func:`cells`). Every
handler of the problems projection is wrapped: the problem's cells are taken before and after
the event, and the difference is added to the ``counts`` table. Those rows are written with
the problem's rows and the tracking position, in the same transaction; a rebuild replays the
same handlers, so it arrives at the same counts. A cell that comes back to zero is deleted,
so a table kept current is row for row the table a rebuild makes.

Two figures of the overview depend on the clock as well as on events: problems with no event
for ``stale_days`` and actions past their due date. For them the cells are histograms by
day (open problems by the UTC day of their last event; open actions of open problems by due
date); the overview sums the days before the cut-off and counts the rows of the cut-off day
itself, so no query has to count the problems one by one. Each histogram is kept by month
as well, and a sum up to a day reads the whole months before the day's month and then that
month's days: a few dozen rows instead of one per day.

The group board and the follow-up read their totals here too: per working group its
returned assessments and a histogram of its open actions by due date, and per focus area ×
group the linked problems by judged outcome (a member's follow-up counts only their groups).
"""

from __future__ import annotations

from collections.abc import Iterable

from problemorienterat.domain.problem import OPEN_STAGES
from problemorienterat.domain.sara import ActionStatus, ReviewStatus, Stage
from projections._database import Row
from projections._projection import ViewState
from projections._tables import Column, Table

COUNTS = "counts"

# What a cell counts (the ``kind`` column), with what ``item`` and ``detail`` hold.
STAGE = "stage"  # item: stage
GROUP_STAGE = "group_stage"  # item: working group id ('' for none); detail: stage
FOCUS_AREA_STAGE = "focus_area_stage"  # item: focus area id ('' for none); detail: stage
AWAITING_REVIEW = "awaiting_review"  # an assessment submitted to lokala BRÅ, not yet decided
OPEN_BY_LAST_CHANGE = "open_by_last_change"  # item: UTC day of an open problem's last event
OPEN_ACTIONS_BY_DUE = "open_actions_by_due"  # item: due date of an open action, problem open
FOCUS_AREA_ACTIONS = "focus_area_actions"  # item: focus area id; detail: action status
FOCUS_AREA_OUTCOMES = "focus_area_outcomes"  # item: focus area id; detail: judged outcome
# The group board's totals: a group's returned assessments; the group's open actions (of open
# problems) by due date, summed up to a day for the overdue ones.
GROUP_RETURNED = "group_returned"  # item: working group id ('' for none)
GROUP_OPEN_ACTIONS_BY_DUE = "group_open_actions_by_due"  # item: group id; detail: due date
# The three histograms by month (the day's 'YYYY-MM' where the day histogram has its day).
OPEN_BY_LAST_CHANGE_MONTH = "open_by_last_change_month"
OPEN_ACTIONS_BY_DUE_MONTH = "open_actions_by_due_month"
GROUP_OPEN_ACTIONS_BY_DUE_MONTH = "group_open_actions_by_due_month"
# The follow-up's totals for a member (their groups' linked problems only): item
# ``<focus area id>:<group id>``; detail: the judged outcome ('' for none yet).
FOCUS_AREA_GROUP_OUTCOMES = "focus_area_group_outcomes"

# The kinds the overview reads whole (the two histograms are summed up to a day instead).
OVERVIEW_KINDS = (
    STAGE,
    GROUP_STAGE,
    FOCUS_AREA_STAGE,
    AWAITING_REVIEW,
    FOCUS_AREA_ACTIONS,
    FOCUS_AREA_OUTCOMES,
)

OPEN_STAGE_VALUES = frozenset(s.value for s in OPEN_STAGES)
OPEN_ACTION_STATUSES = frozenset(
    s.value for s in (ActionStatus.PLANNED, ActionStatus.STARTED, ActionStatus.DEVIATED)
)

COUNTS_TABLE = Table(
    COUNTS,
    (
        Column("id"),
        Column("municipality"),
        Column("kind"),
        Column("item"),
        Column("detail"),
        Column("n", "int"),
    ),
    indexes=(("municipality", "kind", "item", "detail"),),
)

Cell = tuple[str, str, str, str]  # kind, municipality, item, detail


def cells(problem: Row | None, actions: Iterable[Row]) -> list[Cell]:
    """The cells one problem and its actions fall into, once per time (none for no
    problem); the same rows always give the same list, in the same order."""
    if problem is None:
        return []
    municipality = problem["municipality"]
    stage = problem["stage"]
    is_open = stage in OPEN_STAGE_VALUES
    focus_area = problem["focus_area_id"]
    group = problem["group_id"] or ""
    found = [
        (STAGE, municipality, stage, ""),
        (GROUP_STAGE, municipality, group, stage),
        (FOCUS_AREA_STAGE, municipality, focus_area or "", stage),
    ]
    if stage == _ASSESSMENT and problem["review_status"] == _SUBMITTED:
        found.append((AWAITING_REVIEW, municipality, "", ""))
    if stage == _ASSESSMENT and problem["review_status"] == _RETURNED:
        found.append((GROUP_RETURNED, municipality, group, ""))
    # The slices are utc_day() and month() written out: this runs for every event of a
    # rebuild, where a function call costs as much as the rest of a line.
    if is_open:
        day = problem["last_event_at"][:10]
        found.append((OPEN_BY_LAST_CHANGE, municipality, day, ""))
        found.append((OPEN_BY_LAST_CHANGE_MONTH, municipality, day[:7], ""))
    if focus_area and problem["outcome"]:
        found.append((FOCUS_AREA_OUTCOMES, municipality, focus_area, problem["outcome"]))
    if focus_area:
        item = focus_area_group(focus_area, group)
        found.append((FOCUS_AREA_GROUP_OUTCOMES, municipality, item, problem["outcome"] or ""))
    for action in actions:
        status = action["status"]
        if focus_area:
            found.append((FOCUS_AREA_ACTIONS, municipality, focus_area, status))
        if is_open and status in OPEN_ACTION_STATUSES:
            due = action["due_date"]
            found.append((OPEN_ACTIONS_BY_DUE, municipality, due, ""))
            found.append((OPEN_ACTIONS_BY_DUE_MONTH, municipality, due[:7], ""))
            found.append((GROUP_OPEN_ACTIONS_BY_DUE, municipality, group, due))
            found.append((GROUP_OPEN_ACTIONS_BY_DUE_MONTH, municipality, group, due[:7]))
    return found


_ASSESSMENT = Stage.ASSESSMENT.value
_SUBMITTED = ReviewStatus.SUBMITTED.value
_RETURNED = ReviewStatus.RETURNED.value


def focus_area_group(focus_area_id: str, group_id: str) -> str:
    """The item of a focus area × working group cell (hex ids; '' for no group)."""
    return f"{focus_area_id}:{group_id}"


def utc_day(moment: str) -> str:
    """The UTC day of a stored time (``projections._projection.timestamp``): its date part."""
    return moment[:10]


def month(day: str) -> str:
    """The month of an ISO day, ``YYYY-MM``: it sorts before the month's days and after
    every earlier day, so ``month <= d < day`` is the days of the month before ``day``."""
    return day[:7]


def apply(state: ViewState, before: list[Cell], after: list[Cell]) -> None:
    """Add ``after - before`` to the counts; a cell at zero is deleted."""
    if before == after:
        return
    changes: dict[Cell, int] = {}
    if len(before) == len(after):
        # cells() lists a problem's cells in a fixed order and most events change one or
        # two: comparing place by place gives the same difference cheaper than counting.
        for old, new in zip(before, after, strict=True):
            if old != new:
                changes[old] = changes.get(old, 0) - 1
                changes[new] = changes.get(new, 0) + 1
    else:
        for cell in before:
            changes[cell] = changes.get(cell, 0) - 1
        for cell in after:
            changes[cell] = changes.get(cell, 0) + 1
    for cell, delta in changes.items():
        if delta:
            _add(state, cell, delta)


def _add(state: ViewState, cell: Cell, delta: int) -> None:
    key = "|".join(cell)  # a count row's id: its cell's parts
    row = state.change(COUNTS, key)
    if row is None:
        kind, municipality, item, detail = cell
        state.put(
            COUNTS,
            {
                "id": key,
                "municipality": municipality,
                "kind": kind,
                "item": item,
                "detail": detail,
                "n": delta,
            },
        )
        return
    row["n"] = int(row["n"]) + delta
    if row["n"] == 0:
        state.delete(COUNTS, key)
