"""The four views, read from the projection tables of one municipality.

Every function takes a read transaction and the :class:`Tables` to read, so a whole view is
answered from one consistent state of the projections. It sends its statements
(:meth:`Transaction.send`) and returns a function that builds the answer from their rows
once the transaction has ended: on PostgreSQL the statements, with the transaction's BEGIN
and COMMIT, then cost one round trip together (see :mod:`projections._database`).
"""

# ruff: noqa: S608 - table names come from this package's own table specs; values are parameters

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from uuid import UUID

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.problem import OPEN_STAGES
from problemorienterat.domain.sara import ActionStatus, Outcome, Priority, ReviewStatus, Stage
from problemorienterat.domain.situation_picture import Trend
from projections._database import Row, Transaction, ViewDatabase
from projections._projection import timestamp
from projections.problem_counts import (
    AWAITING_REVIEW,
    FOCUS_AREA_ACTIONS,
    FOCUS_AREA_GROUP_OUTCOMES,
    FOCUS_AREA_OUTCOMES,
    FOCUS_AREA_STAGE,
    GROUP_OPEN_ACTIONS_BY_DUE,
    GROUP_OPEN_ACTIONS_BY_DUE_MONTH,
    GROUP_RETURNED,
    GROUP_STAGE,
    OPEN_ACTIONS_BY_DUE,
    OPEN_ACTIONS_BY_DUE_MONTH,
    OPEN_BY_LAST_CHANGE,
    OPEN_BY_LAST_CHANGE_MONTH,
    OPEN_STAGE_VALUES,
    OVERVIEW_KINDS,
    STAGE,
    focus_area_group,
    month,
    utc_day,
)
from projections.results import (
    AwaitingReview,
    BoardAction,
    BoardProblem,
    BraOverview,
    CitizenPromiseFollowUp,
    FocusAreaCount,
    FocusAreaProgress,
    FollowUpActivity,
    FollowUpFocusArea,
    FollowUpProblem,
    GroupBoard,
    GroupCount,
    ObservationSummary,
    OutcomeCount,
    OutcomeTally,
    Output,
    OverdueAction,
    Page,
    ProblemSummary,
    SituationPictureSummary,
    StageCount,
    StaleProblem,
    WaitingItem,
)

MAX_PAGE = 200
_OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STAGES)


@dataclass(frozen=True)
class Tables:
    """The SQL names of the tables of the generations being read."""

    problems: str
    actions: str
    counts: str
    groups: str
    situation_pictures: str
    observations: str
    promises: str
    focus_areas: str
    activities: str

    @classmethod
    def of(cls, db: ViewDatabase, problems_generation: int, plans_generation: int) -> Tables:
        def name(table: str, generation: int) -> str:
            return db.table(f"pv_{table}_{generation}")

        p, q = problems_generation, plans_generation
        return cls(
            problems=name("problems", p),
            actions=name("actions", p),
            counts=name("counts", p),
            groups=name("groups", q),
            situation_pictures=name("situation_pictures", q),
            observations=name("observations", q),
            promises=name("promises", q),
            focus_areas=name("focus_areas", q),
            activities=name("activities", q),
        )


# ---------------------------------------------------------------------------- problem index


def problem_index(
    tx: Transaction,
    t: Tables,
    municipality: str,
    *,
    stage: Stage | None,
    group_id: UUID | None,
    focus_area_id: UUID | None,
    year: int | None,
    text: str | None,
    cursor: str | None,
    limit: int,
) -> Callable[[], Page]:
    """Problems newest first (by year and number), filtered, a page at a time."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidValueError(f"limit must be between 1 and {MAX_PAGE}.", field="limit")
    where = ["p.municipality = ?"]
    params: list[Any] = [municipality]
    for column, value in (
        ("p.stage", stage.value if stage else None),
        ("p.group_id", group_id.hex if group_id else None),
        ("p.focus_area_id", focus_area_id.hex if focus_area_id else None),
        ("p.year", year),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if text and text.strip():
        where.append("p.search LIKE ? ESCAPE '!'")
        params.append(f"%{_escape_like(text.strip().casefold())}%")
    if cursor:
        after_year, after_number = _decode_cursor(cursor)
        where.append("(p.year < ? OR (p.year = ? AND p.number < ?))")
        params += [after_year, after_year, after_number]
    sent = tx.send(
        "SELECT p.*, g.name AS group_name, f.title AS focus_area_title "
        f"FROM {t.problems} p LEFT JOIN {t.groups} g ON g.id = p.group_id "
        f"LEFT JOIN {t.focus_areas} f ON f.id = p.focus_area_id "
        f"WHERE {' AND '.join(where)} ORDER BY p.year DESC, p.number DESC LIMIT ?",
        [*params, limit + 1],
    )

    def page() -> Page:
        rows = sent.rows()
        items = tuple(_summary(r) for r in rows[:limit])
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = _encode_cursor(int(last["year"]), int(last["number"]))
        return Page(items=items, next_cursor=next_cursor)

    return page


def _summary(row: Row) -> ProblemSummary:
    return ProblemSummary(
        problem_id=_id(row["id"]),
        reference=row["reference"],
        title=row["title"],
        stage=Stage(row["stage"]),
        place=row["place"],
        priority=Priority(row["priority"]) if row["priority"] else None,
        group_id=_uuid(row["group_id"]),
        group_name=row["group_name"],
        focus_area_id=_uuid(row["focus_area_id"]),
        focus_area_title=row["focus_area_title"],
        last_changed_at=_moment(row["last_event_at"]),
        next_deadline=_day(row["next_deadline"]),
        version=int(row["version"]),
    )


def _escape_like(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _encode_cursor(year: int, number: int) -> str:
    return base64.urlsafe_b64encode(f"{year}:{number}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        year, number = base64.urlsafe_b64decode(padded.encode()).decode().split(":")
        return int(year), int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidValueError(
            "The cursor is not one this list gave out.", field="cursor"
        ) from None


# ---------------------------------------------------------------------------- BRÅ overview


def bra_overview(
    tx: Transaction,
    t: Tables,
    municipality: str,
    *,
    stale_days: int,
    now: datetime,
    list_limit: int = 50,
) -> Callable[[], BraOverview]:
    """Counts over the whole portfolio, read from the counts the projection keeps (never by
    counting the problems); the three work lists (review queue, overdue actions, problems
    standing still) give their ``list_limit`` most urgent items, each an index range read,
    and their totals. No statement waits for another's rows (names and the current
    medborgarlöfte's focus areas are found by subqueries), so all are sent at once."""
    today = now.date()
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
                    problem_id=_id(r["id"]),
                    reference=r["reference"],
                    title=r["title"],
                    group_id=_uuid(r["group_id"]),
                    group_name=names.get(r["group_id"]) if r["group_id"] else None,
                    submitted_at=_moment(r["submitted_at"]),
                )
                for r in awaiting.rows()
            ),
            awaiting_review_total=sum(found.get(AWAITING_REVIEW, {}).values()),
            overdue_actions=tuple(_overdue(r, today) for r in overdue.rows()),
            overdue_actions_total=overdue_total,
            stale_problems=tuple(
                StaleProblem(
                    problem_id=_id(r["id"]),
                    reference=r["reference"],
                    title=r["title"],
                    stage=Stage(r["stage"]),
                    last_changed_at=_moment(r["last_event_at"]),
                    days_since_change=(now - _moment(r["last_event_at"])).days,
                )
                for r in stale.rows()
            ),
            stale_problems_total=stale_total,
            citizen_promise_id=_id(promise_row["id"]) if promise_row else None,
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
        GroupCount(_uuid(g), names.get(g), open_n, all_n)
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
        FocusAreaCount(_uuid(a), titles.get(a), open_n, all_n)
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
        problem_id=_id(row["problem_id"]),
        reference=row["reference"],
        problem_title=row["problem_title"],
        action_id=_id(row["id"]),
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
                    focus_area_id=_id(key),
                    title=area["title"],
                    problems=problems.get(key, 0),
                    output=Output(planned, completed, activities_planned, activities_done),
                    outcome=OutcomeTally(sum(c.count for c in judged), tuple(judged)),
                )
            )
        return tuple(result)

    return progress


# ---------------------------------------------------------------------------- group board


def group_board(
    tx: Transaction,
    t: Tables,
    municipality: str,
    group_id: UUID,
    *,
    today: date,
    list_limit: int = 50,
) -> Callable[[], GroupBoard | None]:
    """One group's board: per open stage its newest ``list_limit`` problems, its
    ``list_limit`` open actions due first, its returned assessments and overdue actions;
    every list an index range read, every total read from the counts the projection keeps.
    All statements are sent at once (for a group that is not there they find nothing)."""
    _check_list_limit(list_limit)
    key = group_id.hex
    group = tx.send(
        f"SELECT name, kind, dissolved FROM {t.groups} WHERE id = ? AND municipality = ?",
        (key, municipality),
    )
    # one statement: per open stage an index range read of its newest (only the columns shown)
    per_stage = (
        "SELECT * FROM (SELECT p.id, p.reference, p.title, p.stage, p.last_event_at, p.year, "
        f"p.number, p.next_deadline FROM {t.problems} p "
        "WHERE p.municipality = ? AND p.group_id = ? AND p.stage = ? "
        "ORDER BY p.year DESC, p.number DESC LIMIT ?) AS s"
    )
    problems = tx.send(
        " UNION ALL ".join(per_stage for _ in OPEN_STAGES),
        [v for stage in OPEN_STAGES for v in (municipality, key, stage.value, list_limit)],
    )
    actions = tx.send(
        "SELECT a.id, a.problem_id, a.title, a.owner, a.responsible_party, a.due_date, "
        f"a.status, p.reference FROM {t.actions} a JOIN {t.problems} p ON p.id = a.problem_id "
        "WHERE a.municipality = ? AND a.group_id = ? AND a.open_due_date >= '' "
        "ORDER BY a.open_due_date, a.year, a.number, a.seq LIMIT ?",
        (municipality, key, list_limit),
    )
    returned = tx.send(
        "SELECT id, reference, title, review_comments, review_minutes, reviewed_at "
        f"FROM {t.problems} WHERE municipality = ? AND group_id = ? "
        "AND review_status = ? AND stage = ? ORDER BY reviewed_at, year, number LIMIT ?",
        (municipality, key, ReviewStatus.RETURNED.value, Stage.ASSESSMENT.value, list_limit),
    )
    group_totals = _group_totals(tx, t, municipality, key, today=today)

    def board() -> GroupBoard | None:
        found = group.first()
        if found is None:
            return None
        order = {stage.value: i for i, stage in enumerate(OPEN_STAGES)}
        newest = sorted(
            problems.rows(), key=lambda r: (order[r["stage"]], -int(r["year"]), -int(r["number"]))
        )
        totals = group_totals()
        next_actions = tuple(_board_action(r, today) for r in actions.rows())
        waiting = [
            WaitingItem(
                kind="assessment_returned",
                problem_id=_id(r["id"]),
                reference=r["reference"],
                title=r["title"],
                comments=r["review_comments"],
                minutes_reference=r["review_minutes"],
                since=_moment(r["reviewed_at"]) if r["reviewed_at"] else None,
                due_date=None,
            )
            for r in returned.rows()
        ]
        waiting += [  # the overdue actions are the first of the actions due first
            WaitingItem(
                kind="action_overdue",
                problem_id=a.problem_id,
                reference=a.reference,
                title=a.title,
                comments=None,
                minutes_reference=None,
                since=None,
                due_date=a.due_date,
            )
            for a in next_actions
            if a.overdue
        ]
        by_stage = totals.by_stage
        return GroupBoard(
            municipality=municipality,
            group_id=group_id,
            group_name=found["name"],
            group_kind=found["kind"],
            dissolved=bool(found["dissolved"]),
            problems=tuple(
                BoardProblem(
                    problem_id=_id(r["id"]),
                    reference=r["reference"],
                    title=r["title"],
                    stage=Stage(r["stage"]),
                    next_deadline=_day(r["next_deadline"]),
                    last_changed_at=_moment(r["last_event_at"]),
                )
                for r in newest
            ),
            next_actions=next_actions,
            waiting=tuple(waiting),
            list_limit=list_limit,
            problems_total=sum(by_stage.get(s.value, 0) for s in OPEN_STAGES),
            stage_totals=tuple(StageCount(s, by_stage.get(s.value, 0)) for s in OPEN_STAGES),
            next_actions_total=totals.open_actions,
            overdue_actions_total=totals.overdue_actions,
            returned_assessments_total=totals.returned,
            waiting_total=totals.returned + totals.overdue_actions,
        )

    return board


@dataclass(frozen=True)
class _GroupTotals:
    by_stage: dict[str, int]  # stage → problems
    returned: int
    open_actions: int
    overdue_actions: int


def _group_totals(
    tx: Transaction, t: Tables, municipality: str, group: str, *, today: date
) -> Callable[[], _GroupTotals]:
    """A group's counts: problems per stage and returned assessments (a few rows), and its
    open actions' histogram by due date summed whole (by month) and before ``today`` (the
    months before today's, then this month's days), in the database."""
    cells = tx.send(
        f"SELECT kind, detail, n FROM {t.counts} "
        "WHERE municipality = ? AND kind IN (?, ?) AND item = ?",
        (municipality, GROUP_STAGE, GROUP_RETURNED, group),
    )
    this_month = month(today.isoformat())
    histogram = f"SELECT SUM(n) FROM {t.counts} WHERE municipality = ? AND kind = ? AND item = ?"
    actions = tx.send(
        f"SELECT ({histogram}) AS open_n, ({histogram} AND detail < ?) AS overdue_months, "
        f"({histogram} AND detail >= ? AND detail < ?) AS overdue_days",
        (
            *(municipality, GROUP_OPEN_ACTIONS_BY_DUE_MONTH, group),
            *(municipality, GROUP_OPEN_ACTIONS_BY_DUE_MONTH, group, this_month),
            *(municipality, GROUP_OPEN_ACTIONS_BY_DUE, group, this_month, today.isoformat()),
        ),
    )

    def totals() -> _GroupTotals:
        rows = cells.rows()
        sums = actions.first() or {}
        overdue = int(sums.get("overdue_months") or 0) + int(sums.get("overdue_days") or 0)
        return _GroupTotals(
            by_stage={r["detail"]: int(r["n"]) for r in rows if r["kind"] == GROUP_STAGE},
            returned=sum(int(r["n"]) for r in rows if r["kind"] == GROUP_RETURNED),
            open_actions=int(sums.get("open_n") or 0),
            overdue_actions=overdue,
        )

    return totals


def _check_list_limit(list_limit: int) -> None:
    if not 1 <= list_limit <= MAX_PAGE:
        raise InvalidValueError(f"list_limit must be between 1 and {MAX_PAGE}.", field="list_limit")


def _board_action(row: Row, today: date) -> BoardAction:
    due = date.fromisoformat(row["due_date"])
    return BoardAction(
        problem_id=_id(row["problem_id"]),
        reference=row["reference"],
        action_id=_id(row["id"]),
        title=row["title"],
        owner=row["owner"],
        responsible_party=row["responsible_party"],
        due_date=due,
        status=ActionStatus(row["status"]),
        overdue=due < today,
    )


# ---------------------------------------------------------------------------- follow-up


def citizen_promise_follow_up(
    tx: Transaction,
    t: Tables,
    municipality: str,
    year: int,
    *,
    list_limit: int = 50,
    group_ids: Sequence[UUID] | None = None,
) -> Callable[[], CitizenPromiseFollowUp | None]:
    """The year's medborgarlöfte: lägesbild, focus areas with their activities and, per
    focus area, its newest ``list_limit`` linked problems (an index range read each) with
    totals from the counts the projection keeps. ``group_ids``: only those working groups'
    problems are listed and counted (a member's view); ``all_problems_total`` still counts
    every group's. Two sendings: the medborgarlöfte with its lägesbild, activities and focus
    areas (found by subqueries on the year), then what is read per focus area."""
    _check_list_limit(list_limit)
    of_year = (municipality, year)
    promise_sent = tx.send(
        f"SELECT * FROM {t.promises} WHERE municipality = ? AND year = ?", of_year
    )
    promise_id = f"(SELECT id FROM {t.promises} WHERE municipality = ? AND year = ?)"
    activities_sent = tx.send(
        f"SELECT * FROM {t.activities} WHERE promise_id = {promise_id} ORDER BY seq", of_year
    )
    areas_sent = tx.send(
        f"SELECT * FROM {t.focus_areas} WHERE promise_id = {promise_id} ORDER BY seq", of_year
    )
    picture = _picture(tx, t, municipality, year)
    # What is read per focus area needs its id: the one read before the transaction ends.
    areas = areas_sent.rows()
    area_ids = [a["id"] for a in areas]
    groups = None if group_ids is None else sorted(g.hex for g in group_ids)
    linked_totals = _linked_totals(tx, t, municipality, area_ids, groups)
    linked = {
        area_id: _linked_problems(tx, t, municipality, area_id, groups=groups, limit=list_limit)
        for area_id in area_ids
    }

    def follow_up() -> CitizenPromiseFollowUp | None:
        promise = promise_sent.first()
        if promise is None:
            return None
        activities: dict[str, list[FollowUpActivity]] = {}
        for r in activities_sent.rows():
            activities.setdefault(r["focus_area_id"], []).append(
                FollowUpActivity(
                    activity_id=_id(r["id"]),
                    description=r["description"],
                    responsible_organisation=Organisation(r["responsible_organisation"]),
                    responsible_party=r["responsible_party"],
                    due_date=_day(r["due_date"]),
                    status=ActivityStatus(r["status"]),
                    status_note=r["status_note"] or "",
                )
            )
        totals = linked_totals()
        followed_up_at = promise["followed_up_at"]
        return CitizenPromiseFollowUp(
            municipality=municipality,
            year=year,
            citizen_promise_id=_id(promise["id"]),
            title=promise["title"],
            adopted_on=_day(promise["adopted_on"]),
            followed_up_at=_moment(followed_up_at) if followed_up_at else None,
            follow_up_summary=promise["follow_up_summary"],
            situation_picture=picture(promise["situation_picture_id"]),
            focus_areas=tuple(
                FollowUpFocusArea(
                    focus_area_id=_id(a["id"]),
                    title=a["title"],
                    description=a["description"],
                    outcome=a["outcome"],
                    activities=tuple(activities.get(a["id"], [])),
                    problems=linked[a["id"]](),
                    problems_total=totals[a["id"]].listed,
                    problems_judged=totals[a["id"]].judged,
                    all_problems_total=totals[a["id"]].every_group,
                )
                for a in areas
            ),
            list_limit=list_limit,
        )

    return follow_up


@dataclass(frozen=True)
class _LinkedTotals:
    listed: int  # linked problems (of the groups asked for)
    judged: int  # of those, with a judged outcome
    every_group: int  # linked problems of every group


def _linked_totals(
    tx: Transaction,
    t: Tables,
    municipality: str,
    area_ids: Sequence[str],
    groups: Sequence[str] | None,
) -> Callable[[], dict[str, _LinkedTotals]]:
    """Per focus area: its linked problems and judged ones, from the counts: of every group
    (focus area × stage, focus area × outcome) and, when ``groups`` are given, of those
    (focus area × group × outcome); one statement, a few index lookups per focus area."""
    pairs = [focus_area_group(a, g) for a in area_ids for g in groups or ()]
    items = [*area_ids, *pairs]
    sent = None
    if items:
        marks = ", ".join("?" for _ in items)
        sent = tx.send(
            f"SELECT kind, item, detail, n FROM {t.counts} "
            f"WHERE municipality = ? AND kind IN (?, ?, ?) AND item IN ({marks})",
            (
                municipality,
                FOCUS_AREA_STAGE,
                FOCUS_AREA_OUTCOMES,
                FOCUS_AREA_GROUP_OUTCOMES,
                *items,
            ),
        )

    def totals() -> dict[str, _LinkedTotals]:
        found: dict[str, dict[tuple[str, str], int]] = {}
        for r in sent.rows() if sent else ():
            found.setdefault(r["kind"], {})[(r["item"], r["detail"])] = int(r["n"])

        def total(kind: str, keep: Sequence[str], *, judged_only: bool = False) -> int:
            return sum(
                n
                for (item, detail), n in found.get(kind, {}).items()
                if item in keep and (detail or not judged_only)
            )

        result = {}
        for area in area_ids:
            every_group = total(FOCUS_AREA_STAGE, (area,))
            if groups is None:
                listed, judged = every_group, total(FOCUS_AREA_OUTCOMES, (area,))
            else:
                own = [focus_area_group(area, g) for g in groups]
                listed = total(FOCUS_AREA_GROUP_OUTCOMES, own)
                judged = total(FOCUS_AREA_GROUP_OUTCOMES, own, judged_only=True)
            result[area] = _LinkedTotals(listed=listed, judged=judged, every_group=every_group)
        return result

    return totals


def _linked_problems(
    tx: Transaction,
    t: Tables,
    municipality: str,
    area_id: str,
    *,
    groups: Sequence[str] | None,
    limit: int,
) -> Callable[[], tuple[FollowUpProblem, ...]]:
    """A focus area's newest ``limit`` linked problems (of ``groups``: per group, merged)."""
    base = (
        "SELECT id, reference, title, stage, review_status, outcome, year, number "
        f"FROM {t.problems} WHERE municipality = ? AND focus_area_id = ?"
    )
    order = " ORDER BY year DESC, number DESC LIMIT ?"
    if groups is None:
        sent = [tx.send(base + order, (municipality, area_id, limit))]
    else:
        sent = [
            tx.send(base + " AND group_id = ?" + order, (municipality, area_id, group, limit))
            for group in groups
        ]

    def problems() -> tuple[FollowUpProblem, ...]:
        rows = [row for part in sent for row in part.rows()]
        if groups is not None:
            rows.sort(key=lambda r: (int(r["year"]), int(r["number"])), reverse=True)
        return tuple(
            FollowUpProblem(
                problem_id=_id(r["id"]),
                reference=r["reference"],
                title=r["title"],
                stage=Stage(r["stage"]),
                review_status=ReviewStatus(r["review_status"]),
                outcome=Outcome(r["outcome"]) if r["outcome"] else None,
            )
            for r in rows[:limit]
        )

    return problems


def _picture(
    tx: Transaction, t: Tables, municipality: str, year: int
) -> Callable[[str | None], SituationPictureSummary | None]:
    """The lägesbild of the medborgarlöfte of ``year``: the one it names, or else the one
    of the same year. Both are sent with the observations of either; the medborgarlöfte's
    ``situation_picture_id``, once read, picks."""
    named = f"SELECT situation_picture_id FROM {t.promises} WHERE municipality = ? AND year = ?"
    by_name = tx.send(
        f"SELECT * FROM {t.situation_pictures} WHERE id = ({named})", (municipality, year)
    )
    by_year = tx.send(
        f"SELECT * FROM {t.situation_pictures} WHERE municipality = ? AND year = ?",
        (municipality, year),
    )
    observations = tx.send(
        f"SELECT * FROM {t.observations} WHERE picture_id IN "
        f"(SELECT id FROM {t.situation_pictures} WHERE id = ({named}) "
        "OR (municipality = ? AND year = ?)) ORDER BY seq",
        (municipality, year, municipality, year),
    )

    def chosen(situation_picture_id: str | None) -> SituationPictureSummary | None:
        row = by_name.first() if situation_picture_id else by_year.first()
        if row is None:
            return None
        return SituationPictureSummary(
            situation_picture_id=_id(row["id"]),
            year=int(row["year"]),
            summary=row["summary"],
            adopted_on=_day(row["adopted_on"]),
            observations=tuple(
                ObservationSummary(o["area"], o["description"], Trend(o["trend"]), o["source"])
                for o in observations.rows()
                if o["picture_id"] == row["id"]
            ),
        )

    return chosen


# ---------------------------------------------------------------------------- values


def _uuid(value: str | None) -> UUID | None:
    return _id(value) if value else None


@lru_cache(maxsize=50_000)
def _id(value: str) -> UUID:
    """The id kept as hex text. A board or overview lists the same few hundred problems read
    after read; building a UUID from text costs ~1 µs, finding the one built before ~0.06 µs
    (~0.3 ms of a board's build). UUIDs are immutable, so sharing them is safe; the cache
    holds at most 50,000 (a few MB)."""
    return UUID(value)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)
