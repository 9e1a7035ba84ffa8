"""Benchmarks of the audit trail: verifying the hash chain, time travel, and what chaining costs.

1. ``verify_chain_100k``: ``verify_chain(chain_store(app.recorder))`` over a store of 100,000
   events, against the library's own paged read of the same store's notification log.
2. ``state_as_of_time``: ``app.state_as_of(Problem, id, at=...)`` of a problem with 1,000
   events, beside ``state_as_of(version=...)`` and a plain current load.
3. ``chaining_overhead``: ``app.record_finding(...)`` on the chained recorder (hash chain and
   event metadata index written with the events) against the library's plain recorder.
"""

from __future__ import annotations

import base64
import gc
import itertools
import random
import secrets
import statistics
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent

from bench.core import (
    ACTOR,
    EVENTS_AT_ANALYSIS,
    SNAPSHOT_INTERVAL,
    build_problem,
    open_app,
    prepare_municipality,
    problem_in_analysis,
)
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
from problemorienterat.audit.verify import verify_chain
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import TriangleSide
from problemorienterat.infrastructure.chain_store import PAGE, chain_store
from problemorienterat.infrastructure.event_index import event_index
from problemorienterat.infrastructure.recorders import (
    ChainedPostgresApplicationRecorder,
    ChainedSQLiteApplicationRecorder,
)

CHAINED_RECORDERS = (ChainedSQLiteApplicationRecorder, ChainedPostgresApplicationRecorder)
FROZEN = (
    "Set-up's objects are frozen (`gc.freeze()`) while measuring, so the garbage collection "
    "before each sample walks only what the samples made."
)


def keyed_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with encryption at rest on and a key of its own (as tests/conftest.py gives one).

    The app encrypts stored events unless told otherwise; PostgreSQL needs its key given, and
    giving SQLite one too keeps a key file out of the store's directory. A build without
    encryption at rest ignores these settings.
    """
    out = dict(env)
    out["PROBLEMORIENTERAT_ENCRYPTION"] = "on"
    out["PROBLEMORIENTERAT_ENCRYPTION_KEY"] = base64.b64encode(secrets.token_bytes(32)).decode()
    return out


def encryption_check(app: ProblemorienteratApp) -> str:
    if getattr(app.mapper, "sealer", None) is not None:
        return "events and snapshots are encrypted at rest (a key per store), as in production"
    return "events are stored unencrypted (this build has no encryption at rest)"


def recorder_name(app: ProblemorienteratApp) -> str:
    return f"{type(app.recorder).__module__}.{type(app.recorder).__qualname__}"


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Freeze what set-up left on the heap while measuring (``gc.freeze``).

    ``interleave`` collects garbage before every sample; with set-up's objects frozen that
    collection walks only what the samples made (microseconds instead of ~50 ms), so short
    samples can be many. The objects are unfrozen afterwards.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def p99(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


# --------------------------------------------------------------------- 1. verify the chain


def _verify_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"rounds": 3, "warmup_rounds": 1, "events": 5_000, "insert_batch": 2_000}
    return {"rounds": 3, "warmup_rounds": 1, "events": 100_000, "insert_batch": 2_000}


# Histories made through the use cases, copied (with new ids and varied bytes) to fill the store.
TEMPLATE_PROBLEM_EVENTS = (EVENTS_AT_ANALYSIS, 60, 150)


def _template_histories(app: ProblemorienteratApp) -> list[list[StoredEvent]]:
    """Every aggregate's stored events so far, in version order, grouped per aggregate."""
    by_originator: dict[Any, list[StoredEvent]] = {}
    start = 1
    while True:
        page = app.recorder.select_notifications(start, PAGE)
        for n in page:
            by_originator.setdefault(n.originator_id, []).append(
                StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
            )
        if len(page) < PAGE:
            break
        start = page[-1].id + 1
    return [sorted(h, key=lambda e: e.originator_version) for h in by_originator.values()]


def _copies(histories: list[list[StoredEvent]], count: int) -> Iterator[StoredEvent]:
    """``count`` stored events: the histories again and again, each time as a new aggregate.

    Topics, versions and state sizes are the real ones; each copy's state has its last eight
    bytes replaced by a counter, so no two stored states are the same.
    """
    made = 0
    while True:
        for history in histories:
            originator_id = uuid4()
            for event in history:
                if made == count:
                    return
                made += 1
                state = event.state[:-8] + made.to_bytes(8, "big")
                yield StoredEvent(originator_id, event.originator_version, event.topic, state)


def _batches(events: Iterable[StoredEvent], size: int) -> Iterator[list[StoredEvent]]:
    batch: list[StoredEvent] = []
    for event in events:
        batch.append(event)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fill_store(app: ProblemorienteratApp, events: int, batch_size: int) -> dict[str, Any]:
    """Real histories through the use cases, then copies of them up to ``events`` in all."""
    group_id = prepare_municipality(app)
    for n in TEMPLATE_PROBLEM_EVENTS:
        build_problem(app, group_id, n)
    histories = _template_histories(app)
    real = sum(len(h) for h in histories)
    sizes = sorted(len(e.state) for h in histories for e in h)
    for batch in _batches(_copies(histories, events - real), batch_size):
        app.recorder.insert_events(batch)
    return {
        "real": real,
        "aggregates": len(histories),
        "state_bytes_median": statistics.median(sizes),
        "state_bytes_min": sizes[0],
        "state_bytes_max": sizes[-1],
    }


def _read_notification_log(app: ProblemorienteratApp) -> int:
    """Page through the whole notification log as the library serves it; the count read."""
    count, start = 0, 1
    while True:
        page = app.recorder.select_notifications(start, PAGE)
        count += len(page)
        if len(page) < PAGE:
            return count
        start = page[-1].id + 1


def verify_rate(ctx: Context) -> Result:
    params = _verify_params(ctx.quick)
    events = params["events"]
    verify = Variant(
        "verify",
        "verify_chain()",
        f"`verify_chain(chain_store(app.recorder))`: pages through the events and the chain "
        f"table ({PAGE:,} rows a page) in position order and recomputes every SHA-256 link "
        "over position, originator id, version, topic and the state bytes as stored",
        "events/s",
        higher_is_better=True,
    )
    read = Variant(
        "read",
        "read notification log",
        f"the library's `app.recorder.select_notifications(start, {PAGE:,})`, paged through "
        "the same store from position 1 to the end (events only, no chain, no hashing)",
        "events/s",
        higher_is_better=True,
    )
    checks: list[str] = []
    notes: list[str] = []
    env = keyed_env(ctx.store.env_for("verify_chain_100k"))
    app = open_app(env)
    try:
        if not isinstance(app.recorder, CHAINED_RECORDERS):
            raise AssertionError(f"not a chained recorder: {recorder_name(app)}")
        ctx.status(f"filling the store with {events:,} events")
        filled = _fill_store(app, events, params["insert_batch"])
        last = app.recorder.max_notification_id()
        if last != events:
            raise AssertionError(f"the store holds {last} events, expected {events}")
        checks.append(
            f"the store holds {events:,} events: {filled['real']} made through the use cases "
            f"({len(TEMPLATE_PROBLEM_EVENTS)} problems of {TEMPLATE_PROBLEM_EVENTS} events, "
            "the municipality, the working group), the rest copies of those histories inserted "
            f"with `app.recorder.insert_events()` {params['insert_batch']:,} at a time and "
            f"chained by the recorder; stored state {filled['state_bytes_min']}–"
            f"{filled['state_bytes_max']} bytes, median {filled['state_bytes_median']:.0f} "
            "(both variants handle the stored bytes only; nothing is decoded)"
        )
        checks.append(encryption_check(app))

        def sample_verify() -> float:
            elapsed = stopwatch()
            outcome = verify_chain(chain_store(app.recorder))
            seconds = elapsed()
            if not outcome.intact or outcome.events != events or outcome.head_position != last:
                raise AssertionError(f"verification: {outcome.summary()}")
            return events / seconds

        def sample_read() -> float:
            elapsed = stopwatch()
            count = _read_notification_log(app)
            seconds = elapsed()
            if count != events:
                raise AssertionError(f"read {count} notifications, expected {events}")
            return events / seconds

        ctx.status("measuring (verify / read, interleaved)")
        with frozen_heap():
            interleave(
                params["rounds"],
                [(verify, sample_verify), (read, sample_read)],
                warmup=params["warmup_rounds"],
                advance=ctx.advance,
            )
        checks.append(
            f"every verification found the chain intact: {events:,} events, head at position "
            f"{last:,} (the store's last); every read returned {events:,} notifications"
        )
        v, r = verify.summary().median, read.summary().median
        notes.append(
            f"at the medians a verification takes {events / v:.2f} s and a read "
            f"{events / r:.2f} s; recomputing and comparing the links adds "
            f"{(1 / v - 1 / r) * 1e6:.1f} µs per event"
        )
    finally:
        app.close()
    method = (
        f"A store of {events:,} events on the chained recorder the app uses. Each sample is "
        f"one complete pass over all {events:,} events: verifying the chain from genesis to "
        "the head, or reading the notification log; the rate is events / seconds of the "
        "pass. Both variants read the same database; per round one sample of each, order "
        "alternating (AB, BA, ...). " + FROZEN
    )
    return Result(
        benchmark="verify_chain_100k",
        title=f"Verifying the hash chain over {events:,} events vs reading the notification log",
        store=ctx.store.name,
        method=method,
        variants=[verify, read],
        ratios=[
            Ratio(
                "verify_over_read",
                "verify / read (events/s)",
                "verify",
                "read",
                "share of the plain read rate a verification keeps",
            )
        ],
        params={**params, "page": PAGE},
        checks=checks,
        notes=notes,
    )


# --------------------------------------------------------------------- 2. state as of a time


def _as_of_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"rounds": 20, "warmup_rounds": 3, "events": 200, "seed": 1882}
    return {"rounds": 300, "warmup_rounds": 3, "events": 1000, "seed": 1882}


def _tick(after: datetime) -> None:
    """Wait until the clock has moved past ``after`` (at most a microsecond or two)."""
    while datetime.now(UTC) <= after:
        pass


def build_timed_problem(app: ProblemorienteratApp, group_id: UUID, events: int) -> UUID:
    """``bench.core.build_problem``, letting the clock pass each previous event's timestamp
    first, so the timestamps are distinct and increasing, as events made one command at a
    time are."""
    return build_problem(app, group_id, events, before_each=lambda p: _tick(p.modified_on))


def _checked_timestamps(app: ProblemorienteratApp, pid: UUID, events: int) -> list[datetime]:
    """The problem's event timestamps, checked distinct, increasing and indexed."""
    stored: list[Any] = list(app.events.get(pid))
    timestamps: list[datetime] = [e.timestamp for e in stored]
    if len(timestamps) != events:
        raise AssertionError(f"the problem has {len(timestamps)} events")
    if any(b <= a for a, b in itertools.pairwise(timestamps)):
        raise AssertionError("event timestamps are not distinct and increasing")
    index = event_index(app.recorder)
    for v, moment in enumerate(timestamps, start=1):
        if index.version_at(pid, moment) != v:
            raise AssertionError(f"the index resolves the time of event {v} elsewhere")
    return timestamps


def _moment_in(timestamps: list[datetime], version: int, rng: random.Random) -> datetime:
    """A random moment at or after event ``version`` and before the next one."""
    start = timestamps[version - 1]
    if version == len(timestamps):
        return start
    gap = (timestamps[version] - start) // timedelta(microseconds=1)
    return start + timedelta(microseconds=rng.randrange(gap))


def state_as_of_time(ctx: Context) -> Result:
    params = _as_of_params(ctx.quick)
    events = params["events"]
    at_time = Variant(
        "at_time",
        "as of a time",
        "`app.state_as_of(Problem, id, at=moment)`: loads the current problem, resolves the "
        "moment to a version with one query on the event metadata index, then "
        "`repository.get(id, version=v)` (latest snapshot at or before v, plus the events "
        "after it)",
        "ms/call",
        higher_is_better=False,
    )
    at_version = Variant(
        "at_version",
        "as of a version",
        "`app.state_as_of(Problem, id, version=v)`: `repository.get(id, version=v)` only",
        "ms/call",
        higher_is_better=False,
    )
    current = Variant(
        "current",
        "current load",
        f"`app.get_problem(id)`: the latest snapshot (version {events}) and no events after it",
        "ms/call",
        higher_is_better=False,
    )
    checks: list[str] = []
    notes: list[str] = []
    env = keyed_env(ctx.store.env_for("state_as_of_time"))
    app = open_app(env)
    try:
        ctx.status(f"building a problem with {events} events")
        group_id = prepare_municipality(app)
        pid = build_timed_problem(app, group_id, events)
        timestamps = _checked_timestamps(app, pid, events)
        checks.append(
            f"the problem's {events} event timestamps are distinct and increasing (over "
            f"{(timestamps[-1] - timestamps[0]).total_seconds():.2f} s), and the metadata "
            "index resolves each event's timestamp to its version"
        )
        checks.extend([encryption_check(app), "no aggregate cache (every call reads the database)"])

        rng = random.Random(params["seed"])
        plan = [rng.randint(1, events) for _ in range(params["warmup_rounds"] + params["rounds"])]
        moments = [_moment_in(timestamps, v, rng) for v in plan]
        time_draws, version_draws = iter(zip(plan, moments, strict=True)), iter(plan)

        def sample_at_time() -> float:
            v, moment = next(time_draws)
            elapsed = stopwatch()
            problem = app.state_as_of(Problem, pid, at=moment)
            ms = elapsed() * 1000
            if problem.version != v:
                raise AssertionError(f"as of {moment}: version {problem.version}, expected {v}")
            return ms

        def sample_at_version() -> float:
            v = next(version_draws)
            elapsed = stopwatch()
            problem = app.state_as_of(Problem, pid, version=v)
            ms = elapsed() * 1000
            if problem.version != v:
                raise AssertionError(f"version {problem.version}, expected {v}")
            return ms

        def sample_current() -> float:
            elapsed = stopwatch()
            problem = app.get_problem(pid)
            ms = elapsed() * 1000
            if problem.version != events:
                raise AssertionError(f"current version {problem.version}, expected {events}")
            return ms

        ctx.status("measuring (time / version / current, interleaved)")
        with frozen_heap():
            interleave(
                params["rounds"],
                [
                    (at_time, sample_at_time),
                    (at_version, sample_at_version),
                    (current, sample_current),
                ],
                warmup=params["warmup_rounds"],
                advance=ctx.advance,
            )
        checks.append(
            "every call returned the expected version: the drawn version for a time and for a "
            f"version, {events} for the current load"
        )
        notes.append(
            "p99 (ms/call): "
            + "; ".join(f"{v.label} {p99(v.samples):.2f}" for v in (at_time, at_version, current))
        )
    finally:
        app.close()
    method = (
        f"One problem with exactly {events} events ({EVENTS_AT_ANALYSIS} set-up events through "
        "the use cases, then findings, causes, repeat patterns and data sources in turn, "
        f"saved at every multiple of {SNAPSHOT_INTERVAL} so the app took its snapshots), "
        "each event timestamped after the previous one. Each sample is one call. Each round "
        f"draws a version v uniformly from 1–{events} (seeded) and a random moment between "
        "event v's timestamp and the next event's, inside the problem's life: the time "
        "variant asks for that moment, the version variant for v, so both rebuild the same "
        "state. Per round one sample of each variant, order alternating. " + FROZEN
    )
    return Result(
        benchmark="state_as_of_time",
        title=f"State as of a time, of a problem with {events:,} events",
        store=ctx.store.name,
        method=method,
        variants=[at_time, at_version, current],
        ratios=[
            Ratio(
                "time_over_version",
                "as of a time / as of a version (ms)",
                "at_time",
                "at_version",
                "what resolving the time (a current load and an index query) adds",
            ),
            Ratio(
                "time_over_current",
                "as of a time / current load (ms)",
                "at_time",
                "current",
                "time travel against an ordinary load",
            ),
        ],
        params={**params, "snapshot_interval": SNAPSHOT_INTERVAL},
        checks=checks,
        notes=notes,
    )


# --------------------------------------------------------------------- 3. chaining overhead


def _overhead_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"rounds": 3, "warmup_rounds": 1, "problems_per_sample": 1, "ops_per_problem": 5}
    return {"rounds": 14, "warmup_rounds": 1, "problems_per_sample": 2, "ops_per_problem": 20}


def plain_recorder_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` without the chained recorder: the library's own application recorder.

    The topic is set empty (plainly and with the app-name prefix) rather than dropped, so a
    value in the process environment cannot bring the chained recorder back.
    """
    out = {k: v for k, v in env.items() if not k.endswith("APPLICATION_RECORDER_TOPIC")}
    out["APPLICATION_RECORDER_TOPIC"] = ""
    out[f"{ProblemorienteratApp.name.upper()}_APPLICATION_RECORDER_TOPIC"] = ""
    return out


def _checked_recorders(chained: ProblemorienteratApp, plain: ProblemorienteratApp) -> str:
    """Check the one app chains and the other does not; say which recorders they use."""
    if not isinstance(chained.recorder, CHAINED_RECORDERS):
        raise AssertionError(f"not a chained recorder: {recorder_name(chained)}")
    if isinstance(plain.recorder, CHAINED_RECORDERS):
        raise AssertionError(f"the plain app chains: {recorder_name(plain)}")
    try:
        chain_store(plain.recorder)
    except TypeError:
        pass
    else:
        raise AssertionError("the plain app's store keeps a chain")
    return (
        f"recorders: {recorder_name(chained)} versus {recorder_name(plain)} "
        "(keeps no chain and no index)"
    )


def chaining_overhead(ctx: Context) -> Result:
    params = _overhead_params(ctx.quick)
    problems, ops = params["problems_per_sample"], params["ops_per_problem"]
    per_sample = problems * ops
    chained = Variant(
        "chained",
        "chained recorder",
        "`app.record_finding(actor, problem_id, side=PLACE, description=...)` on the app as "
        "configured (`store_env`): the chained recorder also reads the chain head, appends a "
        "SHA-256 link per event and writes the event metadata index, in the events' transaction",
        "ops/s",
        higher_is_better=True,
    )
    plain = Variant(
        "plain",
        "plain library recorder",
        "the same use case on an app whose env leaves APPLICATION_RECORDER_TOPIC empty: the "
        "library's own application recorder (events only), on a separate fresh store",
        "ops/s",
        higher_is_better=True,
    )
    checks: list[str] = []
    notes: list[str] = []
    chained_app = open_app(keyed_env(ctx.store.env_for("chaining_overhead")))
    plain_app = open_app(plain_recorder_env(keyed_env(ctx.store.env_for("chaining_plain"))))
    try:
        checks.append(_checked_recorders(chained_app, plain_app))
        if encryption_check(chained_app) != encryption_check(plain_app):
            raise AssertionError("the two apps differ in encryption at rest")
        checks.append(encryption_check(chained_app) + ", in both apps")
        ctx.status("registering the municipality in both stores")
        groups = {id(a): prepare_municipality(a) for a in (chained_app, plain_app)}
        expected = EVENTS_AT_ANALYSIS + ops

        def sampler(app: ProblemorienteratApp) -> Callable[[], float]:
            def sample() -> float:
                ids = [problem_in_analysis(app, groups[id(app)]) for _ in range(problems)]
                elapsed = stopwatch()
                for pid in ids:
                    for i in range(ops):
                        app.record_finding(
                            ACTOR, pid, side=TriangleSide.PLACE, description=f"Iakttagelse {i}"
                        )
                seconds = elapsed()
                for pid in ids:
                    if app.repository.get(pid).version != expected:
                        raise AssertionError("a problem is not at the expected version")
                    if app is chained_app:
                        found = event_index(app.recorder).version_at(pid, datetime.now(UTC))
                        if found != expected:
                            raise AssertionError(f"the index has version {found} as the last")
                return per_sample / seconds

            return sample

        ctx.status("measuring (chained / plain, interleaved)")
        with frozen_heap():
            interleave(
                params["rounds"],
                [(chained, sampler(chained_app)), (plain, sampler(plain_app))],
                warmup=params["warmup_rounds"],
                advance=ctx.advance,
            )
        outcome = verify_chain(chain_store(chained_app.recorder))
        stored = chained_app.recorder.max_notification_id()
        if not outcome.intact or outcome.events != stored:
            raise AssertionError(f"verification: {outcome.summary()}")
        checks.append(
            f"after every sample each problem was at version {expected} in both apps, and the "
            f"chained store's metadata index knew version {expected} as each one's latest"
        )
        checks.append(
            f"the chained store's chain verifies intact at the end: {outcome.events:,} events"
        )
        c, p = chained.summary().median, plain.summary().median
        notes.append(
            f"at the medians chaining and indexing add {(1 / c - 1 / p) * 1000:.2f} ms per "
            f"use case ({(p / c - 1) * 100:+.1f} % time per use case); the event metadata is "
            "computed by the app in both variants, only the chained recorder writes it"
        )
    finally:
        plain_app.close()
        chained_app.close()
    method = (
        f"Each sample times {per_sample} operations: {ops} findings on each of {problems} "
        f"fresh problem(s) in the analysis stage ({EVENTS_AT_ANALYSIS} events when set up, "
        "not timed), as in use_case_vs_raw_save. Each variant has its own app and its own "
        "fresh store of the same kind, growing alike during the run; per round one sample of "
        "each, order alternating (AB, BA, ...). " + FROZEN
    )
    return Result(
        benchmark="chaining_overhead",
        title="Use cases per second: hash chain and metadata index vs the library's recorder",
        store=ctx.store.name,
        method=method,
        variants=[chained, plain],
        ratios=[
            Ratio(
                "chained_over_plain",
                "chained / plain (ops/s)",
                "chained",
                "plain",
                "share of the plain recorder's command rate kept with chaining and the index",
            )
        ],
        params=params,
        checks=checks,
        notes=notes,
    )


BENCHMARKS = (
    Benchmark(
        key="verify_chain_100k",
        title="Verify the hash chain over 100,000 events vs read the notification log",
        run=verify_rate,
        steps=rounds_of(_verify_params),
    ),
    Benchmark(
        key="state_as_of_time",
        title="State as of a time vs as of a version vs current, problem with 1,000 events",
        run=state_as_of_time,
        steps=rounds_of(_as_of_params),
    ),
    Benchmark(
        key="chaining_overhead",
        title="Use cases per second: chained recorder (+ metadata index) vs plain recorder",
        run=chaining_overhead,
        steps=rounds_of(_overhead_params),
    ),
)
