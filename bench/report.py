"""Write a run's report as ``report.json`` (everything, samples included) and ``report.md``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_reports(report: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "report.json"
    md_path = out_dir / "report.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return md_path, json_path


def fmt(value: float | None) -> str:
    """A number with about three significant digits (thousands separated)."""
    if value is None:
        return "–"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:#.3g}"


def render_markdown(report: dict[str, Any]) -> str:
    lines: list[str] = []
    add = lines.append
    add("# Problemorienterat benchmarks")
    add("")
    add(f"- Command: `{report['command']}`")
    add(f"- Mode: {report['mode']}")
    add(f"- Started: {report['started_at']} — took {report['duration_s']:.1f} s")
    add(f"- Stores: {', '.join(report['stores_requested'])}")
    add("")
    add(
        "Every figure is the median over the rounds, with its spread: p10–p90, min–max and "
        "the interquartile range (IQR). Variants compared were measured interleaved in the "
        "same run (one sample of each per round, order alternating AB, BA, ...; one warm-up "
        "round discarded; a garbage collection before each sample). Ratios are computed from "
        "those side-by-side numbers: the ratio of the medians, and the median [p10–p90] of "
        "the per-round ratios. Timing uses `time.perf_counter`."
    )
    add("")

    summary = _summary_rows(report)
    if summary:
        add("## Summary")
        add("")
        add("| Benchmark | Store | Result |")
        add("|---|---|---|")
        lines.extend(summary)
        add("")

    _render_table("Machine", report["machine"], add)
    _render_table("Versions", report["versions"], add)
    add("## Stores")
    add("")
    for name, store in report["stores"].items():
        if store["status"] == "ok":
            facts = ", ".join(f"{k}: {_cell(v)}" for k, v in store["facts"].items())
            add(f"- **{name}**: {facts}")
        else:
            add(f"- **{name}**: {store['status'].upper()} — {store['note']}")
    add("")

    by_benchmark: dict[str, list[dict[str, Any]]] = {}
    for result in report["results"]:
        by_benchmark.setdefault(result["benchmark"], []).append(result)
    for results in by_benchmark.values():
        _render_benchmark(results, add)

    if report["errors"]:
        add("## Errors")
        add("")
        for error in report["errors"]:
            add(f"### {error['benchmark']} on {error['store']}")
            add("")
            add("```")
            add(error["traceback"].rstrip())
            add("```")
            add("")
    return "\n".join(lines).rstrip() + "\n"


def _render_table(title: str, facts: dict[str, Any], add: Any) -> None:
    add(f"## {title}")
    add("")
    add("| | |")
    add("|---|---|")
    for key, value in facts.items():
        add(f"| {key} | {_cell(value)} |")
    add("")


def _render_benchmark(results: list[dict[str, Any]], add: Any) -> None:
    first = results[0]
    add(f"## {first['title']}")
    add("")
    add(first["method"])
    add("")
    add("Variants:")
    add("")
    for v in first["variants"]:
        add(f"- **{v['label']}** — {v['description']}.")
    add("")
    add(f"Parameters: {', '.join(f'{k}={v}' for k, v in first['params'].items())}.")
    add("")
    for result in results:
        add(f"### {result['store']}  ({result['elapsed_s']:.1f} s)")
        add("")
        add("| Variant | Median | p10 | p90 | min | max | IQR | n | Unit |")
        add("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for v in result["variants"]:
            s = v["summary"]
            better = "higher is better" if v["higher_is_better"] else "lower is better"
            add(
                f"| {v['label']} | **{fmt(s['median'])}** | {fmt(s['p10'])} | {fmt(s['p90'])} | "
                f"{fmt(s['min'])} | {fmt(s['max'])} | {fmt(s['iqr'])} | {s['n']} | "
                f"{v['unit']} ({better}) |"
            )
        add("")
        if result["ratios"]:
            add("| Ratio | of medians | per round: median [p10–p90] |")
            add("|---|---:|---:|")
            for r in result["ratios"]:
                paired = r["per_round"]
                per_round = (
                    f"{fmt(paired['median'])} [{fmt(paired['p10'])}–{fmt(paired['p90'])}]"
                    if paired
                    else "–"
                )
                add(f"| {r['label']} | **{fmt(r['of_medians'])}×** | {per_round} |")
            add("")
        for check in result["checks"]:
            add(f"- ✓ {check}")
        for note in result["notes"]:
            add(f"- Note: {note}")
        if result["checks"] or result["notes"]:
            add("")


def _summary_rows(report: dict[str, Any]) -> list[str]:
    rows = []
    for result in report["results"]:
        parts = []
        for v in result["variants"]:
            parts.append(f"{v['label']}: {fmt(v['summary']['median'])} {v['unit']}")
        for r in result["ratios"]:
            parts.append(f"{r['label']}: {fmt(r['of_medians'])}×")
        rows.append(f"| {result['title']} | {result['store']} | {'; '.join(parts)} |")
    for name, store in report["stores"].items():
        if store["status"] != "ok":
            rows.append(f"| (all) | {name} | skipped: {store['note']} |")
    return rows


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value).replace("|", "\\|")
