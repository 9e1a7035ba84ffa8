"""A working group's board: its open problems per stage, its open actions due first, and what
waits on it (returned assessments, overdue actions)."""

# ruff: noqa: S608 - table names come from this package's own table specs; values are parameters

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from problemorienterat.domain.problem import OPEN_STAGES
from problemorienterat.domain.sara import ActionStatus, ReviewStatus, Stage
from projections._database import Row, Transaction
from projections.problem_counts import (
    GROUP_OPEN_ACTIONS_BY_DUE,
    GROUP_OPEN_ACTIONS_BY_DUE_MONTH,
    GROUP_RETURNED,
    GROUP_STAGE,
    month,
)
from projections.views.limits import check_list_limit
from projections.views.stages import StageCount
from projections.views.tables import Tables
from projections.views.values import day_of, moment_of, uuid_of


@dataclass(frozen=True)
class BoardProblem:
    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    next_deadline: date | None
    last_changed_at: datetime


@dataclass(frozen=True)
class BoardAction:
    """An open action of one of the group's open problems."""

    problem_id: UUID
    reference: str
    action_id: UUID
    title: str
    owner: str
    responsible_party: str
    due_date: date
    status: ActionStatus
    overdue: bool


@dataclass(frozen=True)
class WaitingItem:
    """Something waiting on the group. ``kind``: ``assessment_returned`` (with lokala BRÅ's
    ``comments``) or ``action_overdue``."""

    kind: str
    problem_id: UUID
    reference: str
    title: str
    comments: str | None
    minutes_reference: str | None
    since: datetime | None
    due_date: date | None


@dataclass(frozen=True)
class GroupBoard:
    """A working group's board. Each list holds at most ``list_limit`` items, the most
    pressing first; the ``*_total`` fields count them all (from the counts the projection
    keeps). ``problems``: per open SARA stage the newest ``list_limit`` (the order of the
    problem index filtered by group and stage, where the rest are); ``next_actions``: the
    open actions with the nearest due date; ``waiting``: returned assessments (oldest
    decision first) then the overdue actions among ``next_actions``."""

    municipality: str
    group_id: UUID
    group_name: str
    group_kind: str
    dissolved: bool
    problems: tuple[BoardProblem, ...]
    next_actions: tuple[BoardAction, ...]
    waiting: tuple[WaitingItem, ...]
    list_limit: int = 50
    problems_total: int = 0
    stage_totals: tuple[StageCount, ...] = ()  # every open stage, empty ones too
    next_actions_total: int = 0
    overdue_actions_total: int = 0
    returned_assessments_total: int = 0
    waiting_total: int = 0  # returned assessments + overdue actions


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
    check_list_limit(list_limit)
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
                problem_id=uuid_of(r["id"]),
                reference=r["reference"],
                title=r["title"],
                comments=r["review_comments"],
                minutes_reference=r["review_minutes"],
                since=moment_of(r["reviewed_at"]) if r["reviewed_at"] else None,
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
                    problem_id=uuid_of(r["id"]),
                    reference=r["reference"],
                    title=r["title"],
                    stage=Stage(r["stage"]),
                    next_deadline=day_of(r["next_deadline"]),
                    last_changed_at=moment_of(r["last_event_at"]),
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


def _board_action(row: Row, today: date) -> BoardAction:
    due = date.fromisoformat(row["due_date"])
    return BoardAction(
        problem_id=uuid_of(row["problem_id"]),
        reference=row["reference"],
        action_id=uuid_of(row["id"]),
        title=row["title"],
        owner=row["owner"],
        responsible_party=row["responsible_party"],
        due_date=due,
        status=ActionStatus(row["status"]),
        overdue=due < today,
    )
