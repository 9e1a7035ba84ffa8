"""Benchmarks of the domain core: use cases through the application service, and loading.

1. ``use_case_vs_raw_save``: ``app.record_finding(...)`` (load, check, act, save) against the
   library's own ``Application.save()`` of the same event on an aggregate kept in memory.
2. ``load_1000_events``: ``app.repository.get(id)`` of a problem with 1,000 events, with the
   snapshots the app takes every 50 events, and with an app that has no snapshot store and
   replays every event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate

from bench.harness import (
    Benchmark,
    Context,
    Ratio,
    Result,
    Variant,
    interleave,
    rounds_of,
    stopwatch,
)
from problemorienterat.application.app import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import (
    CheersQuestion,
    ProblemSource,
    RepeatPattern,
    TriangleSide,
)
from problemorienterat.domain.working_group import GroupKind
from problemorienterat.infrastructure.library_compat import (
    PENDING_EVENTS_ATTRIBUTE,
    aggregate_cache_of,
)

ACTOR = Actor("bench", "Bench", Organisation.KOMMUN, Role.MEMBER)
MUNICIPALITY = "1882"
SNAPSHOT_INTERVAL = ProblemorienteratApp.snapshotting_intervals[Problem]
EVENTS_AT_ANALYSIS = 8  # Identified + six CheersAnswered + AnalysisStarted


NO_CACHE = {"PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE": "0"}  # loads must read the store


class NoSnapshotApp(ProblemorienteratApp):
    """The same app on the same tables, without a snapshot store: every load replays all."""

    name = "problemorienterat"  # same name, so the same tables (eventsourcing derives them)
    snapshotting_intervals = {}


def _library_env(env: dict[str, str], **settings: str) -> dict[str, str]:
    """``env`` with library settings given both plainly and with the app-name prefix.

    The library reads ``PROBLEMORIENTERAT_<KEY>`` before ``<KEY>`` and merges ``os.environ``
    under the given env; setting both forms keeps the process environment out of the run.
    """
    out = dict(env)
    for key, value in settings.items():
        out[key] = value
        out[f"{ProblemorienteratApp.name.upper()}_{key}"] = value
    return out


def open_app(env: dict[str, str], *, snapshots: bool = True) -> ProblemorienteratApp:
    """An app without aggregate cache; with or without the snapshot store."""
    if snapshots:
        app = ProblemorienteratApp(env=_library_env(env, AGGREGATE_CACHE_MAXSIZE="") | NO_CACHE)
        if app.snapshots is None:
            raise AssertionError("the snapshotting app has no snapshot store")
    else:
        app = NoSnapshotApp(
            env=_library_env(env, AGGREGATE_CACHE_MAXSIZE="", IS_SNAPSHOTTING_ENABLED="n")
            | NO_CACHE
        )
        if app.snapshots is not None or app.repository.snapshot_store is not None:
            raise AssertionError("the no-snapshot app has a snapshot store")
    if aggregate_cache_of(app.repository) is not None:
        raise AssertionError("the aggregate cache is on; loads would not read the store")
    return app


def prepare_municipality(app: ProblemorienteratApp) -> UUID:
    """Register Kungsör and establish the working group its problems are assigned to."""
    app.register_municipality(ACTOR, code=MUNICIPALITY, name="Kungsör", reference_prefix="KUN")
    return app.establish_group(
        ACTOR,
        municipality=MUNICIPALITY,
        name="UNG-gruppen",
        kind=GroupKind.YOUTH,
        mandate="Analysera och åtgärda problem med ungdomar i centrum.",
    ).aggregate_id


def problem_in_analysis(app: ProblemorienteratApp, group_id: UUID) -> UUID:
    """A new problem that passed CHEERS and is in the analysis stage (8 events)."""
    pid = app.identify_problem(
        ACTOR,
        municipality=MUNICIPALITY,
        title="Skadegörelse vid busstationen",
        description="Återkommande skadegörelse på väderskydd och biljettautomater kvällstid.",
        place="Kungsörs busstation",
        source=ProblemSource.SAFETY_WALK,
        reported_by="Trygghetsvandring",
        group_id=group_id,
    ).aggregate_id
    for question in CheersQuestion:
        app.answer_cheers(ACTOR, pid, question=question, met=True, evidence="Polisens statistik")
    app.start_analysis(ACTOR, pid)
    return pid


# --------------------------------------------------------------------- 1. service vs raw save


def _use_case_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"rounds": 3, "warmup_rounds": 1, "problems_per_sample": 1, "ops_per_problem": 5}
    return {"rounds": 30, "warmup_rounds": 1, "problems_per_sample": 3, "ops_per_problem": 20}


def use_case_vs_raw_save(ctx: Context) -> Result:
    params = _use_case_params(ctx.quick)
    problems, ops = params["problems_per_sample"], params["ops_per_problem"]
    per_sample = problems * ops
    service = Variant(
        "service",
        "application service",
        "`app.record_finding(actor, problem_id, side=PLACE, description=...)`: "
        "`repository.get()` replays the problem's stored events, the stage is checked, "
        "`FindingRecorded` is triggered and `Application.save()` writes it in one "
        "transaction (ProblemorienteratApp, snapshots every 50 events, no aggregate cache)",
        "ops/s",
        higher_is_better=True,
    )
    raw = Variant(
        "raw",
        "raw save()",
        "the same Problem aggregate kept in memory (loaded once before the clock starts); "
        "each op calls `problem.record_finding(...)` (same rule check, same event) and "
        "`app.save(problem)`: one transaction with one event, no load",
        "ops/s",
        higher_is_better=True,
    )
    checks: list[str] = []
    env = ctx.store.env_for("use_case_vs_raw_save")
    app = open_app(env)
    try:
        ctx.status("registering the municipality")
        group_id = prepare_municipality(app)

        def fresh_problems() -> list[UUID]:
            return [problem_in_analysis(app, group_id) for _ in range(problems)]

        def check_versions(ids: Iterable[UUID]) -> None:
            for pid in ids:
                version: int = app.repository.get(pid).version
                if version != EVENTS_AT_ANALYSIS + ops:
                    raise AssertionError(f"problem at version {version}, expected more")

        def sample_service() -> float:
            ids = fresh_problems()
            elapsed = stopwatch()
            for pid in ids:
                for i in range(ops):
                    app.record_finding(
                        ACTOR, pid, side=TriangleSide.PLACE, description=f"Iakttagelse {i}"
                    )
            seconds = elapsed()
            check_versions(ids)
            return per_sample / seconds

        def sample_raw() -> float:
            ids = fresh_problems()
            aggregates: list[Problem] = [app.repository.get(pid) for pid in ids]
            elapsed = stopwatch()
            for problem in aggregates:
                for i in range(ops):
                    problem.record_finding(
                        ACTOR, side=TriangleSide.PLACE, description=f"Iakttagelse {i}"
                    )
                    app.save(problem)
            seconds = elapsed()
            check_versions(ids)
            return per_sample / seconds

        ctx.status("measuring (service / raw, interleaved)")
        interleave(
            params["rounds"],
            [(service, sample_service), (raw, sample_raw)],
            warmup=params["warmup_rounds"],
            advance=ctx.advance,
        )
        checks.append(
            f"after every sample each problem was at version {EVENTS_AT_ANALYSIS + ops} "
            f"({EVENTS_AT_ANALYSIS} set-up events + {ops} findings), in both variants"
        )
    finally:
        app.close()
    first, last = EVENTS_AT_ANALYSIS, EVENTS_AT_ANALYSIS + ops - 1
    method = (
        f"Each sample times {per_sample} operations: {ops} findings on each of {problems} "
        f"fresh problem(s) in the analysis stage ({EVENTS_AT_ANALYSIS} events when set up: "
        "identified, six CHEERS answers met, analysis started; set-up is not timed). A fresh "
        f"problem every {ops} operations keeps the service's load realistic: it replays "
        f"{first}-{last} events and never reaches the first snapshot (at "
        f"{SNAPSHOT_INTERVAL}). Both variants run on the same app and database; per round "
        "one sample of each, order alternating (AB, BA, ...)."
    )
    return Result(
        benchmark="use_case_vs_raw_save",
        title="Use cases per second: application service vs the library's raw save()",
        store=ctx.store.name,
        method=method,
        variants=[service, raw],
        ratios=[
            Ratio(
                "service_over_raw",
                "service / raw (ops/s)",
                "service",
                "raw",
                "share of the raw save() rate the full use case reaches",
            )
        ],
        params=params,
        checks=checks,
    )


# --------------------------------------------------------------------- 2. load with snapshots


def _load_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"rounds": 3, "warmup_rounds": 1, "loads_per_sample": 2, "events": 200}
    return {"rounds": 30, "warmup_rounds": 1, "loads_per_sample": 5, "events": 1000}


def build_problem(
    app: ProblemorienteratApp,
    group_id: UUID,
    events: int,
    before_each: Callable[[Problem], Any] | None = None,
) -> UUID:
    """A problem with exactly ``events`` events: set-up, then analysis facts of four kinds.

    Saved with ``app.save()`` every time the version reaches a multiple of the snapshot
    interval, so the app takes its snapshots as it would have one command at a time.
    ``before_each(problem)`` runs before each fact is recorded.
    """
    pid = problem_in_analysis(app, group_id)
    problem: Problem = app.repository.get(pid)
    actions: tuple[Callable[[int], Any], ...] = (
        lambda i: problem.record_finding(ACTOR, side=TriangleSide.PLACE, description=f"Fynd {i}"),
        lambda i: problem.record_cause(ACTOR, description=f"Orsak {i}"),
        lambda i: problem.classify_repeat_pattern(
            ACTOR, pattern=RepeatPattern.REPEAT_PLACE, description=f"Mönster {i}"
        ),
        lambda i: problem.record_data_source(
            ACTOR, name=f"Källa {i}", extracted_on=date(2026, 1, 1), description="BRÅ"
        ),
    )
    i = 0
    while problem.version < events:
        if before_each is not None:
            before_each(problem)
        actions[i % len(actions)](i)
        i += 1
        if problem.version % SNAPSHOT_INTERVAL == 0 or problem.version == events:
            app.save(problem)
    return pid


def _counting_projector() -> tuple[list[int], Callable[..., Any]]:
    """The library's projector, counting the stored items (snapshots and events) it applies."""
    count = [0]

    def project(aggregate: Any, domain_events: Iterable[Any]) -> Any:
        def counted() -> Iterable[Any]:
            for event in domain_events:
                count[0] += 1
                yield event

        return project_aggregate(aggregate, counted())

    return count, project


def _state(problem: Problem) -> dict[str, Any]:
    return {k: v for k, v in vars(problem).items() if k != PENDING_EVENTS_ATTRIBUTE}


def load_with_and_without_snapshots(ctx: Context) -> Result:
    params = _load_params(ctx.quick)
    events, loads = params["events"], params["loads_per_sample"]
    between = events + SNAPSHOT_INTERVAL - 1
    snap = Variant(
        "snapshot",
        f"with snapshots ({events} events)",
        f"ProblemorienteratApp: `repository.get(id)` reads the latest snapshot (version {events}) "
        "and the events after it (none)",
        "ms/load",
        higher_is_better=False,
    )
    nosnap = Variant(
        "no_snapshot",
        f"without snapshots ({events} events)",
        "the same app class on the same tables with `snapshotting_intervals = {}` and "
        "IS_SNAPSHOTTING_ENABLED=n: no snapshot store, `repository.get(id)` replays "
        f"all {events} events",
        "ms/load",
        higher_is_better=False,
    )
    snap_between = Variant(
        "snapshot_worst",
        f"with snapshots ({between} events)",
        f"ProblemorienteratApp loading a second problem with {between} events: the latest "
        f"snapshot (version {events}) plus the {SNAPSHOT_INTERVAL - 1} events after it, the "
        "most a load replays with snapshots every 50 events",
        "ms/load",
        higher_is_better=False,
    )
    checks: list[str] = []
    env = ctx.store.env_for("load_1000_events")
    app = open_app(env)
    plain = open_app(env, snapshots=False)
    try:
        ctx.status(f"building problems with {events} and {between} events")
        group_id = prepare_municipality(app)
        pid = build_problem(app, group_id, events)
        pid_between = build_problem(app, group_id, between)

        # Verify what each variant reads, once, outside the clock.
        assert app.snapshots is not None
        latest = list(app.snapshots.get(pid, desc=True, limit=1))
        if not latest or latest[0].originator_version != events:
            raise AssertionError("no snapshot at the last version")
        expectations = (
            (app, pid, 1, "snapshot app, problem A: 1 snapshot + 0 events"),
            (plain, pid, events, f"no-snapshot app, problem A: {events} events, no snapshot"),
            (
                app,
                pid_between,
                SNAPSHOT_INTERVAL,
                f"snapshot app, problem B: 1 snapshot + {SNAPSHOT_INTERVAL - 1} events",
            ),
        )
        loaded = {}
        for a, p, expected, label in expectations:
            count, projector = _counting_projector()
            aggregate = a.repository.get(p, projector_func=projector)
            if count[0] != expected:
                raise AssertionError(f"{label}: applied {count[0]} stored items")
            loaded[(id(a), p)] = aggregate
            checks.append(
                f"{label} — applied {count[0]} stored item(s), version {aggregate.version}"
            )
        from_snapshot, replayed = loaded[(id(app), pid)], loaded[(id(plain), pid)]
        if from_snapshot.version != events or replayed.version != events:
            raise AssertionError("loaded problem is not at the expected version")
        if _state(from_snapshot) != _state(replayed):
            raise AssertionError("the problem loaded from its snapshot differs from the replay")
        checks.append("the problem loaded via its snapshot equals the one replayed from events")
        checks.append("no aggregate cache in either app (every load reads the database)")

        def sampler(a: ProblemorienteratApp, p: UUID) -> Callable[[], float]:
            def sample() -> float:
                elapsed = stopwatch()
                for _ in range(loads):
                    a.repository.get(p)
                return elapsed() / loads * 1000

            return sample

        ctx.status("measuring (snapshot / no snapshot, interleaved)")
        interleave(
            params["rounds"],
            [
                (snap, sampler(app, pid)),
                (nosnap, sampler(plain, pid)),
                (snap_between, sampler(app, pid_between)),
            ],
            warmup=params["warmup_rounds"],
            advance=ctx.advance,
        )
    finally:
        plain.close()
        app.close()
    method = (
        f"Problem A has exactly {events} events ({EVENTS_AT_ANALYSIS} set-up events, then "
        "findings, causes, repeat patterns and data sources in turn), saved with "
        f"`app.save()` at every multiple of {SNAPSHOT_INTERVAL}, so the app took a snapshot at "
        f"{SNAPSHOT_INTERVAL}, {2 * SNAPSHOT_INTERVAL}, ... {events}. Each sample is the mean "
        f"of {loads} consecutive `app.repository.get(id)` calls. The two apps share one "
        "database; per round one sample of each variant, order alternating."
    )
    return Result(
        benchmark="load_1000_events",
        title=f"Loading a problem with {events:,} events: with and without snapshots",
        store=ctx.store.name,
        method=method,
        variants=[snap, nosnap, snap_between],
        ratios=[
            Ratio(
                "speedup",
                "speed-up: without / with snapshots",
                "no_snapshot",
                "snapshot",
                "how many times faster the snapshot load is",
            ),
            Ratio(
                "speedup_worst",
                f"speed-up, worst case: without ({events}) / with snapshots ({between})",
                "no_snapshot",
                "snapshot_worst",
                "with the most events a snapshot load replays",
            ),
        ],
        params={**params, "events_problem_b": between, "snapshot_interval": SNAPSHOT_INTERVAL},
        checks=checks,
    )


BENCHMARKS = (
    Benchmark(
        key="use_case_vs_raw_save",
        title="Use cases per second: application service vs raw save()",
        run=use_case_vs_raw_save,
        steps=rounds_of(_use_case_params),
    ),
    Benchmark(
        key="load_1000_events",
        title="Load a problem with 1,000 events: with vs without snapshots",
        run=load_with_and_without_snapshots,
        steps=rounds_of(_load_params),
    ),
)
