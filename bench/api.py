"""The HTTP API under load: commands per second and latency through a running server.

A real server (uvicorn, one process, the app from
``problemorienterat.composition.create_app``) is started on the benchmark's store in a
subprocess; clients in this process send ``POST .../efforts``
(``record_effort``: authenticate, authorise, load → check → save) with asyncio and httpx, at
concurrency 1 and 16, each client on a problem of its own. Beside it, on the same kind of
store: the same use case called in process one after another, and the ``eventsourcing``
library as it comes (its own mapper and recorder: no encryption, hash chain, metadata index
or aggregate cache; snapshots every 50 events like the product) doing the same
``Problem.record_effort`` as load → change → save and as a bare save, one transaction each.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from bench.core import problem_in_analysis
from bench.harness import Benchmark, Context, Ratio, Result, Variant
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ActionKind, TriangleSide
from problemorienterat.domain.working_group import GroupKind
from problemorienterat.infrastructure.personal_data_vault import (
    PersonalDataVault,
    register_personal_data_transcodings,
)
from problemorienterat.infrastructure.transcodings import register_domain_transcodings

ROOT = Path(__file__).resolve().parents[1]
SYSTEM = Actor.system()
MUNICIPALITY = "1882"
_SERVER = (
    "import uvicorn\n"
    "uvicorn.run('bench.api:server_app', factory=True, host='127.0.0.1', port={port}, "
    "workers={workers}, log_config=None, access_log=False)\n"
)


def server_app() -> Any:
    """The application one server process runs (on the store its environment names), with
    the collector settled as ``problemorienterat serve`` settles it."""
    from problemorienterat.composition import create_app
    from problemorienterat.server_memory import settle_after_start_up

    app = create_app(application=ProblemorienteratApp())
    settle_after_start_up()
    return app


def member_of_a_group(app: ProblemorienteratApp) -> tuple[UUID, str]:
    """Kungsör with one working group and a member of it: (the group, the member's token)."""
    app.register_municipality(SYSTEM, code=MUNICIPALITY, name="Kungsör", reference_prefix="KUN")
    group = app.establish_group(
        SYSTEM, municipality=MUNICIPALITY, name="UNG", kind=GroupKind.YOUTH, mandate="M."
    ).aggregate_id
    token = app.add_user(
        SYSTEM,
        name="Bench",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=[MUNICIPALITY],
        group_ids=[group],
    ).token
    return group, token


def _problem_in_response(app: ProblemorienteratApp, group_id: UUID) -> tuple[UUID, str]:
    """A problem in the response stage with one planned action (13 events)."""
    problem_id = problem_in_analysis(app, group_id)
    app.record_finding(SYSTEM, problem_id, side=TriangleSide.PLACE, description="Mörkt.")
    app.state_hypothesis(SYSTEM, problem_id, hypothesis="Mörker.")
    app.register_baseline(
        SYSTEM,
        problem_id,
        measure=Measure.of(
            indicator="Inbrott",
            area="Valla",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
            value=14,
        ),
    )
    app.complete_analysis(SYSTEM, problem_id)
    app.plan_action(
        SYSTEM,
        problem_id,
        title="Ljus",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Teknik",
        owner="Chef",
        start_date=date(2026, 1, 1),
        due_date=date(2026, 6, 30),
        objective="Ljus.",
        mechanism="Syns.",
        kind=ActionKind.SOCIAL,
    )
    return problem_id, app.get_problem(problem_id).reference


class LibraryApp(Application[UUID]):
    """The library as it comes, able to store the product's events (their transcodings)."""

    name = "library"
    snapshotting_intervals = {Problem: 50}

    def __init__(self, env: dict[str, str]) -> None:
        self.personal_data = PersonalDataVault()
        super().__init__(env)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)
        register_personal_data_transcodings(transcoder, self.personal_data)


def _library_app(env: dict[str, str]) -> LibraryApp:
    """A library app on a store of the same kind (the library's own recorder)."""
    plain = {k: v for k, v in env.items() if k != "APPLICATION_RECORDER_TOPIC"}
    plain["IS_SNAPSHOTTING_ENABLED"] = "y"
    return LibraryApp(env=plain)


def _effort(problem: Problem, i: int) -> None:
    problem.record_effort(
        SYSTEM, organisation=Organisation.KOMMUN, partner="Fritid", hours=i % 8 + 1, cost_sek=0.0
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_server(env: dict[str, str], workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", _SERVER.format(port=port, workers=workers)],
        env={
            **os.environ,
            **env,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            # Off unless BENCH_RATE_LIMIT_PER_MINUTE sets it (to measure the limit's cost).
            "PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE": os.environ.get(
                "BENCH_RATE_LIMIT_PER_MINUTE", "0"
            ),
            "PROBLEMORIENTERAT_PROJECTIONS_IN_PROCESS": "false",
        },
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a busy machine takes a while to import it all
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the API server did not start")


async def _load(
    base: str, token: str, references: list[str], concurrency: int, per_client: int
) -> tuple[float, list[float]]:
    """``concurrency`` clients, each sending ``per_client`` commands; (commands/s, ms each)."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=30
    ) as http:

        async def client(reference: str) -> None:
            for i in range(per_client):
                started = time.perf_counter()
                answer = await http.post(
                    f"/api/v1/problems/{reference}/efforts",
                    json={"organisation": "kommun", "partner": "Fritid", "hours": i % 8 + 1},
                )
                latencies.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise RuntimeError(answer.text)

        started = time.perf_counter()
        await asyncio.gather(*(client(references[n]) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies


WRK = shutil.which("wrk")
_WRK_SCRIPT = Path(__file__).with_name("wrk_efforts.lua")
_WRK_RESULT = re.compile(
    r"RESULT requests=(\d+) non2xx=(\d+) errors=(\d+) seconds=([\d.]+) "
    r"p50_ms=([\d.]+) p99_ms=([\d.]+)"
)


def _load_wrk(
    base: str, token: str, references: list[str], seconds: float
) -> tuple[float, float, float]:
    """``wrk`` (C, one connection per thread, one problem per connection) for ``seconds``:
    (commands/s, p50 ms, p99 ms). It leaves the bench's CPU to the server, which httpx does not."""
    assert WRK is not None
    n = len(references)
    out = subprocess.run(  # noqa: S603 - wrk found on PATH, our own script
        [
            WRK,
            "-t",
            str(n),
            "-c",
            str(n),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(_WRK_SCRIPT),
            base,
            "--",
            ",".join(references),
            token,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    found = _WRK_RESULT.search(out)
    if found is None:
        raise RuntimeError(f"wrk printed no result: {out[-500:]}")
    requests, non2xx, errors = (int(found.group(i)) for i in (1, 2, 3))
    if non2xx or errors:
        raise RuntimeError(f"wrk: {non2xx} answers not 2xx, {errors} socket errors")
    return requests / float(found.group(4)), float(found.group(5)), float(found.group(6))


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _library_rates(library: LibraryApp, problem_id: UUID, count: int) -> tuple[float, float]:
    """The library's commands/s: load → change → save, then change → save (kept in memory)."""
    started = time.perf_counter()
    for i in range(count):
        problem: Problem = library.repository.get(problem_id)
        _effort(problem, i)
        library.save(problem)
    lcs = count / (time.perf_counter() - started)
    held: Problem = library.repository.get(problem_id)
    started = time.perf_counter()
    for i in range(count):
        _effort(held, i)
        library.save(held)
    return lcs, count / (time.perf_counter() - started)


def _http_round(
    bases: dict[str, str],
    references: dict[str, list[str]],
    token: str,
    *,
    quick: bool,
    variants: dict[str, Variant],
    latencies: dict[str, list[float]],
    round_percentiles: dict[str, list[tuple[float, float]]],
) -> None:
    """One round of every HTTP variant: with wrk if installed, else with httpx."""
    per_client = 3 if quick else 60
    for key, base_url in bases.items():
        concurrency = len(references[key])
        if WRK is not None:
            rate, p50, p99 = _load_wrk(base_url, token, references[key], 1 if quick else 4)
            round_percentiles[key].append((p50, p99))
        else:
            count = per_client * 4 if concurrency == 1 else per_client
            rate, ms = asyncio.run(_load(base_url, token, references[key], concurrency, count))
            latencies[key].extend(ms)
        variants[key].samples.append(rate)


def _variants(*, two_workers: bool) -> dict[str, Variant]:
    """What is measured, in the order of the report."""
    variants = {
        "library_lcs": Variant(
            "library_lcs",
            "library: load → change → save",
            "eventsourcing as it comes, one transaction each",
            "commands/s",
            higher_is_better=True,
        ),
        "library_save": Variant(
            "library_save",
            "library: bare save",
            "aggregate kept in memory; change, save",
            "commands/s",
            higher_is_better=True,
        ),
        "service": Variant(
            "service",
            "use case in process, one after another",
            "record_effort called directly (load, check, save)",
            "commands/s",
            higher_is_better=True,
        ),
        "http_c1": Variant(
            "http_c1",
            "HTTP, 1 client",
            "POST .../efforts, one at a time",
            "commands/s",
            higher_is_better=True,
        ),
        "http_c16": Variant(
            "http_c16",
            "HTTP, 16 clients",
            "POST .../efforts, 16 at once",
            "commands/s",
            higher_is_better=True,
        ),
    }
    if two_workers:
        variants["http_c16_w2"] = Variant(
            "http_c16_w2",
            "HTTP, 16 clients, 2 server processes",
            "POST .../efforts, 16 at once, to uvicorn --workers 2",
            "commands/s",
            higher_is_better=True,
        )
    return variants


def api_commands(ctx: Context) -> Result:
    per_client = 3 if ctx.quick else 60
    rounds = 3
    env = ctx.store.env_for("api_commands")
    app = ProblemorienteratApp(env=env)
    try:
        group, token = member_of_a_group(app)
        library = _library_app(ctx.store.env_for("api_commands_library"))
        two_workers = ctx.store.name == "postgres"  # SQLite refuses more than one
        variants = _variants(two_workers=two_workers)
        latencies: dict[str, list[float]] = {key: [] for key in variants if "http" in key}
        round_percentiles: dict[str, list[tuple[float, float]]] = {key: [] for key in latencies}
        ctx.status("starting the API server")
        server, base = _start_server(env)
        servers = [server]
        bases = {"http_c1": base, "http_c16": base}
        if two_workers:
            pair, bases["http_c16_w2"] = _start_server(env, workers=2)
            servers.append(pair)
        try:
            for _ in range(rounds):
                # Fresh problems each round (in the response stage, 13 events), so no variant
                # works on an aggregate that has grown through the earlier rounds.
                fresh = [_problem_in_response(app, group) for _ in range(35 if two_workers else 19)]
                in_process_id, library_id = fresh[0][0], fresh[1][0]
                references = {
                    "http_c1": [fresh[2][1]],
                    "http_c16": [r for _, r in fresh[3:19]],
                    "http_c16_w2": [r for _, r in fresh[19:35]],
                }
                library.events.put(list(app.repository.event_store.get(library_id)))
                lcs, bare = _library_rates(library, library_id, per_client * 4)
                variants["library_lcs"].samples.append(lcs)
                variants["library_save"].samples.append(bare)
                started = time.perf_counter()
                for i in range(per_client * 4):
                    app.record_effort(
                        SYSTEM,
                        in_process_id,
                        organisation=Organisation.KOMMUN,
                        partner="Fritid",
                        hours=i % 8 + 1,
                    )
                variants["service"].samples.append(per_client * 4 / (time.perf_counter() - started))
                _http_round(
                    bases,
                    references,
                    token,
                    quick=ctx.quick,
                    variants=variants,
                    latencies=latencies,
                    round_percentiles=round_percentiles,
                )
                ctx.advance(1)
        finally:
            for each in servers:
                each.terminate()
                each.wait(timeout=20)
            library.close()
    finally:
        app.close()
    notes = [
        f"latency, {variants[key].label}: p50 {statistics.median(ms):.1f} ms, "
        f"p99 {_p(ms, 99):.1f} ms over {len(ms)} commands (aim at 16 clients: p99 < 50 ms)"
        for key, ms in latencies.items()
        if ms
    ] + [
        f"latency, {variants[key].label} (wrk, per round): p50 "
        f"{statistics.median(p[0] for p in rounds_):.1f} ms, p99 "
        f"{statistics.median(p[1] for p in rounds_):.1f} ms (worst round "
        f"{max(p[1] for p in rounds_):.1f} ms) (aim at 16 clients: p99 < 50 ms)"
        for key, rounds_ in round_percentiles.items()
        if rounds_
    ]
    client = (
        "wrk (C; one connection per thread, each on a problem of its own; 4 s a round, "
        "1 s with --quick)"
        if WRK is not None
        else "httpx.AsyncClient in the bench process (install wrk to keep the bench's CPU "
        "off the server's 2 cores)"
    )
    return Result(
        benchmark="api_commands",
        title="Commands through the HTTP API vs the use case in process",
        store=ctx.store.name,
        method=f"uvicorn (one process; on PostgreSQL also two); load from {client}; "
        "POST .../efforts; commands/s",
        variants=list(variants.values()),
        ratios=[
            Ratio(
                "c1_vs_library",
                "HTTP c=1 / library load→change→save (aim ≥ 0.33)",
                "http_c1",
                "library_lcs",
            ),
            Ratio(
                "c16_vs_library",
                "HTTP c=16 / library load→change→save (aim > 1)",
                "http_c16",
                "library_lcs",
            ),
            Ratio(
                "c16_vs_library_save", "HTTP c=16 / library bare save", "http_c16", "library_save"
            ),
            *(
                [
                    Ratio(
                        "c16w2_vs_library",
                        "HTTP c=16, 2 processes / library load→change→save",
                        "http_c16_w2",
                        "library_lcs",
                    )
                ]
                if two_workers
                else []
            ),
            Ratio("c1_vs_service", "HTTP c=1 / in process", "http_c1", "service"),
            Ratio(
                "service_vs_library",
                "in process / library load→change→save",
                "service",
                "library_lcs",
            ),
        ],
        params={"per_client": per_client, "rounds": rounds},
        notes=notes,
    )


BENCHMARKS = (
    Benchmark(
        "api_commands",
        "Commands through the HTTP API at concurrency 1 and 16",
        api_commands,
        lambda quick: 3,
    ),
)
