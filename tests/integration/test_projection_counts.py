"""The counts the BRÅ overview reads, on SQLite and PostgreSQL: kept by the problems projection
in the batch that changes the rows, they always equal a GROUP BY over those rows (live, after
a restart with a small row cache, after a rebuild), and the overview's totals and work lists
equal counting and sorting the rows themselves."""

# ruff: noqa: S608 - table names come from the projections' own table specs

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from builders import (
    a_group,
    analysed,
    answer_all_cheers,
    identified,
    plan_lighting,
    ready_to_submit,
)
from eventsourcing.domain import CanCreateTimestamp
from projection_history import (
    RandomHistory,
    active_generation,
    assert_same_as_clean_replay,
    counts_by_group_by,
    kept_counts,
    plans_for_the_year,
    unsettled_rows,
)
from support import BRA, MEMBER, SYSTEM, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.domain.sara import Stage
from projections import ProjectionService
from projections import runner as runner_module
from projections._database import ViewDatabase
from projections.problems import ProblemsProjection
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS, ProjectionRunner

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


class Clock:
    """The time new events get: moved on by the test, a few hours to days per step."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def tick(self, rng: random.Random) -> None:
        self.now += timedelta(hours=rng.uniform(0, 40))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every event recorded in the test is stamped with the test's clock."""
    fake = Clock()
    monkeypatch.setattr(CanCreateTimestamp, "create_timestamp", staticmethod(fake))
    return fake


@pytest.fixture
def dated_app(database_url: str, tmp_path: Path, clock: Clock) -> Iterator[ProblemorienteratApp]:
    app = make_app(database_url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    yield app
    app.close()


def problems_generation(app: ProblemorienteratApp) -> int:
    return active_generation(app, ProblemsProjection).generation


def assert_counts_match_the_rows(app: ProblemorienteratApp, generation: int) -> None:
    kept = kept_counts(app, generation)
    assert kept, "no counts kept"
    assert kept == counts_by_group_by(app, generation)
    assert unsettled_rows(app, generation) == 0


@pytest.mark.parametrize("seed", [21, 22])
def test_counts_kept_live_equal_a_group_by_over_the_rows_and_a_rebuild(
    dated_app: ProblemorienteratApp, clock: Clock, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """A random SARA history over several weeks (moves between groups and focus areas,
    returns, closing, reopening) is followed in small batches by a runner that keeps few rows
    cached, restarted half-way; its counts equal a GROUP BY over its rows, and a rebuild from
    the event store makes the same counts."""
    monkeypatch.setattr(runner_module, "CACHE_ROWS", 40)
    history = RandomHistory(dated_app, seed, tick=clock.tick)
    for _half in range(2):
        runner = ProjectionRunner(dated_app, batch_size=13)
        runner.prepare_live()
        history.run(120)
        runner.catch_up()
    generation = problems_generation(dated_app)
    assert_counts_match_the_rows(dated_app, generation)
    kinds = {key.split("|")[0] for key in kept_counts(dated_app, generation)}
    assert {"awaiting_review", "open_actions_by_due", "focus_area_outcomes"} <= kinds
    assert {"group_returned", "group_open_actions_by_due", "focus_area_group_outcomes"} <= kinds
    days = {k for k in kept_counts(dated_app, generation) if k.startswith("open_by_last_change")}
    assert len(days) > 5, "the history should spread over many days"

    assert_same_as_clean_replay(dated_app)  # every table, the counts included
    assert_counts_match_the_rows(dated_app, problems_generation(dated_app))


def test_moving_a_problem_moves_its_counts_through_close_and_reopen(
    store_app: ProblemorienteratApp, tmp_path: Path
) -> None:
    """A problem moved to another group and another focus area, carried to closure and
    reopened: after every step the counts equal a GROUP BY, and the overview shows it in one
    place only (its old group and focus area drop out when they count nothing)."""
    views = ProjectionService(store_app, Settings(data_dir=tmp_path))
    views.start()
    try:
        plans = plans_for_the_year(store_app)
        first, second = a_group(store_app, "UNG-gruppen"), a_group(store_app, "Projektgruppen")
        problem = identified(store_app, group_id=first)
        store_app.link_focus_area(
            MEMBER, problem, citizen_promise_id=plans.promise_id, focus_area_id=plans.focus_areas[0]
        )
        now = datetime(2026, 6, 1, tzinfo=UTC)

        def overview_after_checking_counts() -> tuple[dict[object, tuple[int, int]], ...]:
            assert views.wait_for(store_app.recorder.max_notification_id() or 0, timeout=10)
            assert_counts_match_the_rows(store_app, problems_generation(store_app))
            overview = views.bra_overview("1882", now=now)
            return (
                {c.stage: (c.count, 0) for c in overview.by_stage if c.count},
                {c.group_id: (c.open_problems, c.problems) for c in overview.by_group},
                {c.focus_area_id: (c.open_problems, c.problems) for c in overview.by_focus_area},
                {
                    a.focus_area_id: (a.problems, a.output.actions_planned)
                    for a in overview.focus_areas
                },
            )

        stages, groups, areas, _ = overview_after_checking_counts()
        assert stages == {Stage.SCANNING: (1, 0)}
        assert groups == {first: (1, 1)}
        assert areas == {plans.focus_areas[0]: (1, 1)}

        store_app.assign_group(MEMBER, problem, group_id=second)
        store_app.link_focus_area(
            MEMBER, problem, citizen_promise_id=plans.promise_id, focus_area_id=plans.focus_areas[1]
        )
        answer_all_cheers(store_app, problem)
        store_app.start_analysis(MEMBER, problem)
        analysed(store_app, problem)
        _, groups, areas, progress = overview_after_checking_counts()
        assert groups == {second: (1, 1)}
        assert areas == {plans.focus_areas[1]: (1, 1)}
        assert progress == {plans.focus_areas[0]: (0, 0), plans.focus_areas[1]: (1, 0)}

        # An action due 30 April: overdue on 1 June while the problem is open.
        action = plan_lighting(store_app, problem)
        store_app.start_action(MEMBER, problem, action_id=action)
        assert views.wait_for(store_app.recorder.max_notification_id() or 0, timeout=10)
        assert views.bra_overview("1882", now=now).overdue_actions_total == 1
        store_app.complete_action(MEMBER, problem, action_id=action)
        second_action = plan_lighting(store_app, problem)  # stays planned, so overdue
        store_app.start_assessment(MEMBER, problem)
        ready_to_submit(store_app, problem)
        store_app.submit_assessment(MEMBER, problem)
        overview_after_checking_counts()
        overview = views.bra_overview("1882", now=now)
        assert overview.awaiting_review_total == 1
        assert [a.action_id for a in overview.overdue_actions] == [second_action]

        store_app.approve_assessment(BRA, problem, comments="Bra.")
        store_app.close_problem(BRA, problem)
        stages, groups, areas, progress = overview_after_checking_counts()
        assert stages == {Stage.CLOSED: (1, 0)}
        assert groups == {second: (0, 1)}
        assert progress[plans.focus_areas[1]] == (1, 2)
        closed = views.bra_overview("1882", now=now)
        assert (closed.awaiting_review_total, closed.overdue_actions_total) == (0, 0)
        assert closed.overdue_actions == ()

        store_app.reopen(MEMBER, problem, to_stage=Stage.RESPONSE, reason="Det är tillbaka.")
        stages, groups, _, _ = overview_after_checking_counts()
        assert stages == {Stage.RESPONSE: (1, 0)}
        assert groups == {second: (1, 1)}
        reopened = views.bra_overview("1882", now=now)
        assert [a.action_id for a in reopened.overdue_actions] == [second_action]
        assert reopened.overdue_actions_total == 1
    finally:
        views.stop()


def test_the_overviews_totals_and_lists_equal_counting_the_rows(
    dated_app: ProblemorienteratApp, clock: Clock, tmp_path: Path
) -> None:
    """For cut-offs on every kind of moment (between days, inside a day with events, on an
    event's exact time), the stale and overdue totals equal counting the rows, and the work
    lists are the rows' most urgent ones in order."""
    history = RandomHistory(dated_app, 31, tick=clock.tick)
    history.run(200)
    rebuild(dated_app, PROJECTIONS, batch_size=50)
    views = ProjectionService(dated_app, Settings(data_dir=tmp_path))
    generation = problems_generation(dated_app)
    db = ViewDatabase(dated_app.recorder)
    p = db.table(f"pv_problems_{generation}")
    a = db.table(f"pv_actions_{generation}")
    open_stages = "('scanning', 'analysis', 'response', 'assessment')"
    open_actions = "('planned', 'started', 'deviated')"
    with db.reading() as tx:
        moments = [
            str(r["last_event_at"])
            for r in tx.all(f"SELECT last_event_at FROM {p} WHERE stage IN {open_stages}")
        ]
    assert len({m[:10] for m in moments}) > 5
    rng = random.Random(5)  # noqa: S311 - reproducible cut-offs, not secrets
    cutoffs = [datetime.fromisoformat(m) for m in rng.sample(moments, 6)]
    cutoffs += [c + timedelta(microseconds=1) for c in cutoffs[:2]]
    cutoffs += [c.replace(hour=0, minute=0, second=0, microsecond=0) for c in cutoffs[:2]]
    cutoffs += [START - timedelta(days=1), clock.now + timedelta(days=1)]

    for cutoff in cutoffs:
        stale_days = 10
        now = cutoff + timedelta(days=stale_days)
        overview = views.bra_overview("1882", stale_days=stale_days, now=now, list_limit=7)
        stamp = cutoff.isoformat(timespec="microseconds")
        with db.reading() as tx:
            stale = tx.all(
                f"SELECT id FROM {p} WHERE stage IN {open_stages} AND last_event_at < ? "
                "ORDER BY last_event_at, year, number",
                (stamp,),
            )
            overdue = tx.all(
                f"SELECT a.id FROM {a} a JOIN {p} p ON p.id = a.problem_id "
                f"WHERE a.status IN {open_actions} AND p.stage IN {open_stages} "
                "AND a.due_date < ? ORDER BY a.due_date, p.year, p.number, a.seq",
                (now.date().isoformat(),),
            )
            awaiting = tx.all(
                f"SELECT id FROM {p} WHERE stage = 'assessment' AND review_status = 'submitted' "
                "ORDER BY submitted_at, year, number"
            )
        assert overview.stale_problems_total == len(stale), cutoff
        assert [s.problem_id for s in overview.stale_problems] == [UUID(r["id"]) for r in stale[:7]]
        assert overview.overdue_actions_total == len(overdue), now.date()
        assert [o.action_id for o in overview.overdue_actions] == [
            UUID(r["id"]) for r in overdue[:7]
        ]
        assert overview.awaiting_review_total == len(awaiting)
        assert [r.problem_id for r in overview.awaiting_review] == [
            UUID(r["id"]) for r in awaiting[:7]
        ]
    totals = {
        views.bra_overview("1882", stale_days=10, now=c + timedelta(days=10)).stale_problems_total
        for c in cutoffs
    }
    assert len(totals) > 3, "the cut-offs should give different totals"


def test_a_rebuilt_generation_is_vacuumed_on_postgres_once_it_is_active(
    postgres_url: str, tmp_path: Path
) -> None:
    """PostgreSQL: the row versions a bulk build leaves (counts rewritten batch after batch)
    are cleared when the generation becomes active, not left for autovacuum."""
    app = make_app(postgres_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        RandomHistory(app, 41).run(40)
        (generation,) = rebuild(app, [ProblemsProjection], batch_size=20)
        db = ViewDatabase(app.recorder)
        with db.reading() as tx:
            vacuumed = {
                str(r["relname"])
                for r in tx.all(
                    "SELECT relname FROM pg_stat_user_tables "
                    "WHERE schemaname = ? AND last_vacuum IS NOT NULL",
                    (db.schema,),
                )
            }
        assert {t.physical(generation.generation) for t in ProblemsProjection.tables} <= vacuumed
    finally:
        app.close()
