"""Smoke test of the benchmark suite: ``python -m bench --quick`` on SQLite writes its reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AUDIT_BENCHMARKS = ("verify_chain_100k", "state_as_of_time", "chaining_overhead")


def test_quick_benchmark_run_writes_both_reports(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")) if p
    )
    # A PostgreSQL nobody listens on: that store must be skipped with a note, not crash.
    command = [
        sys.executable,
        "-m",
        "bench",
        "--quick",
        "--stores",
        "sqlite,postgres",
        "--postgres-url",
        "postgresql://postgres@127.0.0.1:1/postgres",
        "--out",
        str(tmp_path),
        "--no-progress",
    ]
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr

    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")

    assert report["mode"] == "quick"
    assert report["errors"] == []
    assert report["machine"]["cpu_count"] >= 1
    assert report["machine"]["cpu_model"]
    for key in ("eventsourcing", "problemorienterat", "psycopg", "sqlite_library"):
        assert report["versions"][key]
    assert report["stores"]["sqlite"]["status"] == "ok"
    assert report["stores"]["sqlite"]["facts"]["journal_mode"] == "wal"
    assert report["stores"]["postgres"]["status"] == "skipped"
    assert "not reachable" in report["stores"]["postgres"]["note"]

    results = {(r["benchmark"], r["store"]): r for r in report["results"]}
    assert {store for _, store in results} == {"sqlite"}
    expected = {"use_case_vs_raw_save", "load_1000_events", *AUDIT_BENCHMARKS}
    assert {(key, "sqlite") for key in expected} <= set(results)
    for result in results.values():
        for variant in result["variants"]:
            summary = variant["summary"]
            assert summary["n"] == len(variant["samples"]) >= 3
            assert summary["p10"] <= summary["median"] <= summary["p90"]
            assert summary["median"] > 0
            assert variant["unit"]
        for ratio in result["ratios"]:
            assert ratio["of_medians"] > 0
            assert ratio["per_round"]["n"] >= 3

    use_cases = results[("use_case_vs_raw_save", "sqlite")]
    assert {v["key"] for v in use_cases["variants"]} == {"service", "raw"}
    loads = results[("load_1000_events", "sqlite")]
    speedup = next(r for r in loads["ratios"] if r["key"] == "speedup")
    assert speedup["of_medians"] > 1  # a snapshot load beats replaying every event

    verify = results[("verify_chain_100k", "sqlite")]
    assert {v["key"] for v in verify["variants"]} == {"verify", "read"}
    assert any("chain intact" in check for check in verify["checks"])
    as_of = results[("state_as_of_time", "sqlite")]
    assert {v["key"] for v in as_of["variants"]} == {"at_time", "at_version", "current"}
    assert any(note.startswith("p99") for note in as_of["notes"])
    overhead = results[("chaining_overhead", "sqlite")]
    assert {v["key"] for v in overhead["variants"]} == {"chained", "plain"}

    for text in ("## Machine", "## Versions", "ops/s", "ms/load", "service / raw", "speed-up"):
        assert text in markdown
    for text in ("events/s", "ms/call", "verify / read", "as of a time", "chained / plain"):
        assert text in markdown
    assert "SKIPPED" in markdown
