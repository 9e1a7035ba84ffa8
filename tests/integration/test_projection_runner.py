"""The runner's guarantees on SQLite and PostgreSQL: a crash or a stop anywhere, then a
restart, gives what a clean replay gives; a rebuild switches without taking the views down."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from projection_history import RandomHistory, assert_same_as_clean_replay, table_rows
from support import MEMBER, SYSTEM, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ProblemSource
from projections import ProjectionService
from projections import runner as runner_module
from projections._database import ViewDatabase
from projections._projection import ViewState
from projections._tables import (
    BUILDING,
    Generation,
    create_generation,
    ensure_registry,
    generations,
)
from projections.plans import PlansProjection
from projections.problem_counts import COUNTS_TABLE
from projections.problems import ProblemsProjection
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS, ProjectionRunner


class Boom(Exception):
    pass


def _failing_after(calls: int) -> type[ProblemsProjection]:
    """The problems projection, raising inside its handler on the ``calls``-th action."""
    seen = {"n": 0}
    original = ProblemsProjection.handlers[Problem.ActionStarted]

    def explode(state: ViewState, event: Any, position: int) -> None:
        seen["n"] += 1
        if seen["n"] == calls:
            raise Boom
        original(state, event, position)

    class Failing(ProblemsProjection):
        name = "problems"
        handlers = {**ProblemsProjection.handlers, Problem.ActionStarted: explode}

    return Failing


def _read_threads() -> list[threading.Thread]:
    """The threads reading the log ahead (on PostgreSQL, while a catch-up runs)."""
    return [t for t in threading.enumerate() if t.name.startswith("projections-read")]


def _fail_read(app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch, page: int) -> None:
    """The ``page``-th read of the log (counting from the patch) raises :class:`Boom`."""
    select = app.recorder.select_notifications
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == page:
            raise Boom
        return select(*args, **kwargs)

    monkeypatch.setattr(app.recorder, "select_notifications", failing)


def _rebuilt_rows(
    app: ProblemorienteratApp, rebuilt: list[Generation]
) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Every row of the generations a rebuild of ``PROJECTIONS`` made, by projection."""
    return {
        p.name: table_rows(app, p, g.generation) for p, g in zip(PROJECTIONS, rebuilt, strict=True)
    }


def _history(app: ProblemorienteratApp, seed: int, steps: int) -> RandomHistory:
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    history = RandomHistory(app, seed)
    history.run(steps)
    return history


def test_an_error_inside_the_projection_mid_stream_then_a_restart_equals_a_clean_replay(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch that raised is rolled back whole; the restarted runner applies it once
    (here with a tiny row cache, so it reads back rows the crashed runner committed)."""
    app = make_app(database_url, tmp_path)
    try:
        _history(app, seed=1, steps=120)
        head = app.recorder.max_notification_id()
        assert head is not None
        crashing = ProjectionRunner(
            app, projections=(_failing_after(5), PlansProjection), batch_size=13
        )
        crashing.prepare_live()
        with pytest.raises(Boom):
            crashing.catch_up()
        assert not _read_threads()
        stopped_at = crashing.generations[0].position
        assert 0 < stopped_at < head

        monkeypatch.setattr(runner_module, "CACHE_ROWS", 5)
        restarted = ProjectionRunner(app, batch_size=13)
        restarted.prepare_live()
        assert restarted.generations[0].generation == 1
        restarted.catch_up()
        assert restarted.position == head
        assert_same_as_clean_replay(app)
    finally:
        app.close()


def test_stopping_the_runner_mid_stream_then_restarting_equals_a_clean_replay(
    database_url: str, tmp_path: Path
) -> None:
    """A runner stopped between batches leaves committed batches only; a new one resumes."""
    app = make_app(database_url, tmp_path)
    try:
        _history(app, seed=2, steps=120)
        head = app.recorder.max_notification_id() or 0
        first = ProjectionService(app, Settings(data_dir=tmp_path, projections_batch_size=7))
        first.start()
        runner = first.runner
        assert runner is not None
        deadline = time.monotonic() + 10
        while (runner.position or 0) == 0 and time.monotonic() < deadline:
            time.sleep(0.001)
        first.stop()
        assert 0 < (runner.position or 0) < head

        second = ProjectionService(app, Settings(data_dir=tmp_path))
        second.start()
        try:
            assert second.wait_for(head, timeout=10)
        finally:
            second.stop()
        assert_same_as_clean_replay(app)
    finally:
        app.close()


def test_views_kept_while_commands_run_equal_a_full_rebuild_for_a_large_random_history(
    database_url: str, tmp_path: Path
) -> None:
    """Two runners (as two processes would) follow a random history as it is written, in
    small batches; every view then equals the view rebuilt from the event store."""
    app = make_app(database_url, tmp_path)
    other_process = make_app(database_url, tmp_path)
    settings = Settings(data_dir=tmp_path, projections_batch_size=11)
    services = [ProjectionService(app, settings), ProjectionService(other_process, settings)]
    try:
        for service in services:
            service.start()
        history = _history(app, seed=3, steps=350)
        head = app.recorder.max_notification_id() or 0
        assert head > 1000
        for service in services:
            assert service.wait_for(head, timeout=20)
        views = services[0]
        now = datetime(2026, 6, 1, tzinfo=UTC)

        def answers() -> list[Any]:
            return [
                views.problem_index("1882", limit=200),
                views.bra_overview("1882", now=now),
                *(views.group_board("1882", g, today=now.date()) for g in history.groups),
                views.citizen_promise_follow_up("1882", 2026),
            ]

        before = answers()
    finally:
        for service in services:
            service.stop()
        other_process.close()
    try:
        assert_same_as_clean_replay(app)
        assert answers() == before
    finally:
        app.close()


def test_a_rebuild_beside_the_running_views_switches_when_caught_up(
    database_url: str, tmp_path: Path
) -> None:
    """While a server keeps the views current, another process rebuilds them; queries keep
    answering, and after the switch the server's runner keeps the new generation current."""
    app = make_app(database_url, tmp_path)
    rebuilder = make_app(database_url, tmp_path)
    views = ProjectionService(app, Settings(data_dir=tmp_path))
    views.start()
    try:
        _history(app, seed=4, steps=60)
        assert views.wait_for(app.recorder.max_notification_id() or 0, timeout=10)
        before = views.problem_index("1882", limit=200)

        (generation,) = rebuild(rebuilder, [ProblemsProjection], batch_size=50)
        assert generation.generation == 2
        assert views.problem_index("1882", limit=200) == before
        states = {(s.name, s.generation): s.state for s in views.status()}
        assert states[("problems", 1)] == "retired"
        assert states[("problems", 2)] == "active"

        result = app.identify_problem(
            MEMBER,
            municipality="1882",
            title="Nytt efter bytet",
            description="Syns i den nya generationen.",
            place="Torget",
            source=ProblemSource.COMPLAINT,
            reported_by="En boende",
        )
        assert views.wait_for(result.position, timeout=5)
        assert views.problem_index("1882").items[0].title == "Nytt efter bytet"
        assert all(s.lag == 0 for s in views.status() if s.state == "active")
    finally:
        views.stop()
        rebuilder.close()
        app.close()


def test_a_reader_finds_the_current_generation_after_rebuilds_it_did_not_see(
    database_url: str, tmp_path: Path
) -> None:
    """The service reads the generations its last read found current, checking them in the
    same snapshot: after a switch it reads again from the new one, and when rebuilds have
    dropped the generation it last read, it finds the current one."""
    app = make_app(database_url, tmp_path)
    rebuilder = make_app(database_url, tmp_path)
    views = ProjectionService(app, Settings(data_dir=tmp_path))  # no runner: rebuilds only

    def identify(title: str) -> UUID:
        return app.identify_problem(
            MEMBER,
            municipality="1882",
            title=title,
            description="Bara i generationer byggda efter det här.",
            place="Torget",
            source=ProblemSource.COMPLAINT,
            reported_by="En boende",
        ).aggregate_id

    def rebuilt() -> int:
        (generation,) = rebuild(rebuilder, [ProblemsProjection], batch_size=50)
        return generation.generation

    try:
        _history(app, seed=5, steps=30)
        first, _ = rebuild(rebuilder, [ProblemsProjection, PlansProjection], batch_size=50)
        before = views.problem_index("1882", limit=200).items
        assert before

        # A switch: the generation last read is retired, kept but no longer current.
        switched = identify("Nytt efter det första bytet")
        second = rebuilt()
        assert [p.problem_id for p in views.problem_index("1882", limit=200).items] == [
            switched,
            *(p.problem_id for p in before),
        ]

        # Two more: the generation last read (the second) is dropped.
        dropped = identify("Nytt efter två byten till")
        rebuilt()
        current = rebuilt()
        states = {(s.name, s.generation): s.state for s in views.status()}
        assert ("problems", first.generation) not in states
        assert ("problems", second) not in states
        assert states[("problems", current)] == "active"
        after = views.problem_index("1882", limit=200).items
        assert [p.problem_id for p in after[:2]] == [dropped, switched]
        assert after[2:] == before

        moment = datetime(2026, 6, 1, tzinfo=UTC)
        fresh = ProjectionService(app, Settings(data_dir=tmp_path))  # reads the registry first
        assert views.bra_overview("1882", now=moment) == fresh.bra_overview("1882", now=moment)
    finally:
        rebuilder.close()
        app.close()


def test_a_rebuild_whose_rows_outgrow_the_cache_equals_one_that_kept_them_all(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild keeps only the keys once its rows pass the cache's size, and asks the
    database for those alone: the views it builds are the ones a rebuild with every row in
    memory builds."""
    app = make_app(database_url, tmp_path)
    try:
        _history(app, seed=5, steps=150)
        kept = _rebuilt_rows(app, rebuild(app, PROJECTIONS, batch_size=11))
        monkeypatch.setattr(runner_module, "CACHE_ROWS", 7)
        assert _rebuilt_rows(app, rebuild(app, PROJECTIONS, batch_size=11)) == kept
    finally:
        app.close()


def test_a_failed_read_of_the_next_page_stops_the_catch_up_then_a_restart_equals_a_replay(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the third page is read in the background while the second is applied:
    its error ends the catch-up after the second page is committed, and no thread is left."""
    app = make_app(database_url, tmp_path)
    try:
        _history(app, seed=6, steps=80)
        head = app.recorder.max_notification_id() or 0
        runner = ProjectionRunner(app, batch_size=13)
        runner.prepare_live()
        _fail_read(app, monkeypatch, 3)
        with pytest.raises(Boom):
            runner.catch_up()
        assert not _read_threads()
        assert runner.position == 26  # two pages of 13, each in its own transaction
        monkeypatch.undo()
        runner.catch_up()
        assert runner.position == head
        assert not _read_threads()
        assert_same_as_clean_replay(app)
    finally:
        app.close()


def test_a_complete_state_inserts_new_rows_and_upserts_or_deletes_the_ones_it_wrote(
    database_url: str, tmp_path: Path
) -> None:
    """A generation built from the start inserts the rows it never wrote (COPY on
    PostgreSQL) and changes the others in place: a row deleted, then added again, then
    changed, across flushes, ends as the last change; one deleted before any flush is never
    written; the trimmed cache still knows which keys exist."""
    app = make_app(database_url, tmp_path)
    try:
        db = ViewDatabase(app.recorder)
        ensure_registry(db)
        tables = (COUNTS_TABLE,)
        with db.transaction() as tx:
            generation = create_generation(
                tx, db, "flush-test", tables, schema_version=1, state=BUILDING
            ).generation
        state = ViewState(db, tables, generation, complete=True)

        def cell(key: str, n: int) -> dict[str, Any]:
            return {"id": key, "municipality": "m", "kind": "k", "item": "i", "detail": "", "n": n}

        def flushed(*changes: Callable[[], None]) -> list[tuple[Any, ...]]:
            with db.transaction() as tx:
                state.begin(tx)
                for change in changes:
                    change()
                state.flush(tx)
            state.begin(None)
            with db.reading() as tx:
                rows = tx.all(
                    f"SELECT id, n FROM {db.table(f'pv_counts_{generation}')} ORDER BY id"  # noqa: S608
                )
            return [(r["id"], r["n"]) for r in rows]

        assert flushed(
            lambda: state.put("counts", cell("a", 1)),
            lambda: state.put("counts", cell("b", 2)),
            lambda: state.put("counts", cell("gone", 3)),
            lambda: state.delete("counts", "gone"),
        ) == [("a", 1), ("b", 2)]
        assert flushed(lambda: state.delete("counts", "a")) == [("b", 2)]
        assert flushed(lambda: state.put("counts", cell("a", 4))) == [("a", 4), ("b", 2)]
        state.trim(0)
        row = state.change("counts", "a")
        assert row is not None  # read back: the key is known to exist
        assert row["n"] == 4
        assert state.get("counts", "never") is None
        assert flushed(lambda: row.update(n=5)) == [("a", 5), ("b", 2)]
    finally:
        app.close()


def test_a_rebuild_applies_several_pages_a_transaction_and_builds_what_one_page_each_builds(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild reads page after page into one transaction of up to ``REBUILD_EVENTS``
    events (a case whose steps fall in several pages is settled, counted and written once):
    it commits every few pages, and builds the views a rebuild that commits every page
    builds."""
    app = make_app(database_url, tmp_path)
    try:
        _history(app, seed=8, steps=150)
        head = app.recorder.max_notification_id() or 0
        monkeypatch.setattr(runner_module, "REBUILD_EVENTS", 1)  # a page a transaction
        expected = _rebuilt_rows(app, rebuild(app, PROJECTIONS, batch_size=11))

        monkeypatch.setattr(runner_module, "REBUILD_EVENTS", 40)  # four pages of 11
        positions: list[int] = []
        several = rebuild(
            app, PROJECTIONS, batch_size=11, progress=lambda at, _head: positions.append(at)
        )
        moves = [after - before for before, after in pairwise(positions)]
        commits = [move for move in moves if move]  # the last call finds the log's end
        assert len(commits) > 3, commits
        assert all(move >= 44 for move in commits[:-1]), commits  # every fourth page
        assert positions[-1] == head
        assert all(generation.state == "active" for generation in several)
        assert _rebuilt_rows(app, several) == expected
    finally:
        app.close()


def test_a_rebuild_failing_inside_a_transaction_keeps_the_ones_before_and_resumes_from_there(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three pages a transaction; the sixth page's read fails (the second transaction's
    last): the first transaction's pages stay, nothing of the second is written, and the
    rebuild run again resumes there and builds what a clean replay builds."""
    app = make_app(database_url, tmp_path)
    try:
        _history(app, seed=9, steps=120)
        monkeypatch.setattr(runner_module, "REBUILD_EVENTS", 30)  # three pages of 11
        third_page_end = app.recorder.select_notifications(start=0, limit=33)[-1].id
        _fail_read(app, monkeypatch, 6)
        with pytest.raises(Boom):
            rebuild(app, PROJECTIONS, batch_size=11)
        assert not _read_threads()
        db = ViewDatabase(app.recorder)
        with db.reading() as tx:
            building = [g for g in generations(tx, db) if g.state == BUILDING]
        assert sorted(g.name for g in building) == sorted(p.name for p in PROJECTIONS)
        assert {g.position for g in building} == {third_page_end}

        monkeypatch.undo()
        resumed = rebuild(app, PROJECTIONS, batch_size=11)
        assert [g.generation for g in resumed] == [g.generation for g in building]
        assert all(g.state == "active" for g in resumed)
        assert_same_as_clean_replay(app)
    finally:
        app.close()
