"""Run every registered benchmark on the chosen stores and write report.md and report.json.

    python -m bench [--quick] [--stores sqlite,postgres] [--out DIR]

To add benchmarks, write a module exposing ``BENCHMARKS`` (a tuple of
:class:`bench.harness.Benchmark`) and list it in :data:`MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from bench import machine
from bench.harness import Benchmark, Context, Result
from bench.report import fmt, write_reports
from bench.stores import DEFAULT_POSTGRES_URL, Store, StoreUnavailableError, open_store

# The registry: each module exposes BENCHMARKS. Later: bench.projections, bench.api,
# bench.verification, bench.encryption.
MODULES: tuple[str, ...] = (
    "bench.core",
    "bench.audit",
    "bench.encryption",
    "bench.projections",
    "bench.api",
    "bench.views",
    "bench.scale",
)

STORES = ("sqlite", "postgres")
DEFAULT_OUT = Path(__file__).resolve().parent / "results"


def registered_benchmarks(modules: tuple[str, ...] = MODULES) -> list[Benchmark]:
    found: list[Benchmark] = []
    for name in modules:
        found.extend(importlib.import_module(name).BENCHMARKS)
    keys = [b.key for b in found]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise SystemExit(f"benchmark keys registered twice: {sorted(duplicates)}")
    return found


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    parser.add_argument(
        "--stores",
        default=",".join(STORES),
        help="comma-separated stores to run on: sqlite,postgres (default: both)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="report directory (default: bench/results/)"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated benchmark keys to run (default: all)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="PostgreSQL server to create the run's database on (a user allowed to "
        "CREATE DATABASE; default: $BENCH_POSTGRES_URL or " + DEFAULT_POSTGRES_URL + ")",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    args.stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    unknown = [s for s in args.stores if s not in STORES]
    if unknown:
        parser.error(f"unknown store(s) {unknown}; choose from {', '.join(STORES)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    benchmarks = registered_benchmarks()
    if args.only:
        wanted = {k.strip() for k in args.only.split(",") if k.strip()}
        unknown = wanted - {b.key for b in benchmarks}
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {sorted(unknown)}")
        benchmarks = [b for b in benchmarks if b.key in wanted]
    if args.list:
        for b in benchmarks:
            print(f"{b.key}: {b.title} (stores: {', '.join(b.stores)})")
        return 0

    console = Console(stderr=True)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    command = " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)])
    report: dict[str, Any] = {
        "schema": 1,
        "command": command,
        "mode": "quick" if args.quick else "full",
        "started_at": started.isoformat(timespec="seconds"),
        "stores_requested": args.stores,
        "machine": machine.machine_facts(),
        "versions": machine.versions(),
        "stores": {},
        "results": [],
        "errors": [],
    }
    if "postgres" not in args.stores:
        report["versions"]["postgresql_server"] = "not measured (store not requested)"

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=args.no_progress,
        transient=False,
    ) as progress:
        for store_name in args.stores:
            _run_store(
                store_name,
                benchmarks,
                args=args,
                report=report,
                progress=progress,
                console=console,
            )

    report["machine"]["load_average_at_end"] = machine.load_average()
    report["duration_s"] = time.perf_counter() - clock
    md_path, json_path = write_reports(report, args.out)
    console.print(f"Wrote {md_path} and {json_path} in {report['duration_s']:.1f} s")
    for result in report["results"]:
        ratios = "; ".join(f"{r['label']} {fmt(r['of_medians'])}×" for r in result["ratios"])
        console.print(f"  {result['store']:>8}  {result['benchmark']}: {ratios}")
    for name, store in report["stores"].items():
        if store["status"] != "ok":
            console.print(f"  {name:>8}  skipped: {store['note']}")
    return 1 if report["errors"] else 0


def _run_store(
    store_name: str,
    benchmarks: list[Benchmark],
    *,
    args: argparse.Namespace,
    report: dict[str, Any],
    progress: Progress,
    console: Console,
) -> None:
    todo = [b for b in benchmarks if store_name in b.stores]
    try:
        store: Store = open_store(store_name, postgres_url=args.postgres_url)
    except StoreUnavailableError as exc:
        report["stores"][store_name] = {"status": "skipped", "note": str(exc), "facts": {}}
        if store_name == "postgres":
            report["versions"]["postgresql_server"] = "not measured (PostgreSQL skipped)"
        console.print(f"[yellow]Skipping {store_name}:[/yellow] {exc}")
        return
    if store_name == "postgres":
        report["versions"]["postgresql_server"] = getattr(store, "server_version", "unknown")
    try:
        for benchmark in todo:
            label = f"{store_name}: {benchmark.key}"
            task = progress.add_task(label, total=benchmark.steps(args.quick))
            ctx = Context(
                store=store,
                quick=args.quick,
                advance=_advancer(progress, task),
                status=_status_setter(progress, task, label),
            )
            clock = time.perf_counter()
            try:
                result: Result = benchmark.run(ctx)
            except Exception:
                report["errors"].append(
                    {
                        "benchmark": benchmark.key,
                        "store": store_name,
                        "traceback": traceback.format_exc(),
                    }
                )
                progress.update(task, description=f"{label} — [red]FAILED[/red]")
                continue
            result.elapsed_s = time.perf_counter() - clock
            report["results"].append(result.to_json())
            progress.update(task, description=f"{label} — done")
        report["stores"][store_name] = {"status": "ok", "note": "", "facts": store.facts()}
    finally:
        store.close()


def _advancer(progress: Progress, task: Any) -> Callable[[int], None]:
    """Move ``task``'s bar on by ``n`` steps."""

    def advance(n: int) -> None:
        progress.advance(task, n)

    return advance


def _status_setter(progress: Progress, task: Any, label: str) -> Callable[[str], None]:
    """Show what ``task`` is doing now after its label."""

    def status(text: str) -> None:
        progress.update(task, description=f"{label} — {text}")

    return status


if __name__ == "__main__":
    sys.exit(main())
