"""The BRÅ overview: lokala BRÅ's portfolio of one municipality. Counts by stage, working
group and focus area; the review queue, overdue actions and problems standing still; the
progress of the current medborgarlöfte's focus areas."""

# ruff: noqa: S608 - table names come from this package's own table specs; values are parameters

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from problemorienterat.domain.sara import ActionStatus, Outcome, ReviewStatus, Stage
from problemorienterat.domain.swedish_day import swedish_today
from projections._database import Row, Transaction
from projections._projection import timestamp
from projections.problem_counts import (
    AWAITING_REVIEW,
    FOCUS_AREA_ACTIONS,
    FOCUS_AREA_OUTCOMES,
    FOCUS_AREA_STAGE,
    GROUP_STAGE,
    OPEN_ACTIONS_BY_DUE,
    OPEN_ACTIONS_BY_DUE_MONTH,
    OPEN_BY_LAST_CHANGE,
    OPEN_BY_LAST_CHANGE_MONTH,
    OPEN_STAGE_VALUES,
    OVERVIEW_KINDS,
    STAGE,
    month,
    utc_day,
)
from projections.views.stages import StageCount
from projections.views.tables import Tables
from projections.views.values import moment_of, optional_uuid, uuid_of


@dataclass(frozen=True)
class GroupCount:
    """Problems per working group (``group_id`` None: not yet assigned)."""

    group_id: UUID | None
    group_name: str | None
    open_problems: int
    problems: int


@dataclass(frozen=True)
class FocusAreaCount:
    """Problems per focus area (``focus_area_id`` None: linked to none)."""

    focus_area_id: UUID | None
    focus_area_title: str | None
    open_problems: int
    problems: int


@dataclass(frozen=True)
class AwaitingReview:
    """An assessment submitted to lokala BRÅ and not yet decided."""

    problem_id: UUID
    reference: str
    title: str
    group_id: UUID | None
    group_name: str | None
    submitted_at: datetime


@dataclass(frozen=True)
class OverdueAction:
    """An action not completed (or cancelled) by its due date."""

    problem_id: UUID
    reference: str
    problem_title: str
    action_id: UUID
    title: str
    owner: str
    responsible_party: str
    due_date: date
    status: ActionStatus
    days_overdue: int


@dataclass(frozen=True)
class StaleProblem:
    """An open problem nothing has been recorded on for a while."""

    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    last_changed_at: datetime
    days_since_change: int


@dataclass(frozen=True)
class OutcomeCount:
    outcome: Outcome
    count: int


@dataclass(frozen=True)
class Output:
    """What was done (output): actions of the linked problems, activities of the promise."""

    actions_planned: int
    actions_completed: int
    activities_planned: int
    activities_done: int


@dataclass(frozen=True)
class OutcomeTally:
    """What came of it (outcome): the judged outcomes of the linked problems."""

    problems_judged: int
    by_outcome: tuple[OutcomeCount, ...]


@dataclass(frozen=True)
class FocusAreaProgress:
    """One focus area of the current medborgarlöfte: problems, output and outcome apart."""

    focus_area_id: UUID
    title: str
    problems: int
    output: Output
    outcome: OutcomeTally


@dataclass(frozen=True)
class BraOverview:
    """Lokala BRÅ's portfolio for one municipality."""

    municipality: str
    as_of: datetime
    stale_days: int
    by_stage: tuple[StageCount, ...]
    by_group: tuple[GroupCount, ...]
    by_focus_area: tuple[FocusAreaCount, ...]
    awaiting_review: tuple[AwaitingReview, ...]
    overdue_actions: tuple[OverdueAction, ...]
    stale_problems: tuple[StaleProblem, ...]
    citizen_promise_id: UUID | None
    citizen_promise_year: int | None
    focus_areas: tuple[FocusAreaProgress, ...]
    # The three lists hold the most urgent items (a limit); these count them all.
    awaiting_review_total: int = 0
    overdue_actions_total: int = 0
    stale_problems_total: int = 0


def bra_overview(
    tx: Transaction,
    t: Tables,
    municipality: str,
    *,
    stale_days: int,
    now: datetime,
    list_limit: int = 50,
) -> Callable[[], BraOverview]:
    """Counts over the whole portfolio, read from the counts the projection keeps; the three
    work lists (review queue, overdue actions, problems standing still) give their
    ``list_limit`` most urgent items, each an index range read, and their totals. Names and
    the current medborgarlöfte come from subqueries, so every statement is sent at once."""
    today = swedish_today(now)  # what is overdue in Sweden
    cutoff = timestamp(now - timedelta(days=stale_days))
    cells = _cells(tx, t, municipality)
    group_names = _names_of_counted(tx, t.groups, "name", t, municipality, GROUP_STAGE)
    area_titles = _names_of_counted(tx, t.focus_areas, "title", t, municipality, FOCUS_AREA_STAGE)
    awaiting = tx.send(
        f"SELECT id, reference, title, group_id, submitted_at FROM {t.problems} "
        "WHERE municipality = ? AND review_status = ? AND stage = ? "
        "ORDER BY submitted_at, year, number LIMIT ?",
        (municipality, ReviewStatus.SUBMITTED.value, Stage.ASSESSMENT.value, list_limit),
    )
    stale = tx.send(
        f"SELECT id, reference, title, stage, last_event_at FROM {t.problems} "
        "WHERE municipality = ? AND open_last_event_at < ? "
        "ORDER BY open_last_event_at, year, number LIMIT ?",
        (municipality, cutoff, list_limit),
    )
    overdue = tx.send(
        "SELECT a.id, a.problem_id, a.title, a.owner, a.responsible_party, a.due_date, "
        "a.status, p.reference, p.title AS problem_title "
        f"FROM {t.actions} a JOIN {t.problems} p ON p.id = a.problem_id "
        "WHERE a.municipality = ? AND a.open_due_date < ? "
        "ORDER BY a.open_due_date, a.year, a.number, a.seq LIMIT ?",
        (municipality, today.isoformat(), list_limit),
    )
    clock_totals = _clock_totals(tx, t, municipality, today=today, cutoff=cutoff)
    # the medborgarlöfte of this year or the latest before it (one per municipality and year)
    latest = (
        f"SELECT {{}} FROM {t.promises} WHERE municipality = ? AND year <= ? "
        "ORDER BY year DESC LIMIT 1"
    )
    promise = tx.send(latest.format("id, year"), (municipality, today.year))
    progress = _progress(tx, t, f"({latest.format('id')})", (municipality, today.year))

    def overview() -> BraOverview:
        found = cells()
        group_cells = found.get(GROUP_STAGE, {})
        names = group_names()
        overdue_total, stale_total = clock_totals()
        promise_row = promise.first()
        by_stage = found.get(STAGE, {})
        return BraOverview(
            municipality=municipality,
            as_of=now,
            stale_days=stale_days,
            by_stage=tuple(StageCount(s, by_stage.get((s.value, ""), 0)) for s in Stage),
            by_group=_group_counts(group_cells, names),
            by_focus_area=_focus_area_counts(found.get(FOCUS_AREA_STAGE, {}), area_titles()),
            awaiting_review=tuple(
                AwaitingReview(
                    problem_id=uuid_of(r["id"]),
                    reference=r["reference"],
                    title=r["title"],
                    group_id=optional_uuid(r["group_id"]),
                    group_name=names.get(r["group_id"]) if r["group_id"] else None,
                    submitted_at=moment_of(r["submitted_at"]),
                )
                for r in awaiting.rows()
            ),
            awaiting_review_total=sum(found.get(AWAITING_REVIEW, {}).values()),
            overdue_actions=tuple(_overdue(r, today) for r in overdue.rows()),
            overdue_actions_total=overdue_total,
            stale_problems=tuple(
                StaleProblem(
                    problem_id=uuid_of(r["id"]),
                    reference=r["reference"],
                    title=r["title"],
                    stage=Stage(r["stage"]),
                    last_changed_at=moment_of(r["last_event_at"]),
                    days_since_change=(now - moment_of(r["last_event_at"])).days,
                )
                for r in stale.rows()
            ),
            stale_problems_total=stale_total,
            citizen_promise_id=uuid_of(promise_row["id"]) if promise_row else None,
            citizen_promise_year=int(promise_row["year"]) if promise_row else None,
            focus_areas=progress(found) if promise_row else (),
        )

    return overview


Cells = dict[str, dict[tuple[str, str], int]]  # kind → (item, detail) → count


def _cells(tx: Transaction, t: Tables, municipality: str) -> Callable[[], Cells]:
    """The municipality's counts the overview shows whole, by kind (sent now, read later).
    The kinds are written into the statement, not passed as parameters: its plan is
    prepared once for any values (see ``projections._database``), and with six unknown
    kinds PostgreSQL would plan to read the whole table instead of the index."""
    kinds = ", ".join(f"'{kind}'" for kind in OVERVIEW_KINDS)  # the code's own constants
    sent = tx.send(
        f"SELECT kind, item, detail, n FROM {t.counts} "
        f"WHERE municipality = ? AND kind IN ({kinds})",
        (municipality,),
    )

    def found() -> Cells:
        cells: Cells = {}
        for r in sent.rows():
            cells.setdefault(r["kind"], {})[(r["item"], r["detail"])] = int(r["n"])
        return cells

    return found


def _per_item(cells: dict[tuple[str, str], int]) -> dict[str, tuple[int, int]]:
    """Item × stage cells as item → (open problems, problems)."""
    totals: dict[str, tuple[int, int]] = {}
    for (item, stage), n in cells.items():
        open_n, all_n = totals.get(item, (0, 0))
        totals[item] = (open_n + (n if stage in OPEN_STAGE_VALUES else 0), all_n + n)
    return totals


def _names_of_counted(  # noqa: PLR0917 - the table and column named, and the cells
    tx: Transaction, table: str, column: str, t: Tables, municipality: str, kind: str
) -> Callable[[], dict[str, str]]:
    """Id → name of the rows of ``table`` that are items of the municipality's cells of
    ``kind`` (the groups, or focus areas, the overview counts): a subquery instead of a
    second statement that waits for the cells."""
    sent = tx.send(
        f"SELECT id, {column} FROM {table} WHERE id IN "
        f"(SELECT item FROM {t.counts} WHERE municipality = ? AND kind = ?)",
        (municipality, kind),
    )
    return lambda: {r["id"]: r[column] for r in sent.rows()}


def _group_counts(
    cells: dict[tuple[str, str], int], names: dict[str, str]
) -> tuple[GroupCount, ...]:
    counts = (
        GroupCount(optional_uuid(g), names.get(g), open_n, all_n)
        for g, (open_n, all_n) in _per_item(cells).items()
    )
    return tuple(
        sorted(counts, key=lambda c: (c.group_name is None, c.group_name or "", str(c.group_id)))
    )


def _focus_area_counts(
    cells: dict[tuple[str, str], int], titles: dict[str, str]
) -> tuple[FocusAreaCount, ...]:
    totals = _per_item(cells)
    counts = (
        FocusAreaCount(optional_uuid(a), titles.get(a), open_n, all_n)
        for a, (open_n, all_n) in totals.items()
    )
    return tuple(
        sorted(
            counts,
            key=lambda c: (
                c.focus_area_title is None,
                c.focus_area_title or "",
                str(c.focus_area_id),
            ),
        )
    )


def _clock_totals(
    tx: Transaction, t: Tables, municipality: str, *, today: date, cutoff: str
) -> Callable[[], tuple[int, int]]:
    """(overdue actions, problems standing still), in one statement. Overdue: the histogram
    of open actions by due date, summed over the days before ``today``. Standing still: the
    histogram of open problems by the day of their last event, summed over the days before
    the cut-off's day, plus that day's problems counted on the index of the list. Each sum
    up to a day reads the months before it and then its month's days."""
    day = utc_day(cutoff)
    months = f"SELECT SUM(n) FROM {t.counts} WHERE municipality = ? AND kind = ? AND item < ?"
    days = (
        f"SELECT SUM(n) FROM {t.counts} WHERE municipality = ? AND kind = ? "
        "AND item >= ? AND item < ?"
    )
    sent = tx.send(
        f"SELECT ({months}) AS overdue_months, ({days}) AS overdue_days, "
        f"({months}) AS stale_months, ({days}) AS stale_days, "
        f"(SELECT COUNT(*) FROM {t.problems} WHERE municipality = ? "
        "AND open_last_event_at >= ? AND open_last_event_at < ?) AS stale_on_the_day",
        (
            *(municipality, OPEN_ACTIONS_BY_DUE_MONTH, month(today.isoformat())),
            *(municipality, OPEN_ACTIONS_BY_DUE, month(today.isoformat()), today.isoformat()),
            *(municipality, OPEN_BY_LAST_CHANGE_MONTH, month(day)),
            *(municipality, OPEN_BY_LAST_CHANGE, month(day), day),
            *(municipality, day, cutoff),
        ),
    )

    def totals() -> tuple[int, int]:
        values = sent.first() or {}
        overdue_months, overdue_days, stale_months, stale_days, on_the_day = (
            int(values.get(k) or 0)
            for k in (
                "overdue_months",
                "overdue_days",
                "stale_months",
                "stale_days",
                "stale_on_the_day",
            )
        )
        return overdue_months + overdue_days, stale_months + stale_days + on_the_day

    return totals


def _overdue(row: Row, today: date) -> OverdueAction:
    due = date.fromisoformat(row["due_date"])
    return OverdueAction(
        problem_id=uuid_of(row["problem_id"]),
        reference=row["reference"],
        problem_title=row["problem_title"],
        action_id=uuid_of(row["id"]),
        title=row["title"],
        owner=row["owner"],
        responsible_party=row["responsible_party"],
        due_date=due,
        status=ActionStatus(row["status"]),
        days_overdue=(today - due).days,
    )


def _progress(
    tx: Transaction, t: Tables, promise: str, params: Sequence[Any]
) -> Callable[[Cells], tuple[FocusAreaProgress, ...]]:
    """Per focus area of the medborgarlöfte the subquery ``promise`` (with ``params``)
    picks: problems; output (actions, activities); outcome (judged outcomes)."""
    areas = tx.send(
        f"SELECT id, title FROM {t.focus_areas} WHERE promise_id = {promise} ORDER BY seq",
        params,
    )
    activity_rows = tx.send(
        "SELECT focus_area_id, COUNT(*) AS n, "
        "SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done "
        f"FROM {t.activities} WHERE promise_id = {promise} AND status <> 'cancelled' "
        "GROUP BY focus_area_id",
        params,
    )

    def progress(cells: Cells) -> tuple[FocusAreaProgress, ...]:
        problems = {item: n for item, (_, n) in _per_item(cells.get(FOCUS_AREA_STAGE, {})).items()}
        actions: dict[str, tuple[int, int]] = {}
        for (area_id, status), n in cells.get(FOCUS_AREA_ACTIONS, {}).items():
            if status != ActionStatus.CANCELLED.value:
                planned, completed = actions.get(area_id, (0, 0))
                done = n if status == ActionStatus.COMPLETED.value else 0
                actions[area_id] = (planned + n, completed + done)
        activities = {
            r["focus_area_id"]: (int(r["n"]), int(r["done"])) for r in activity_rows.rows()
        }
        outcomes: dict[str, list[OutcomeCount]] = {}
        for (area_id, outcome), n in cells.get(FOCUS_AREA_OUTCOMES, {}).items():
            outcomes.setdefault(area_id, []).append(OutcomeCount(Outcome(outcome), n))
        order = {o: i for i, o in enumerate(Outcome)}
        result = []
        for area in areas.rows():
            key = area["id"]
            judged = sorted(outcomes.get(key, []), key=lambda c: order[c.outcome])
            planned, completed = actions.get(key, (0, 0))
            activities_planned, activities_done = activities.get(key, (0, 0))
            result.append(
                FocusAreaProgress(
                    focus_area_id=uuid_of(key),
                    title=area["title"],
                    problems=problems.get(key, 0),
                    output=Output(planned, completed, activities_planned, activities_done),
                    outcome=OutcomeTally(sum(c.count for c in judged), tuple(judged)),
                )
            )
        return tuple(result)

    return progress
