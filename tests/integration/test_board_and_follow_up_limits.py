"""The group board and the citizen-promise follow-up hold a limited number of items per list,
on SQLite and PostgreSQL: each limited list is the first N of the whole list in its order,
and every total equals counting the rows themselves (the views read them from the counts the
problems projection keeps, never by counting problems one by one)."""

# ruff: noqa: S608 - table names come from the projections' own table specs

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.domain import CanCreateTimestamp
from projection_history import YEAR, RandomHistory, active_generation
from support import SYSTEM, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.problem import OPEN_STAGES
from projections import ProjectionService
from projections._database import ViewDatabase
from projections.problems import ProblemsProjection
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
LIMIT = 3
OPEN = "('scanning', 'analysis', 'response', 'assessment')"
OPEN_ACTIONS = "('planned', 'started', 'deviated')"


class Clock:
    """The time new events get: moved on by the test, a few hours to days per step."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def tick(self, rng: random.Random) -> None:
        self.now += timedelta(hours=rng.uniform(0, 40))


@pytest.fixture
def history(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RandomHistory]:
    """A random SARA history over weeks in two groups and two focus areas (moves, returns,
    closing, reopening), with the views rebuilt from it."""
    clock = Clock()
    monkeypatch.setattr(CanCreateTimestamp, "create_timestamp", staticmethod(clock))
    app = make_app(database_url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    try:
        made = RandomHistory(app, 41, tick=clock.tick)
        made.run(260, new_problem_chance=0.25)
        rebuild(app, PROJECTIONS, batch_size=50)
        yield made
    finally:
        app.close()


def _rows(app: ProblemorienteratApp, sql: str, params: tuple[object, ...] = ()) -> list[str]:
    """The ids a statement over the active problems generation gives ({p}, {a}: tables)."""
    db = ViewDatabase(app.recorder)
    generation = active_generation(app, ProblemsProjection).generation
    p = db.table(f"pv_problems_{generation}")
    a = db.table(f"pv_actions_{generation}")
    with db.reading() as tx:
        return [str(r["id"]) for r in tx.all(sql.format(p=p, a=a), params)]


def _ids(values: list[str]) -> list[UUID]:
    return [UUID(v) for v in values]


def test_the_board_lists_the_first_n_of_each_list_and_totals_equal_the_rows(
    history: RandomHistory, tmp_path: Path
) -> None:
    """For each group and several days: per open stage the newest N problems (the order of
    the problem index filtered by group and stage) and the stage's total; the N open actions
    due first and their total, the overdue total; returned assessments oldest decision
    first; waiting = returned + overdue. Each equals a plain query over the rows."""
    app = history.app
    views = ProjectionService(app, Settings(data_dir=tmp_path))
    seen_cut = {"stage": False, "actions": False}
    for group in history.groups:
        key = group.hex
        days = [date(YEAR, 1, 1), date(YEAR, 3, 15), date(YEAR, 5, 1), date(YEAR + 1, 1, 1)]
        for today in days:
            board = views.group_board("1882", group, today=today, list_limit=LIMIT)
            assert board is not None
            assert board.list_limit == LIMIT
            for stage in OPEN_STAGES:
                every = _rows(
                    app,
                    "SELECT id FROM {p} WHERE municipality = '1882' AND group_id = ? "
                    "AND stage = ? ORDER BY year DESC, number DESC",
                    (key, stage.value),
                )
                shown = [p.problem_id for p in board.problems if p.stage is stage]
                assert shown == _ids(every[:LIMIT]), stage
                total = next(c.count for c in board.stage_totals if c.stage is stage)
                assert total == len(every), stage
                seen_cut["stage"] |= len(every) > LIMIT
                page = views.problem_index("1882", stage=stage, group_id=group, limit=LIMIT)
                assert [p.problem_id for p in page.items] == shown, "the index continues it"
            assert board.problems_total == sum(c.count for c in board.stage_totals)
            assert board.problems_total == len(
                _rows(app, "SELECT id FROM {p} WHERE group_id = ? AND stage IN " + OPEN, (key,))
            )
            actions = _rows(
                app,
                "SELECT a.id FROM {a} a JOIN {p} p ON p.id = a.problem_id "
                f"WHERE p.group_id = ? AND a.status IN {OPEN_ACTIONS} AND p.stage IN {OPEN} "
                "ORDER BY a.due_date, p.year, p.number, a.seq",
                (key,),
            )
            assert [a.action_id for a in board.next_actions] == _ids(actions[:LIMIT])
            assert board.next_actions_total == len(actions)
            seen_cut["actions"] |= len(actions) > LIMIT
            overdue = _rows(
                app,
                "SELECT a.id FROM {a} a JOIN {p} p ON p.id = a.problem_id "
                f"WHERE p.group_id = ? AND a.status IN {OPEN_ACTIONS} AND p.stage IN {OPEN} "
                "AND a.due_date < ?",
                (key, today.isoformat()),
            )
            assert board.overdue_actions_total == len(overdue), today
            returned = _rows(
                app,
                "SELECT id FROM {p} WHERE group_id = ? AND stage = 'assessment' "
                "AND review_status = 'returned' ORDER BY reviewed_at, year, number",
                (key,),
            )
            assert board.returned_assessments_total == len(returned)
            waiting_returned = [w for w in board.waiting if w.kind == "assessment_returned"]
            assert [w.problem_id for w in waiting_returned] == _ids(returned[:LIMIT])
            waiting_overdue = [w for w in board.waiting if w.kind == "action_overdue"]
            assert len(waiting_overdue) == min(LIMIT, len(overdue))
            assert board.waiting_total == len(returned) + len(overdue)
        whole = views.group_board("1882", group, today=days[-1], list_limit=200)
        assert whole is not None
        assert len(whole.problems) == whole.problems_total
    assert seen_cut == {"stage": True, "actions": True}, "the history should exceed the limit"
    with pytest.raises(InvalidValueError):
        views.group_board("1882", history.groups[0], list_limit=0)


def test_the_follow_up_lists_the_first_n_linked_problems_with_totals(
    history: RandomHistory, tmp_path: Path
) -> None:
    """Per focus area the newest N linked problems and the totals (linked, judged) equal a
    query over the rows; asked for one group's problems, the list and totals are that
    group's and ``all_problems_total`` still counts every group's."""
    app = history.app
    views = ProjectionService(app, Settings(data_dir=tmp_path))
    follow_up = views.citizen_promise_follow_up("1882", YEAR, list_limit=LIMIT)
    assert follow_up is not None
    assert follow_up.list_limit == LIMIT
    cut = False
    for area in follow_up.focus_areas:
        key = area.focus_area_id.hex
        every = _rows(
            app,
            "SELECT id FROM {p} WHERE focus_area_id = ? ORDER BY year DESC, number DESC",
            (key,),
        )
        judged = _rows(
            app, "SELECT id FROM {p} WHERE focus_area_id = ? AND outcome IS NOT NULL", (key,)
        )
        assert [p.problem_id for p in area.problems] == _ids(every[:LIMIT])
        assert (area.problems_total, area.all_problems_total) == (len(every), len(every))
        assert area.problems_judged == len(judged)
        cut |= len(every) > LIMIT
        page = views.problem_index("1882", focus_area_id=area.focus_area_id, limit=LIMIT)
        assert [p.problem_id for p in page.items] == [p.problem_id for p in area.problems]
    assert cut, "the history should link more problems than the limit"

    for group in history.groups:
        own = views.citizen_promise_follow_up("1882", YEAR, list_limit=LIMIT, group_ids=[group])
        assert own is not None
        for area in own.focus_areas:
            key = area.focus_area_id.hex
            mine = _rows(
                app,
                "SELECT id FROM {p} WHERE focus_area_id = ? AND group_id = ? "
                "ORDER BY year DESC, number DESC",
                (key, group.hex),
            )
            judged = _rows(
                app,
                "SELECT id FROM {p} WHERE focus_area_id = ? AND group_id = ? "
                "AND outcome IS NOT NULL",
                (key, group.hex),
            )
            every = _rows(app, "SELECT id FROM {p} WHERE focus_area_id = ?", (key,))
            assert [p.problem_id for p in area.problems] == _ids(mine[:LIMIT])
            assert area.problems_total == len(mine)
            assert area.problems_judged == len(judged)
            assert area.all_problems_total == len(every)
    both = views.citizen_promise_follow_up("1882", YEAR, list_limit=LIMIT, group_ids=history.groups)
    assert both is not None
    assert [[p.problem_id for p in a.problems] for a in both.focus_areas] == [
        [p.problem_id for p in a.problems] for a in follow_up.focus_areas
    ], "every group's problems, merged newest first, are the whole list"
    assert views.citizen_promise_follow_up("1882", YEAR, group_ids=[]) is not None
