"""Scale curves: one store grown to 1, 10 and 100 municipalities, each with ten years of
history, and at every size the reads people wait on, the commands, and the operations.

``scale_curves``: the store is grown municipality by municipality (see *How the store is
filled*). At each size: the views are rebuilt from the log, timed beside the library's own
reading and decoding of the same log; the whole chain is verified, a checkpoint is signed,
1,000 commands are added and the verify from the checkpoint is timed; a long case (2,000
events) is exported and read as of a moment in its history. Then a server (uvicorn in a
subprocess, one process, projections off: the views are already built) is started on the
store and, for the first municipality (1882, whose size never changes: what grows is the store
around it), every view is read through the API and every web page through a signed-in
browser-like client (cookies, CSRF): BRÅ-översikt, Ärenden with a stage filter and a search,
the long case's Ärende page, Gruppens tavla of the largest group, Medborgarlöfte, Historik,
and Ärenden as a working-group member (whose every request finds the member's groups);
then 16 clients send commands (``POST .../efforts``). The server's resident memory is read
from ``/proc`` after the reads.

How the store is filled. Each municipality gets, through the use cases: the municipality, 20
users (from the seventh run: three of lokala BRÅ, an auditor, the rest members), four
working groups (their membership made in memory, a member joining and leaving every few
months over the ten years), and for each of ten years a lägesbild (six observations, adopted)
and a medborgarlöfte (three focus areas, six activities moved through their statuses,
adopted, followed up the year after). Its problems (``PROBLEMS_PER_YEAR`` a year) are made by
the domain in memory like :mod:`bench.views` makes them, identified at a random moment of their
year: older years mostly closed whole SARA cycles (about 37 events each), the current year the
backlog mix of :data:`bench.views.MIX`. Their events are written with
``recorder.insert_events`` with the metadata the store indexes (who, when, which
municipality), so audit reads and as-of reads work on them as on any case.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.api import WRK, _load, _load_wrk, _problem_in_response, _start_server
from bench.core import _state, build_problem, open_app, prepare_municipality, problem_in_analysis
from bench.harness import Benchmark, Context, Ratio, Result, Variant, interleave, stopwatch
from bench.projections import _read_and_decode
from bench.views import MIX, _problem
from problemorienterat.application.app import ProblemorienteratApp
from problemorienterat.audit.checkpoint import make_checkpoint, public_key_hex
from problemorienterat.audit.metadata import KWARG, metadata_for
from problemorienterat.audit.verify import ChainState, verify_chain
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.situation_picture import Trend
from problemorienterat.domain.working_group import GroupKind, WorkingGroup
from problemorienterat.infrastructure.chain_store import chain_store
from projections import ProjectionService
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS

ACTOR = Actor("bench", "Bench", Organisation.KOMMUN, Role.BRA)
FIRST = "1882"  # the municipality whose reads are timed: bench.api's commands use its code
YEARS = 10
GROUPS = 4
USERS = 20  # a municipality's users: its BRÅ, its groups' members, an auditor
INSERT_BATCH = 5_000
NOW = datetime.now(UTC)
THIS_YEAR = NOW.year

# Older years: what a municipality's finished years hold (per 100 problems).
HISTORY_MIX: tuple[tuple[str, int], ...] = (
    ("closed", 50),
    ("rejected", 20),
    ("scanning", 15),
    ("scanning_cheers", 5),
    ("analysis", 5),
    ("response", 3),
    ("submitted", 2),
)


def _params(quick: bool) -> dict[str, Any]:
    if quick:
        return {
            "sizes": (1, 2),
            "years": 2,
            "problems_per_year": 4,
            "long_case_events": 100,
            "more_commands": 20,
            "reads": 3,
            "per_client": 1,
            "command_seconds": 1,
            "command_rounds": 1,
        }
    sizes = tuple(int(s) for s in os.environ.get("BENCH_SCALE_SIZES", "1,10,100").split(","))
    return {
        "sizes": sizes,
        "years": YEARS,
        "problems_per_year": 140,
        "long_case_events": 2_000,
        "more_commands": 1_000,
        # 300 rounds: the p99 of 100 samples is their second-highest, one stall decides it
        "reads": 300,
        "per_client": 30,
        "command_seconds": 4,
        "command_rounds": 3,
    }


# ------------------------------------------------------------------ the municipalities


def _code(m: int) -> str:
    return FIRST if m == 0 else f"{1000 + m:04d}"


def _prefix(m: int) -> str:
    if m == 0:
        return "KUN"
    return "S" + "".join(chr(65 + (m // 26**i) % 26) for i in (2, 1, 0))


def _municipality(
    app: ProblemorienteratApp, m: int, years: int, rng: random.Random
) -> dict[str, Any]:
    """Municipality ``m`` with its groups, ten years of lägesbilder and medborgarlöften,
    through the use cases; its groups' membership over the years in memory."""
    code = _code(m)
    app.register_municipality(
        ACTOR, code=code, name="Kungsör" if m == 0 else f"Kommun {m}", reference_prefix=_prefix(m)
    )
    for u in range(USERS):
        app.add_user(
            Actor.system(),
            name=f"Användare {u + 1}",
            organisation=Organisation.KOMMUN if u % 2 else Organisation.POLIS,
            role=Role.BRA if u < 3 else Role.AUDITOR if u == 3 else Role.MEMBER,
            municipalities=[code],
        )
    groups = []
    for g in range(GROUPS):
        group = WorkingGroup.establish(
            ACTOR,
            municipality=code,
            name=f"Grupp {g + 1}",
            kind=GroupKind.YOUTH if g == 0 else GroupKind.STANDING,
            mandate="Problem i centrum.",
        )
        members: list[str] = []
        for joined in range(years * 4):  # a member joins every quarter, one leaves every other
            user_id = f"u-{code}-{g}-{joined}"
            group.add_member(
                ACTOR, user_id=user_id, name=f"Medlem {joined}", organisation=Organisation.KOMMUN
            )
            members.append(user_id)
            if joined % 2 and len(members) > 3:
                group.remove_member(ACTOR, user_id=members.pop(rng.randrange(len(members) - 1)))
        app.save(group)
        groups.append(group.id)
    links: dict[int, tuple[UUID, list[UUID]]] = {}
    for year in range(THIS_YEAR - years + 1, THIS_YEAR + 1):
        links[year] = _year_documents(app, code, year)
    return {"code": code, "prefix": _prefix(m), "groups": groups, "links": links}


def _year_documents(app: ProblemorienteratApp, code: str, year: int) -> tuple[UUID, list[UUID]]:
    picture = app.draw_up_situation_picture(
        ACTOR, municipality=code, year=year, summary="Lägesbild för året."
    ).aggregate_id
    for n in range(6):
        app.record_observation(
            ACTOR,
            picture,
            area=f"Område {n + 1}",
            description="Fler anmälda skadegörelsebrott än året före.",
            trend=Trend.INCREASING,
            source="Polisens statistik",
        )
    app.adopt_situation_picture(ACTOR, picture, adopted_on=date(year, 2, 15))
    promise = app.draft_citizen_promise(
        ACTOR, municipality=code, year=year, title="Medborgarlöfte", situation_picture_id=picture
    ).aggregate_id
    areas = []
    for n in range(3):
        added = app.add_focus_area(ACTOR, promise, title=f"Fokusområde {n + 1}", description="D.")
        assert added.item_id is not None
        areas.append(added.item_id)
    activities = []
    for n in range(6):
        planned = app.plan_activity(
            ACTOR,
            promise,
            focus_area_id=areas[n % 3],
            description=f"Aktivitet {n + 1}",
            responsible_organisation=Organisation.KOMMUN,
            responsible_party="Fritidsgården",
            due_date=date(year, 11, 30),
        )
        assert planned.item_id is not None
        activities.append(planned.item_id)
    app.adopt_citizen_promise(ACTOR, promise, adopted_on=date(year, 3, 1))
    for activity in activities:
        app.change_activity_status(
            ACTOR, promise, activity_id=activity, status=ActivityStatus.ONGOING
        )
        if year < THIS_YEAR:
            app.change_activity_status(
                ACTOR, promise, activity_id=activity, status=ActivityStatus.DONE
            )
    if year < THIS_YEAR:
        app.follow_up_citizen_promise(ACTOR, promise, summary="Löftet hölls i stort.")
    return promise, areas


def _kinds(count: int, mix: tuple[tuple[str, int], ...], rng: random.Random) -> Iterator[str]:
    population = [kind for kind, share in mix for _ in range(share)]
    for _ in range(count):
        yield rng.choice(population)


def _problems(
    app: ProblemorienteratApp, place: dict[str, Any], per_year: int, rng: random.Random
) -> int:
    """The municipality's problems of ten years; the number of events written."""
    written = 0
    batch: list[Any] = []
    metadata: list[Any] = []
    number = 0

    def flush() -> None:
        nonlocal written
        app.recorder.insert_events(batch, **{KWARG: metadata})
        written += len(batch)
        batch.clear()
        metadata.clear()

    for year in sorted(place["links"]):
        mix = MIX if year == THIS_YEAR else HISTORY_MIX
        promise, areas = place["links"][year]
        start = datetime(year, 1, 1, tzinfo=UTC)
        span = (min(NOW, datetime(year + 1, 1, 1, tzinfo=UTC)) - start).total_seconds()
        for kind in _kinds(per_year, mix, rng):
            number += 1
            identified = start + timedelta(seconds=rng.uniform(0, span * 0.9))
            link = (promise, areas[number % len(areas)]) if number % 5 < 2 else None
            events = _problem(
                number,
                kind,
                place["groups"][number % GROUPS],
                rng,
                link,
                identified=identified,
                municipality=place["code"],
                prefix=place["prefix"],
                history=True,
            )
            metadata.extend(metadata_for(events, {events[0].originator_id: _Where(place)}))
            batch.extend(app.mapper.to_stored_event(e) for e in events)
            if len(batch) >= INSERT_BATCH:
                flush()
    if batch:
        flush()
    return written


class _Where:
    """What :func:`metadata_for` reads of an aggregate: its municipality."""

    def __init__(self, place: dict[str, Any]) -> None:
        self.municipality = place["code"]


def _long_case(app: ProblemorienteratApp, group: UUID, events: int) -> tuple[UUID, str, datetime]:
    """A problem of the first municipality with LONG_CASE_EVENTS events (efforts), through
    the store's own save (snapshots every 50 events); its reference and a moment halfway."""
    problem_id, reference = _problem_in_response(app, group)
    problem: Problem = app.repository.get(problem_id)
    halfway = NOW
    while problem.version < events:
        for i in range(50):
            problem.record_effort(
                ACTOR,
                organisation=Organisation.KOMMUN,
                partner="Fritid",
                hours=i % 8 + 1,
                cost_sek=0.0,
            )
        app.save(problem)
        if halfway is NOW and problem.version >= events // 2:
            halfway = datetime.now(UTC)
    return problem_id, reference, halfway


# ------------------------------------------------------------------ measuring


def _p99(samples: list[float]) -> float:
    return (
        statistics.quantiles(samples, n=100, method="inclusive")[98]
        if len(samples) > 1
        else samples[0]
    )


def _timed_get(http: httpx.Client, path: str) -> Callable[[], float]:
    def sample() -> float:
        started = time.perf_counter()
        answer = http.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path.partition('?')[0]}: {answer.status_code}")
        return elapsed

    return sample


def _web_client(base: str, token: str) -> httpx.Client:
    """A browser-like client signed in with the token (the login form, its CSRF token)."""
    web = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = web.get("/logga-in")
    marker = 'name="_csrf_token" value="'
    csrf = page.text.split(marker, 1)[1].split('"', 1)[0]
    answer = web.post("/logga-in", data={"_csrf_token": csrf, "token": token, "nasta": ""})
    if answer.status_code != 303:
        raise RuntimeError(f"the web login answered {answer.status_code}")
    return web


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _variant(variants: dict[str, Variant], key: str, label: str, unit: str = "ms") -> Variant:
    if key not in variants:
        variants[key] = Variant(key, label, label, unit, higher_is_better=False)
    return variants[key]


READS = (
    ("view_overview", "view: BRÅ overview", "/api/v1/municipalities/{code}/bra-overview"),
    ("view_index", "view: problem index, first page", "/api/v1/problems?municipality={code}"),
    (
        "view_index_filtered",
        "view: problem index, stage + group",
        "/api/v1/problems?municipality={code}&stage=analysis&group_id={group}",
    ),
    ("view_board", "view: group board", "/api/v1/groups/{group}/board"),
    (
        "view_follow_up",
        "view: medborgarlöfte follow-up",
        "/api/v1/municipalities/{code}/citizen-promise-follow-up/{year}",
    ),
)
PAGES = (
    ("page_overview", "page: BRÅ-översikt", "/oversikt"),
    ("page_list", "page: Ärenden, stage filter", "/arenden?skede=analysis"),
    ("page_search", "page: Ärenden, search", "/arenden?sok=cykel"),
    ("page_case", "page: Ärende of the long case", "/arenden/{reference}"),
    ("page_board", "page: Gruppens tavla", "/grupper/{group}"),
    ("page_promise", "page: Medborgarlöfte", "/medborgarlofte/{year}"),
    ("page_history", "page: Historik", "/historik"),
)
# As a working-group member: every request finds the member's groups (web/auth.py).
MEMBER_PAGES = (("page_member_list", "page: Ärenden, as a member", "/arenden"),)


def scale_curves(ctx: Context) -> Result:
    params = _params(ctx.quick)
    rng = random.Random(18)
    env = ctx.store.env_for("scale_curves")
    app = ProblemorienteratApp(env=env)
    variants: dict[str, Variant] = {}
    checks: list[str] = []
    notes: list[str] = []
    facts: dict[int, dict[str, Any]] = {}
    try:
        made = 0
        first: dict[str, Any] = {}
        for size in params["sizes"]:
            clock = stopwatch()
            for m in range(made, size):
                ctx.status(f"municipality {m + 1}/{size}")
                place = _municipality(app, m, params["years"], rng)
                _problems(app, place, params["problems_per_year"], rng)
                if m == 0:
                    first = place
                    first["long"] = _long_case(app, place["groups"][0], params["long_case_events"])
            made = size
            events = app.recorder.max_notification_id() or 0
            facts[size] = {"events": events, "fill_s": round(clock(), 1)}
            ctx.status(f"{size} municipalities, {events:,} events: rebuild and verify")
            _operations(
                ctx,
                app,
                size=size,
                first=first,
                params=params,
                variants=variants,
                facts=facts[size],
            )
            if ctx.quick and size != params["sizes"][-1]:
                ctx.advance(1)
                continue  # a smoke run starts the server once, at its last size
            ctx.status(f"{size} municipalities: reads through HTTP")
            _reads(
                app,
                env,
                size=size,
                first=first,
                params=params,
                variants=variants,
                facts=facts[size],
            )
            ctx.advance(1)
            _keep_partial(facts, variants)
    finally:
        app.close()
    for size, f in facts.items():
        checks.append(
            f"{size} municipalities: {f['events']:,} events (written in {f['fill_s']} s); "
            f"rebuild {f['rebuild_eps']:,.0f} events/s, the library's read-and-decode "
            f"{f['library_eps']:,.0f} events/s (ratio {f['rebuild_eps'] / f['library_eps']:.2f}, "
            f"aim ≥ 0.5); full verify {f['verify_s']:.1f} s ({f['verify_events']:,} events "
            f"intact); verify from the checkpoint {f['incremental_s'] * 1000:.0f} ms over "
            f"{f['incremental_events']:,} new events (aim < 1 s)"
            + (
                f"; server memory {f['rss_mb']:.0f} MB after the reads, "
                f"{f['rss_after_commands_mb']:.0f} MB after the commands; commands at 16 "
                f"clients {f['commands_per_s']:.0f}/s, p50 {f['commands_p50_ms']:.1f} ms, p99 "
                f"{f['commands_p99_ms']:.1f} ms (aim < 50; worst round "
                f"{f['commands_worst_p99_ms']:.1f} ms)"
                + (
                    f"; with two server processes {f['commands_per_s_2w']:.0f}/s, p50 "
                    f"{f['commands_p50_ms_2w']:.1f} ms, p99 {f['commands_p99_ms_2w']:.1f} ms "
                    f"(worst round {f['commands_worst_p99_ms_2w']:.1f} ms)"
                    if "commands_p99_ms_2w" in f
                    else ""
                )
                + "; the first "
                f"municipality's overview counts {f['first_problems']:,} problems"
                if "rss_mb" in f
                else ""
            )
        )
    for variant in variants.values():
        if variant.unit == "ms" and len(variant.samples) > 1:
            notes.append(
                f"{variant.label}: median {statistics.median(variant.samples):.2f} ms, "
                f"p99 {_p99(variant.samples):.2f} ms, max {max(variant.samples):.2f} ms "
                f"over {len(variant.samples)}"
            )
    return Result(
        benchmark="scale_curves",
        title="Scale curves: 1, 10 and 100 municipalities with ten years of history",
        store=ctx.store.name,
        method=__doc__ or "",
        variants=list(variants.values()),
        ratios=[],
        # The operations timed once a size (a rebuild of 3 million events takes minutes):
        # per size, for bench.curves and the report.
        params={**params, "measured": {str(k): v for k, v in facts.items()}},
        checks=checks,
        notes=notes,
    )


def _keep_partial(facts: dict[int, dict[str, Any]], variants: dict[str, Variant]) -> None:
    """After each size, what is measured so far to ``$BENCH_SCALE_PARTIAL`` (JSON), so a run
    stopped at the top size still leaves the smaller sizes' numbers."""
    target = os.environ.get("BENCH_SCALE_PARTIAL")
    if target:
        Path(target).write_text(
            json.dumps(
                {
                    "measured": {str(k): v for k, v in facts.items()},
                    "samples": {k: v.samples for k, v in variants.items()},
                },
                default=str,
            ),
            encoding="utf-8",
        )


def _operations(
    ctx: Context,
    app: ProblemorienteratApp,
    *,
    size: int,
    first: dict[str, Any],
    params: dict[str, Any],
    variants: dict[str, Variant],
    facts: dict[str, Any],
) -> None:
    """Rebuild beside the library's read-and-decode, full and incremental verify, export and
    state as of a time of the long case."""
    events = app.recorder.max_notification_id() or 0
    gc.collect()
    clock = stopwatch()
    generations = rebuild(app, PROJECTIONS)
    rebuild_s = clock()
    if any(g.position != events or g.state != "active" for g in generations):
        raise AssertionError(f"the rebuild stopped short: {generations}")
    gc.collect()
    clock = stopwatch()
    decoded = _read_and_decode(app, 5_000)
    library_s = clock()
    facts.update(
        rebuild_s=rebuild_s,
        library_s=library_s,
        rebuild_eps=events / rebuild_s,
        library_eps=decoded / library_s,
    )
    clock = stopwatch()
    verification = app.check_chain()
    verify_s = clock()
    if not verification.intact:
        raise AssertionError(verification.summary())
    facts.update(verify_s=verify_s, verify_events=verification.events)
    key = _signing_key()
    checkpoint = make_checkpoint(verify_chain(chain_store(app.recorder)), key)
    app.checkpoints.add(checkpoint)
    problem_id, _, halfway = first["long"]
    _commands_after_checkpoint(app, first["groups"][0], params["more_commands"])
    clock = stopwatch()
    # What /audit/verify does after a checkpoint: the chain from the checkpoint's link on.
    start = app._checkpoint_start(public_key_hex(key))
    if not isinstance(start, ChainState):
        raise AssertionError(f"the checkpoint gave no start: {start}")
    walked = app._walk_chain(start)
    incremental_s = clock()
    if not walked.verification.intact:
        raise AssertionError(walked.verification.summary())
    new_events = (app.recorder.max_notification_id() or 0) - checkpoint.position
    facts.update(incremental_s=incremental_s, incremental_events=new_events)
    export = _variant(variants, f"export_ms_{size}", f"export of the long case, {size}")
    as_of = _variant(variants, f"as_of_ms_{size}", f"long case as of halfway, {size}")

    def export_sample() -> float:
        clock = stopwatch()
        app.export_case(ACTOR, problem_id, form="json")
        return clock() * 1000

    def as_of_sample() -> float:
        clock = stopwatch()
        app.state_as_of(Problem, problem_id, at=halfway)
        return clock() * 1000

    interleave(5, [(export, export_sample), (as_of, as_of_sample)], warmup=1)
    ctx.status(f"{size}: verify {verify_s:.1f} s, rebuild {rebuild_s:.1f} s")


def _commands_after_checkpoint(app: ProblemorienteratApp, group: UUID, count: int) -> None:
    """``count`` commands on the first municipality's problems (a fresh problem in analysis
    every 200, so no case grows without bound)."""
    problem_id = None
    for i in range(count):
        if i % 200 == 0:
            problem_id = problem_in_analysis(app, group)
        assert problem_id is not None
        app.record_cause(ACTOR, problem_id, description=f"Orsak {i}.")


def _signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _reads(
    app: ProblemorienteratApp,
    env: dict[str, str],
    *,
    size: int,
    first: dict[str, Any],
    params: dict[str, Any],
    variants: dict[str, Variant],
    facts: dict[str, Any],
) -> None:
    """The first municipality's views through the API and pages through the web, then
    commands at 16 clients, on a server started on the store as it is now."""
    code = FIRST
    views = ProjectionService(app, Settings())
    overview = views.bra_overview(code, now=NOW)
    facts["first_problems"] = sum(c.count for c in overview.by_stage)
    largest = max(overview.by_group, key=lambda c: c.open_problems).group_id
    token = app.add_user(
        Actor.system(),
        name=f"Bench BRÅ {size}",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=[code],
    ).token
    member = app.add_user(
        Actor.system(),
        name=f"Bench medlem {size}",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=[code],
        group_ids=[first["groups"][0]],
    ).token
    fields = {"code": code, "group": largest, "year": THIS_YEAR, "reference": first["long"][1]}
    server, base = _start_server(env)
    try:
        with (
            httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
            ) as api,
            closing(_web_client(base, token)) as web,
            closing(_web_client(base, member)) as member_web,
        ):
            reads = [
                (
                    _variant(variants, f"{key}_{size}", f"{label}, {size}"),
                    _timed_get(api, path.format(**fields)),
                )
                for key, label, path in READS
            ]
            reads += [
                (
                    _variant(variants, f"{key}_{size}", f"{label}, {size}"),
                    _timed_get(web, path.format(**fields)),
                )
                for key, label, path in PAGES
            ]
            reads += [
                (
                    _variant(variants, f"{key}_{size}", f"{label}, {size}"),
                    _timed_get(member_web, path.format(**fields)),
                )
                for key, label, path in MEMBER_PAGES
            ]
            interleave(params["reads"], reads, warmup=2)
        facts["rss_mb"] = _rss_mb(server.pid)
        facts.update(_commands(app, base, member, first["groups"][0], params))
        facts["rss_after_commands_mb"] = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if env.get("PERSISTENCE_MODULE") != "eventsourcing.postgres":
        return  # serve --workers is for PostgreSQL (a SQLite file has one writer)
    # As installed (deploy/compose.yaml runs serve --workers 4): two processes on this
    # machine's two cores.
    server, base = _start_server(env, workers=2)
    try:
        two = _commands(app, base, member, first["groups"][0], params)
        facts.update({f"{key}_2w": value for key, value in two.items()})
    finally:
        server.terminate()
        server.wait(timeout=30)


def _commands(
    app: ProblemorienteratApp, base: str, member: str, group: UUID, params: dict[str, Any]
) -> dict[str, float]:
    """16 clients sending ``POST .../efforts``, as :mod:`bench.api` measures them: a warm-up
    round, then ``command_rounds`` rounds on fresh problems each (13 events, as a problem in
    the response stage has); the median of the rounds' commands/s, p50 and p99, and the
    worst round's p99."""
    rounds: list[tuple[float, float, float]] = []
    for n in range(params["command_rounds"] + 1):
        fresh = [_problem_in_response(app, group)[1] for _ in range(16)]
        if WRK is not None:  # wrk leaves the machine's CPU to the server (httpx takes a core)
            measured = _load_wrk(base, member, fresh, params["command_seconds"])
        else:
            rate, latencies = asyncio.run(_load(base, member, fresh, 16, params["per_client"]))
            measured = (rate, statistics.median(latencies), _p99(latencies))
        if n:  # the first round warms the server's caches and connections
            rounds.append(measured)
    return {
        "commands_per_s": statistics.median(r[0] for r in rounds),
        "commands_p50_ms": statistics.median(r[1] for r in rounds),
        "commands_p99_ms": statistics.median(r[2] for r in rounds),
        "commands_worst_p99_ms": max(r[2] for r in rounds),
    }


# ------------------------------------------------------------------ long-lived aggregates


def _long_group(app: ProblemorienteratApp, group_id: UUID, events: int) -> None:
    """Membership events on the group until it has ``events`` (joined, left, joined, ...),
    saved every 50 as one command at a time would have saved them (the snapshots with them)."""
    group: WorkingGroup = app.repository.get(group_id)
    n = 0
    while group.version < events:
        user_id = f"u{n // 2}"
        if n % 2 == 0:
            group.add_member(
                ACTOR, user_id=user_id, name=f"Medlem {n}", organisation=Organisation.KOMMUN
            )
        else:
            group.remove_member(ACTOR, user_id=user_id)
        n += 1
        if group.version % 50 == 0 or group.version == events:
            app.save(group)


def _long_lived_params(quick: bool) -> dict[str, int]:
    if quick:
        return {"group_events": 300, "problem_events": 249, "rounds": 3, "commands": 10}
    return {"group_events": 10_049, "problem_events": 5_049, "rounds": 20, "commands": 300}


def long_lived_aggregates(ctx: Context) -> Result:
    """A working group with 10,000 membership events and a problem with 5,000 events (each
    49 past its last snapshot, the most a load replays): a load with snapshots against a
    replay of every event, interleaved; then a command on each through the use case (the
    server's path: the aggregate cache on), one after another."""
    params = _long_lived_params(ctx.quick)
    env = ctx.store.env_for("long_lived")
    app = open_app(env)
    plain = open_app(env, snapshots=False)
    served = ProblemorienteratApp(env=env)  # as a server runs it: cache and snapshots
    loads = {
        key: Variant(key, label, label, "ms/load", higher_is_better=False)
        for key, label in (
            ("group_snapshot", f"group, {params['group_events']:,} events, from its snapshot"),
            ("group_replay", f"group, {params['group_events']:,} events, replayed"),
            ("problem_snapshot", f"problem, {params['problem_events']:,} events, snapshot"),
            ("problem_replay", f"problem, {params['problem_events']:,} events, replayed"),
        )
    }
    commands = {
        key: Variant(key, label, label, "ms", higher_is_better=False)
        for key, label in (
            ("group_command", "revise the long group's mandate (use case)"),
            ("problem_command", "record a cause on the long problem (use case)"),
        )
    }
    try:
        ctx.status("building the long-lived group and problem")
        group_id = prepare_municipality(app)
        _long_group(app, group_id, params["group_events"])
        problem_id = build_problem(app, group_id, params["problem_events"])

        def load(a: ProblemorienteratApp, aggregate_id: UUID) -> Callable[[], float]:
            def sample() -> float:
                clock = stopwatch()
                a.repository.get(aggregate_id)
                return clock() * 1000

            return sample

        same_group = vars(app.repository.get(group_id)) == vars(plain.repository.get(group_id))
        same_problem = _state(app.repository.get(problem_id)) == _state(
            plain.repository.get(problem_id)
        )
        if not (same_group and same_problem):
            raise AssertionError("a load from a snapshot differs from the replay")
        interleave(
            params["rounds"],
            [
                (loads["group_snapshot"], load(app, group_id)),
                (loads["group_replay"], load(plain, group_id)),
                (loads["problem_snapshot"], load(app, problem_id)),
                (loads["problem_replay"], load(plain, problem_id)),
            ],
            warmup=1,
            advance=ctx.advance,
        )
        for i in range(params["commands"]):
            clock = stopwatch()
            served.revise_mandate(ACTOR, group_id, mandate=f"Mandat {i}.", reason="Nytt år.")
            commands["group_command"].samples.append(clock() * 1000)
            clock = stopwatch()
            served.record_cause(ACTOR, problem_id, description=f"Orsak {i}.")
            commands["problem_command"].samples.append(clock() * 1000)
    finally:
        served.close()
        plain.close()
        app.close()
    notes = [
        f"{v.label}: median {statistics.median(v.samples):.2f} ms, p99 {_p99(v.samples):.2f} ms"
        for v in commands.values()
    ]
    return Result(
        benchmark="long_lived_aggregates",
        title="Long-lived aggregates: a group with 10,000 membership events, a problem with "
        "5,000 events",
        store=ctx.store.name,
        method=long_lived_aggregates.__doc__ or "",
        variants=[*loads.values(), *commands.values()],
        ratios=[
            Ratio("group_speedup", "group: replay / snapshot", "group_replay", "group_snapshot"),
            Ratio(
                "problem_speedup",
                "problem: replay / snapshot",
                "problem_replay",
                "problem_snapshot",
            ),
        ],
        params=params,
        checks=[
            "the group and the problem loaded from their snapshots equal the replays of all "
            "their events; no aggregate cache in the two loading apps"
        ],
        notes=notes,
    )


BENCHMARKS = (
    Benchmark(
        "scale_curves",
        "Scale curves: views, pages, commands, rebuild, verify, export and as-of at 1, 10 and "
        "100 municipalities with ten years of history (about 3 million events at the top)",
        scale_curves,
        lambda quick: len(_params(quick)["sizes"]),
    ),
    Benchmark(
        "long_lived_aggregates",
        "Long-lived aggregates: loads from snapshots against replays, and commands, on a group "
        "with 10,000 membership events and a problem with 5,000 events",
        long_lived_aggregates,
        lambda quick: _long_lived_params(quick)["rounds"] + 1,
    ),
)
