"""Benchmark of the view reads: the problem index, the BRÅ overview, the group board and the
citizen-promise follow-up at 10,000 and 100,000 problems, through the
:class:`projections.ProjectionService` (the Python query API the HTTP API calls) and through
the HTTP API of a running server, side by side.

``view_reads``: a store is filled with problems, the views are rebuilt from its log
(``projections.rebuild.rebuild``, the same code the projection runner catches up with), and
then each read is timed one call at a time: the index's first page, a filtered page (stage and
working group), a text search, a later page reached through the cursor, the BRÅ overview, the
board of the largest working group and the year's medborgarlöfte follow-up; and the first
page, the filtered page, the overview, the board and the follow-up as ``GET /api/v1/...``
requests to a server (uvicorn in a subprocess on the same store, as ``bench.api``'s
``api_commands`` starts it: one process, projections off since the views are already built,
rate limit off) with a lokala BRÅ user's token. Then the store is grown to the next size, the
views rebuilt (the server reads the new generation as soon as it is active), and the reads
timed again.

How the store is filled. Writing 100,000 problems through the use cases (load, check, save:
one transaction each) would take longer than the whole run may. Instead every problem is
made by the domain itself, in memory (``Problem.identify`` and the SARA methods, so every
event passed the domain's rules and actions get ids of their own), its events' timestamps are
moved into the past (see ``_problem``), and the events are encoded by the app's own mapper and
written with ``app.recorder.insert_events`` a few thousand at a time. The views are then built
by replaying that log like any other. Working groups, the municipality and the year's
medborgarlöfte with its focus areas are made through the use cases; two problems in five are
linked to one of its focus areas.
"""

from __future__ import annotations

import gc
import random
import statistics
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from bench.api import _start_server
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
    SpreadKind,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.domain.working_group import GroupKind
from projections import ProjectionService
from projections.rebuild import rebuild
from projections.runner import PROJECTIONS

ACTOR = Actor("bench", "Bench", Organisation.KOMMUN, Role.MEMBER)
MUNICIPALITY = "1882"
GROUPS = 8
FOCUS_AREAS = 4
LINKED = 2  # of every 5 problems, linked to a focus area of the year's medborgarlöfte
INSERT_BATCH = 5_000
PAGE_LIMIT = 50
LATER_PAGE = 20  # the cursor read asks for the 20th page (problems 951–1,000 newest first)
SEARCH = "cykel"  # in about 1 in 12 titles
NOW = datetime.now(UTC)

# The mix of stages, per 100 problems (a municipality's backlog: most problems never get
# past Identifiera); the events each one has are in _problem.
MIX: tuple[tuple[str, int], ...] = (
    ("scanning", 58),
    ("scanning_cheers", 10),
    ("rejected", 5),
    ("analysis", 15),
    ("response", 8),
    ("assessment", 1),
    ("submitted", 1),
    ("closed", 2),
)
TITLES = (
    "Inbrott i förråd",
    "Skadegörelse vid busstationen",
    "Klotter på skolan",
    "Narkotikaförsäljning i parken",
    "Otrygghet vid stationen",
    "Bränder i containrar",
    "Cykelstölder vid resecentrum",
    "Buskörning med moped",
    "Stölder ur bilar",
    "Ordningsstörningar på torget",
    "Nedskräpning vid badplatsen",
    "Hot mot butikspersonal",
)
PLACES = ("Valla", "Centrum", "Torget", "Resecentrum", "Skolgården", "Hamnen", "Folkparken")


def _params(quick: bool) -> dict[str, Any]:
    if quick:
        return {
            "sizes": (300,),
            "rounds": 20,
            "min_rounds": 20,
            "warmup_rounds": 2,
            "budget_s": 2.0,
        }
    return {
        "sizes": (10_000, 100_000),
        "rounds": 200,
        "min_rounds": 5,
        "warmup_rounds": 1,
        "budget_s": 7.0,
    }


def _measure(value: float, year: int) -> Measure:
    return Measure.of(
        indicator="Anmälda brott per halvår",
        area="Valla",
        period_start=date(year, 1, 1),
        period_end=date(year, 6, 30),
        value=value,
    )


def _identified(
    number: int,
    group_id: UUID,
    identified: datetime,
    link: tuple[UUID, UUID] | None,
    *,
    municipality: str = MUNICIPALITY,
    prefix: str = "KUN",
) -> Problem:
    """Problem ``number``, identified at ``identified`` in the group; linked to ``link``'s
    (medborgarlöfte, focus area) at once when given."""
    reference = f"{prefix}-{identified.year}-{number:06d}"
    title = TITLES[number % len(TITLES)]
    problem = Problem.identify(
        ACTOR,
        id=problem_id_for(reference),
        municipality=municipality,
        reference=reference,
        title=f"{title} {number}",
        description=f"Återkommande problem: {title.lower()}, anmält av boende.",
        place=PLACES[number % len(PLACES)],
        source=ProblemSource.COMPLAINT,
        reported_by="Boende",
        group_id=group_id,
    )
    if link is not None:
        problem.link_focus_area(ACTOR, citizen_promise_id=link[0], focus_area_id=link[1])
    return problem


def _problem(
    number: int,
    kind: str,
    group_id: UUID,
    rng: random.Random,
    link: tuple[UUID, UUID] | None = None,
    *,
    identified: datetime | None = None,
    municipality: str = MUNICIPALITY,
    prefix: str = "KUN",
    history: bool = False,
) -> list[Any]:
    """One problem's events, made by the domain in memory; ``kind`` is its place in MIX;
    ``link``: (medborgarlöfte, focus area) it is linked to right after it is identified.
    ``history``: a worked case as a finished year holds it (more findings and causes, a
    data source, the partners' efforts, the spread judged) — :mod:`bench.scale`.

    The problem is identified at a random moment of the last two years (its reference's year
    is that moment's year) and each later event follows the previous one by 1–14 days
    (never after the benchmark started), so stages, last changes and staleness vary as in a
    real backlog.
    """
    identified = identified or NOW - timedelta(days=rng.uniform(1, 730))
    problem = _identified(
        number, group_id, identified, link, municipality=municipality, prefix=prefix
    )
    if kind == "rejected":
        problem.reject(ACTOR, reason="Inte ett återkommande problem.")
    if kind == "scanning_cheers":
        for question in list(CheersQuestion)[:3]:
            problem.answer_cheers(ACTOR, question=question, met=True, evidence="Statistik.")
    if kind in ("analysis", "response", "assessment", "submitted", "closed"):
        for question in CheersQuestion:
            problem.answer_cheers(ACTOR, question=question, met=True, evidence="Statistik.")
        problem.start_analysis(ACTOR)
        problem.record_finding(ACTOR, side=TriangleSide.PLACE, description="Mörka gångar.")
        _worked_analysis(problem, identified) if history else None
    if kind in ("response", "assessment", "submitted", "closed"):
        problem.state_hypothesis(ACTOR, hypothesis="Mörker skyddar gärningspersonerna.")
        problem.register_baseline(ACTOR, measure=_measure(14, 2025))
        problem.complete_analysis(ACTOR)
        start = (identified + timedelta(days=30)).date()
        actions = [
            problem.plan_action(
                ACTOR,
                title=f"Åtgärd {i}",
                responsible_organisation=Organisation.KOMMUN,
                responsible_party="Tekniska förvaltningen",
                owner="Gatuchefen",
                start_date=start,
                due_date=start + timedelta(days=rng.randint(30, 240)),
                objective="Bättre belysning.",
                mechanism="Naturlig övervakning.",
                kind=ActionKind.SITUATIONAL,
                technique=Technique.ASSIST_NATURAL_SURVEILLANCE,
                horizon=TimeHorizon.SHORT,
            )
            for i in range(2)
        ]
        problem.start_action(ACTOR, action_id=actions[0])
        _efforts(problem, rng) if history else None
    if kind in ("assessment", "submitted", "closed"):
        problem.start_action(ACTOR, action_id=actions[1])
        for action_id in actions:
            problem.complete_action(ACTOR, action_id=action_id)
        problem.start_assessment(ACTOR)
        problem.evaluate_process(ACTOR, summary="Enligt plan.", carried_out_as_planned=True)
        problem.record_follow_up(ACTOR, measure=_measure(6, 2026))
        problem.judge_outcome(ACTOR, outcome=Outcome.REDUCED, motivation="Färre brott.")
        problem.record_lesson(ACTOR, lesson="Belysning hjälper.")
        _no_spread(problem) if history else None
    if kind in ("submitted", "closed"):
        problem.submit_assessment(ACTOR)
    if kind == "closed":
        problem.approve_assessment(ACTOR, comments="Bra.")
        problem.close(ACTOR)
    events = list(problem.collect_events())
    moment = identified
    for i, event in enumerate(events):
        if i:
            moment = min(moment + timedelta(days=rng.uniform(1, 14)), NOW - timedelta(minutes=1))
            moment = max(moment, events[i - 1].timestamp + timedelta(microseconds=1))
        object.__setattr__(event, "timestamp", moment)  # frozen event; set before it is stored
    return events


def _worked_analysis(problem: Problem, identified: datetime) -> None:
    """What a worked analysis adds to the first finding (``_problem``'s ``history``)."""
    problem.record_finding(ACTOR, side=TriangleSide.OFFENDER, description="Unga i grupp.")
    problem.record_finding(ACTOR, side=TriangleSide.TARGET, description="Förråd utan lås.")
    problem.record_cause(ACTOR, description="Ingen vuxen närvaro kvällstid.")
    problem.record_cause(ACTOR, description="Trasig belysning.")
    problem.record_data_source(
        ACTOR, name="Polisens anmälningsstatistik", extracted_on=identified.date()
    )


def _efforts(problem: Problem, rng: random.Random) -> None:
    """The partners' hours and costs on a worked case (``_problem``'s ``history``)."""
    for partner in ("Fritid", "Polisen", "Bostadsbolaget", "Skolan"):
        problem.record_effort(
            ACTOR,
            organisation=Organisation.KOMMUN,
            partner=partner,
            hours=rng.randint(2, 40),
            cost_sek=float(rng.randint(0, 20) * 1000),
        )


def _no_spread(problem: Problem) -> None:
    """A worked assessment judges the spread (``_problem``'s ``history``)."""
    problem.record_spread(
        ACTOR, kind=SpreadKind.NONE_FOUND, dimension=None, description="Ingen förflyttning."
    )


def _kinds(count: int, rng: random.Random) -> Iterator[str]:
    population = [kind for kind, share in MIX for _ in range(share)]
    for _ in range(count):
        yield rng.choice(population)


def _fill(
    app: ProblemorienteratApp,
    groups: list[UUID],
    first: int,
    count: int,
    *,
    promise: tuple[UUID, list[UUID]],
    rng: random.Random,
    status: Callable[[str], None],
) -> int:
    """Write problems ``first`` … ``first + count - 1``; the number of events written."""
    written = 0
    batch: list[Any] = []
    promise_id, areas = promise
    for offset, kind in enumerate(_kinds(count, rng)):
        number = first + offset
        link = (promise_id, areas[number % len(areas)]) if number % 5 < LINKED else None
        for event in _problem(number, kind, groups[number % len(groups)], rng, link):
            batch.append(app.mapper.to_stored_event(event))
        if len(batch) >= INSERT_BATCH:
            app.recorder.insert_events(batch)
            written += len(batch)
            batch = []
            if offset % 10_000 < 1_000:
                status(f"writing problems: {offset:,}/{count:,}")
    if batch:
        app.recorder.insert_events(batch)
        written += len(batch)
    return written


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


def _size_facts(views: ProjectionService, size: int) -> tuple[dict[str, Any], UUID]:
    """What the views hold at ``size`` (checked: the overview counts every problem, the
    board of the largest group all its open ones), and that group."""
    overview = views.bra_overview(MUNICIPALITY, now=NOW)
    counted = sum(c.count for c in overview.by_stage)
    if counted != size:
        raise AssertionError(f"the views hold {counted} problems, expected {size}")
    largest = max(overview.by_group, key=lambda c: c.open_problems)
    if largest.group_id is None:
        raise AssertionError("every problem should have a working group")
    board = views.group_board(MUNICIPALITY, largest.group_id, today=NOW.date())
    follow_up = views.citizen_promise_follow_up(MUNICIPALITY, NOW.year)
    if board is None or follow_up is None:
        raise AssertionError("the board or the follow-up is missing")
    if board.problems_total != largest.open_problems:
        raise AssertionError(f"board {board.problems_total} != {largest}")
    return {
        "by_stage": {c.stage.value: c.count for c in overview.by_stage if c.count},
        "stale": overview.stale_problems_total,
        "awaiting_review": overview.awaiting_review_total,
        "overdue_actions": overview.overdue_actions_total,
        "board_open": board.problems_total,
        "board_by_stage": {c.stage.value: c.count for c in board.stage_totals},
        "board_shown": len(board.problems),
        "board_actions": board.next_actions_total,
        "board_overdue": board.overdue_actions_total,
        "linked": [a.problems_total for a in follow_up.focus_areas],
        "linked_shown": sum(len(a.problems) for a in follow_up.focus_areas),
    }, largest.group_id


def view_reads(ctx: Context) -> Result:
    params = _params(ctx.quick)
    rng = random.Random(4)
    env = ctx.store.env_for("view_reads")
    app = ProblemorienteratApp(env=env)
    variants: list[Variant] = []
    checks: list[str] = []
    notes: list[str] = []
    facts: dict[str, Any] = {}
    server = None
    try:
        app.register_municipality(ACTOR, code=MUNICIPALITY, name="Kungsör", reference_prefix="KUN")
        groups = [
            app.establish_group(
                ACTOR,
                municipality=MUNICIPALITY,
                name=f"Grupp {g + 1}",
                kind=GroupKind.YOUTH,
                mandate="Problem i centrum.",
            ).aggregate_id
            for g in range(GROUPS)
        ]
        promise = _citizen_promise(app)
        token = app.add_user(
            Actor.system(),
            name="Bench BRÅ",
            organisation=Organisation.KOMMUN,
            role=Role.BRA,
            municipalities=[MUNICIPALITY],
        ).token
        ctx.status("starting the API server")
        server, base = _start_server(env)
        views = ProjectionService(app, Settings())
        made = 0
        events = 0
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60
        ) as http:
            for size in params["sizes"]:
                ctx.status(f"writing {size - made:,} problems")
                clock = stopwatch()
                events += _fill(
                    app,
                    groups,
                    made + 1,
                    size - made,
                    promise=promise,
                    rng=rng,
                    status=ctx.status,
                )
                made = size
                fill_s = clock()
                ctx.status(f"rebuilding the views from {events:,} events")
                clock = stopwatch()
                generations = rebuild(app, PROJECTIONS)
                rebuild_s = clock()
                head = app.recorder.max_notification_id() or 0
                if any(g.position != head or g.state != "active" for g in generations):
                    raise AssertionError(f"the rebuild stopped short: {generations}")
                facts[size], board_group = _size_facts(views, size)
                facts[size].update(
                    events=events, fill_s=round(fill_s, 1), rebuild_s=round(rebuild_s, 1)
                )
                variants.extend(
                    _measure_size(
                        ctx,
                        views,
                        http,
                        groups=groups,
                        board_group=board_group,
                        size=size,
                        params=params,
                    )
                )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        app.close()
    for size, f in facts.items():
        checks.append(
            f"{size:,} problems ({f['events']:,} events, written in {f['fill_s']} s; views "
            f"rebuilt in {f['rebuild_s']} s): the BRÅ overview counts every one of them, "
            "in process and through HTTP; "
            f"by stage {f['by_stage']}; {f['awaiting_review']:,} awaiting review, "
            f"{f['stale']:,} stale (no change in 60 days), {f['overdue_actions']:,} overdue "
            "actions (the lists show 50 of each); the largest group's board: "
            f"{f['board_open']:,} open problems {f['board_by_stage']}, {f['board_shown']} "
            f"shown (50 per stage), {f['board_actions']:,} open actions "
            f"({f['board_overdue']:,} overdue; 50 shown); the follow-up: linked problems per "
            f"focus area {f['linked']}, {f['linked_shown']} shown (50 per focus area)"
        )
    for variant in variants:
        notes.append(
            f"{variant.label}: median {statistics.median(variant.samples):.2f} ms, "
            f"p99 {_p99(variant.samples):.2f} ms over {len(variant.samples)} calls "
            "(aim: p99 < 20 ms)"
        )
    method = (
        "One municipality holding every problem (the worst case for a per-municipality "
        f"view), {GROUPS} working groups. Problems are made by the domain in memory in a "
        "fixed mix of stages per 100 ("
        + ", ".join(f"{k} {n}" for k, n in MIX)
        + "; about 4.5 events each on average), identified at random moments of the last two "
        "years, each later event 1–14 days after the one before; references "
        "KUN-<year>-<n>; titles from 12 kinds of problem. Their events are encoded by the "
        f"app's mapper and written with `recorder.insert_events` ({INSERT_BATCH:,} a "
        "transaction); the views are then rebuilt from the log (`rebuild(app, PROJECTIONS)`). "
        "In process, each sample is one call of the `ProjectionService` (a read transaction, "
        "choosing the active generations, the query, the typed result). Through HTTP, each "
        "sample is one `GET` with `httpx.Client` (keep-alive) to a uvicorn server in a "
        "subprocess on the same store (one process, projections off, rate limit off), as a "
        "lokala BRÅ user: authentication, authorisation, the same service call, JSON "
        "encoding, the response read whole. The six index reads of a size (four in process, "
        "two through HTTP) are interleaved round by round, order alternating, after a "
        "discarded warm-up round, as many rounds as fit ~7 s; the BRÅ overview in process "
        "and through HTTP is then sampled the same way, and then the board of the largest "
        "working group and the year's medborgarlöfte follow-up (both at the view's default "
        f"of 50 items a list; {LINKED} problems in 5 linked to one of its {FOCUS_AREAS} "
        "focus areas), in process and through HTTP. ms per call."
    )
    return Result(
        benchmark="view_reads",
        title="View reads in process and through HTTP: problem index, BRÅ overview, group "
        "board, medborgarlöfte follow-up",
        store=ctx.store.name,
        method=method,
        variants=variants,
        ratios=[
            Ratio(
                f"{key}_http_vs_service_{size}",
                f"{label}, {size:,}: HTTP / in process",
                f"{key}_http_{size}",
                f"{key}_{size}",
            )
            for size in params["sizes"]
            for key, label in _HTTP_QUERIES
        ],
        params={**params, "page_limit": PAGE_LIMIT, "later_page": LATER_PAGE, "search": SEARCH},
        checks=checks,
        notes=notes,
    )


_QUERIES = (
    ("index_first", "index, first page"),
    ("index_filtered", "index, stage + group"),
    ("index_text", f"index, text '{SEARCH}'"),
    ("index_cursor", f"index, page {LATER_PAGE} by cursor"),
    ("bra_overview", "BRÅ overview"),
    ("group_board", "group board, largest group"),
    ("follow_up", "medborgarlöfte follow-up"),
)
_HTTP_QUERIES = (
    ("index_first", "index, first page"),
    ("index_filtered", "index, stage + group"),
    ("bra_overview", "BRÅ overview"),
    ("group_board", "group board, largest group"),
    ("follow_up", "medborgarlöfte follow-up"),
)


def _measure_size(
    ctx: Context,
    views: ProjectionService,
    http: httpx.Client,
    *,
    groups: list[UUID],
    board_group: UUID,
    size: int,
    params: dict[str, Any],
) -> list[Variant]:
    cursor: str | None = None  # the cursor to page LATER_PAGE (or the last page there is)
    for _ in range(LATER_PAGE - 1):
        following = views.problem_index(MUNICIPALITY, cursor=cursor, limit=PAGE_LIMIT).next_cursor
        if following is None:
            break
        cursor = following
    calls: dict[str, Callable[[], Any]] = {
        "index_first": lambda: views.problem_index(MUNICIPALITY, limit=PAGE_LIMIT),
        "index_filtered": lambda: views.problem_index(
            MUNICIPALITY, stage=Stage.ANALYSIS, group_id=groups[1], limit=PAGE_LIMIT
        ),
        "index_text": lambda: views.problem_index(MUNICIPALITY, text=SEARCH, limit=PAGE_LIMIT),
        "index_cursor": lambda: views.problem_index(MUNICIPALITY, cursor=cursor, limit=PAGE_LIMIT),
        "bra_overview": lambda: views.bra_overview(MUNICIPALITY, now=NOW),
        "group_board": lambda: views.group_board(MUNICIPALITY, board_group),
        "follow_up": lambda: views.citizen_promise_follow_up(MUNICIPALITY, NOW.year),
    }
    paths = {
        "index_first": f"/api/v1/problems?municipality={MUNICIPALITY}&limit={PAGE_LIMIT}",
        "index_filtered": f"/api/v1/problems?municipality={MUNICIPALITY}&stage=analysis"
        f"&group_id={groups[1]}&limit={PAGE_LIMIT}",
        "bra_overview": f"/api/v1/municipalities/{MUNICIPALITY}/bra-overview",
        "group_board": f"/api/v1/groups/{board_group}/board",
        "follow_up": f"/api/v1/municipalities/{MUNICIPALITY}/citizen-promise-follow-up/{NOW.year}",
    }
    for key, call in calls.items():
        answer = call()
        if key.startswith("index") and not answer.items:
            raise AssertionError(f"{key} at {size}: {len(answer.items)} items")
    for key, path in paths.items():
        body = _get(http, path).json()
        if _shown(key, body) != _expected(key, calls[key](), size):
            raise AssertionError(f"{key} through HTTP at {size}: {_shown(key, body)}")

    def sampler(call: Callable[[], Any]) -> Callable[[], float]:
        def sample() -> float:
            clock = stopwatch()
            call()
            return clock() * 1000

        return sample

    def requester(path: str) -> Callable[[], Any]:
        return lambda: _get(http, path)

    measured = [
        (
            Variant(
                f"{key}_{size}",
                f"{label}, {size:,} problems",
                f"ProjectionService call, {size:,} problems in the municipality",
                "ms",
                higher_is_better=False,
            ),
            sampler(calls[key]),
        )
        for key, label in _QUERIES
    ]
    through_http = [
        (
            Variant(
                f"{key}_http_{size}",
                f"{label} through HTTP, {size:,} problems",
                f"GET {paths[key].partition('?')[0]}, {size:,} problems in the municipality",
                "ms",
                higher_is_better=False,
            ),
            sampler(requester(paths[key])),
        )
        for key, label in _HTTP_QUERIES
    ]
    # The index reads are interleaved with each other, the overview in process and through
    # HTTP with each other: each group gets as many rounds as fit its time budget, between
    # min_rounds and rounds (n is reported; a p99 over few calls is close to their maximum).
    # The board and the follow-up likewise, the four of them together.
    for group in (
        measured[:4] + through_http[:2],
        [measured[4], through_http[2]],
        [*measured[5:], *through_http[3:]],
    ):
        clock = stopwatch()
        for _, sample in group:
            sample()
        rounds = int(params["budget_s"] / max(clock(), 1e-6))
        rounds = max(params["min_rounds"], min(params["rounds"], rounds))
        ctx.status(f"measuring reads at {size:,} problems ({rounds} rounds)")
        gc.collect()
        gc.freeze()
        try:
            interleave(rounds, group, warmup=params["warmup_rounds"], advance=lambda _n: None)
        finally:
            gc.unfreeze()
    ctx.advance(1)
    return [v for v, _ in measured + through_http]


def _shown(key: str, body: dict[str, Any]) -> Any:
    """What an HTTP answer shows, to compare with the in-process answer."""
    view = body.get("view", {})
    if key == "bra_overview":
        return sum(c["count"] for c in view["by_stage"])
    if key == "group_board":
        return (view["problems_total"], [p["reference"] for p in view["problems"]])
    if key == "follow_up":
        return [(a["problems_total"], len(a["problems"])) for a in view["focus_areas"]]
    return len(body["items"])


def _expected(key: str, answer: Any, size: int) -> Any:
    """The same figure of the in-process answer."""
    if key == "bra_overview":
        return size
    if key == "group_board":
        return (answer.problems_total, [p.reference for p in answer.problems])
    if key == "follow_up":
        return [(a.problems_total, len(a.problems)) for a in answer.focus_areas]
    return len(answer.items)


def _citizen_promise(app: ProblemorienteratApp) -> tuple[UUID, list[UUID]]:
    """This year's medborgarlöfte with its focus areas, made through the use cases."""
    promise_id = app.draft_citizen_promise(
        ACTOR, municipality=MUNICIPALITY, year=NOW.year, title="Medborgarlöfte"
    ).aggregate_id
    areas = []
    for n in range(FOCUS_AREAS):
        added = app.add_focus_area(
            ACTOR, promise_id, title=f"Fokusområde {n + 1}", description="Tryggare centrum."
        )
        if added.item_id is None:
            raise AssertionError("a focus area without an id")
        areas.append(added.item_id)
    return promise_id, areas


def _get(http: httpx.Client, path: str) -> httpx.Response:
    answer = http.get(path)
    if answer.status_code != 200:
        raise RuntimeError(f"GET {path.partition('?')[0]}: {answer.status_code}")
    return answer


BENCHMARKS = (
    Benchmark(
        "view_reads",
        "View reads p50/p99, in process and through HTTP: problem index, BRÅ overview, group "
        "board and medborgarlöfte follow-up at 10,000 and 100,000 problems",
        view_reads,
        lambda quick: len(_params(quick)["sizes"]),
    ),
)
