"""Benchmarks of the projections (``src/projections``).

1. ``projection_rebuild``: a rebuild of every view from a log of 100,000 events (one pass in
   pages of 5,000, a transaction per 50,000 events), in events per second, side by side with
   the library's own rate of reading and decoding the same notification log
   (``select_notifications`` in pages of 5,000 and ``mapper.to_domain_event`` for each).
   The aim: at least half that rate.
2. ``projection_lag``: under a steady stream of commands (one every 20 ms), the time from a
   command's return (its events saved) until the views have applied its position, median and
   p99. On PostgreSQL also with the commands saved by another process's application, woken
   by LISTEN/NOTIFY instead of the in-process save listener.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from uuid import UUID

from bench.harness import Benchmark, Context, Ratio, Result, Variant, interleave, stopwatch
from problemorienterat.application.app import ProblemorienteratApp
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.problem import Problem, problem_id_for
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    Outcome,
    ProblemSource,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.domain.working_group import GroupKind, WorkingGroup
from projections import ProjectionService
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS

ACTOR = Actor("bench", "Bench", Organisation.KOMMUN, Role.MEMBER)
MUNICIPALITY = "1882"
EVENTS_PER_PROBLEM = 31  # Identified … Closed: a whole SARA cycle


def _baseline(value: float, year: int) -> Measure:
    return Measure.of(
        indicator="Anmälda inbrott per halvår",
        area="Valla",
        period_start=date(year, 1, 1),
        period_end=date(year, 6, 30),
        value=value,
    )


def _whole_cycle(number: int, group_id: UUID) -> Problem:
    """A problem taken from Identifiera to closed in memory: 31 events."""
    reference = f"KUN-2026-{number:05d}"
    problem = Problem.identify(
        ACTOR,
        id=problem_id_for(reference),
        municipality=MUNICIPALITY,
        reference=reference,
        title=f"Inbrott {number}",
        description="Återkommande inbrott i förråd.",
        place="Valla",
        source=ProblemSource.POLICE_STATISTICS,
        reported_by="Polisen",
        group_id=group_id,
    )
    for question in CheersQuestion:
        problem.answer_cheers(ACTOR, question=question, met=True, evidence="Statistik.")
    problem.start_analysis(ACTOR)
    problem.record_finding(ACTOR, side=TriangleSide.PLACE, description="Mörka gångar.")
    problem.state_hypothesis(ACTOR, hypothesis="Mörker skyddar.")
    problem.register_baseline(ACTOR, measure=_baseline(14, 2025))
    problem.complete_analysis(ACTOR)
    actions = [
        problem.plan_action(
            ACTOR,
            title=f"Åtgärd {i}",
            responsible_organisation=Organisation.KOMMUN,
            responsible_party="Tekniska",
            owner="Gatuchefen",
            start_date=date(2026, 2, 1),
            due_date=date(2026, 4, 30),
            objective="Belysning.",
            mechanism="Övervakning.",
            kind=ActionKind.SITUATIONAL,
            technique=Technique.ASSIST_NATURAL_SURVEILLANCE,
            horizon=TimeHorizon.SHORT,
        )
        for i in range(3)
    ]
    for action_id in actions:
        problem.start_action(ACTOR, action_id=action_id)
    for action_id in actions:
        problem.complete_action(ACTOR, action_id=action_id)
    for _ in range(2):
        problem.record_effort(
            ACTOR, organisation=Organisation.KOMMUN, partner="Kommunen", hours=8, cost_sek=0
        )
    problem.start_assessment(ACTOR)
    problem.evaluate_process(ACTOR, summary="Enligt plan.", carried_out_as_planned=True)
    problem.record_follow_up(ACTOR, measure=_baseline(6, 2026))
    problem.judge_outcome(ACTOR, outcome=Outcome.REDUCED, motivation="Färre inbrott.")
    problem.record_lesson(ACTOR, lesson="Belysning hjälper.")
    problem.submit_assessment(ACTOR)
    problem.approve_assessment(ACTOR, comments="Bra.")
    problem.close(ACTOR)
    return problem


def _fill(app: ProblemorienteratApp, events: int, ctx: Context) -> int:
    """Write about ``events`` events: whole SARA cycles, saved 20 problems a transaction."""
    app.register_municipality(ACTOR, code=MUNICIPALITY, name="Kungsör", reference_prefix="KUN")
    group = WorkingGroup.establish(
        ACTOR, municipality=MUNICIPALITY, name="UNG-gruppen", kind=GroupKind.YOUTH, mandate="M."
    )
    app.save(group)
    problems = max(1, -(-events // EVENTS_PER_PROBLEM))
    for start in range(0, problems, 20):
        app.save(*(_whole_cycle(n + 1, group.id) for n in range(start, min(problems, start + 20))))
        if start % 500 == 0:
            ctx.status(f"writing the log: {start}/{problems} problems")
    return app.recorder.max_notification_id() or 0


def _read_and_decode(app: ProblemorienteratApp, page: int) -> int:
    """The library's own reading of the whole log: pages of notifications, each decoded."""
    count, start = 0, 0
    while True:
        notifications = app.recorder.select_notifications(
            start=start, limit=page, inclusive_of_start=False
        )
        for notification in notifications:
            app.mapper.to_domain_event(notification)
        count += len(notifications)
        if len(notifications) < page:
            return count
        start = notifications[-1].id


def projection_rebuild(ctx: Context) -> Result:
    events = 3_000 if ctx.quick else 100_000
    rounds = 3
    page = 5000
    library = Variant(
        "library_read_decode",
        "library: read + decode the log",
        "select_notifications (pages of 5,000) and mapper.to_domain_event for every event",
        "events/s",
        higher_is_better=True,
    )
    rebuilt = Variant(
        "rebuild",
        "rebuild every view",
        "projections.rebuild.rebuild(app, PROJECTIONS): one pass in pages of 5,000, a "
        "transaction per 50,000 events",
        "events/s",
        higher_is_better=True,
    )
    app = ProblemorienteratApp(env=ctx.store.env_for("projection_rebuild"))
    checks: list[str] = []
    try:
        ctx.status(f"writing {events:,} events")
        head = _fill(app, events, ctx)

        def sample_library() -> float:
            clock = stopwatch()
            count = _read_and_decode(app, page)
            seconds = clock()
            if count != head:
                raise AssertionError(f"read {count} of {head} events")
            return head / seconds

        def sample_rebuild() -> float:
            clock = stopwatch()
            generations = rebuild(app, PROJECTIONS, batch_size=page)
            seconds = clock()
            if any(g.position != head or g.state != "active" for g in generations):
                raise AssertionError(f"rebuild stopped short: {generations}")
            return head / seconds

        ctx.status("measuring (library read+decode / rebuild, interleaved)")
        interleave(
            rounds,
            [(library, sample_library), (rebuilt, sample_rebuild)],
            advance=ctx.advance,
        )
        views = ProjectionService(app, Settings())
        closed = views.bra_overview(MUNICIPALITY).by_stage
        checks.append(f"the rebuilt views hold every problem: {sum(c.count for c in closed)}")
    finally:
        app.close()
    return Result(
        benchmark="projection_rebuild",
        title=f"Rebuild of every view from {head:,} events vs the library's read+decode",
        store=ctx.store.name,
        method="interleaved rounds; events/s = events in the log / wall time",
        variants=[library, rebuilt],
        ratios=[
            Ratio(
                "rebuild_vs_library",
                "rebuild / library read+decode (aim ≥ 0.5)",
                "rebuild",
                "library_read_decode",
            )
        ],
        params={"events": head, "page": page, "rounds": rounds},
        checks=checks,
    )


def _lag_samples(
    writer: ProblemorienteratApp, views: ProjectionService, problems: list[UUID], commands: int
) -> list[float]:
    """One command every 20 ms; for each, ms from its return until the views have it."""
    lags: list[float] = []
    interval = 0.02
    next_at = time.perf_counter()
    for i in range(commands):
        result = writer.record_cause(ACTOR, problems[i % len(problems)], description=f"Orsak {i}.")
        saved = time.perf_counter()
        if not views.wait_for(result.position, timeout=5):
            raise AssertionError(f"the views did not reach {result.position}")
        lags.append((time.perf_counter() - saved) * 1000)
        next_at += interval
        time.sleep(max(0.0, next_at - time.perf_counter()))
    return lags


def _in_analysis(app: ProblemorienteratApp, group_id: UUID, count: int) -> list[UUID]:
    ids = []
    for n in range(count):
        reference = f"KUN-2026-{90000 + n:05d}"
        problem = Problem.identify(
            ACTOR,
            id=problem_id_for(reference),
            municipality=MUNICIPALITY,
            reference=reference,
            title="Lagg",
            description="Mätning.",
            place="Valla",
            source=ProblemSource.OTHER,
            reported_by="Bench",
            group_id=group_id,
        )
        for question in CheersQuestion:
            problem.answer_cheers(ACTOR, question=question, met=True, evidence="Ja.")
        problem.start_analysis(ACTOR)
        app.save(problem)
        ids.append(problem.id)
    return ids


def projection_lag(ctx: Context) -> Result:
    commands = 40 if ctx.quick else 400
    env = ctx.store.env_for("projection_lag")
    app = ProblemorienteratApp(env=env)
    variants: list[Variant] = []
    notes: list[str] = []
    try:
        app.register_municipality(ACTOR, code=MUNICIPALITY, name="Kungsör", reference_prefix="KUN")
        group = WorkingGroup.establish(
            ACTOR, municipality=MUNICIPALITY, name="UNG", kind=GroupKind.YOUTH, mandate="M."
        )
        app.save(group)
        problems = _in_analysis(app, group.id, 10)
        views = ProjectionService(app, Settings())
        views.start()
        writers = [("same_process", "saved in the server's process (save listener)", app)]
        other: ProblemorienteratApp | None = None
        if ctx.store.name == "postgres":
            other = ProblemorienteratApp(env=env)
            writers.append(("other_process", "saved by another application (LISTEN/NOTIFY)", other))
        try:
            for key, label, writer in writers:
                ctx.status(f"measuring lag: {label}")
                lags = _lag_samples(writer, views, problems, commands)
                variant = Variant(
                    f"lag_{key}",
                    f"lag, {label}",
                    "ms from command return to visible",
                    "ms",
                    higher_is_better=False,
                    samples=lags,
                )
                variants.append(variant)
                p99 = statistics.quantiles(lags, n=100, method="inclusive")[98]
                notes.append(
                    f"{label}: median {statistics.median(lags):.1f} ms, p99 {p99:.1f} ms "
                    f"over {len(lags)} commands"
                )
                ctx.advance(1)
        finally:
            views.stop()
            if other is not None:
                other.close()
    finally:
        app.close()
    return Result(
        benchmark="projection_lag",
        title="Lag from save to visible in the views under a steady stream of commands",
        store=ctx.store.name,
        method="one record_cause every 20 ms; wait_for(position) after each; ms",
        variants=variants,
        ratios=[],
        params={"commands": commands, "interval_ms": 20},
        notes=notes,
    )


BENCHMARKS = (
    Benchmark(
        "projection_rebuild",
        "Rebuild of every view vs the library's read+decode of the log",
        projection_rebuild,
        lambda quick: 4,
    ),
    Benchmark(
        "projection_lag",
        "Lag from save to visible under a steady stream of commands",
        projection_lag,
        lambda quick: 2,
    ),
)
