"""Draw the scale curves of a report (``scale_curves``) as SVG: x = municipalities in the
store (a log scale), y = p99 latency or time, one line per read.

    PYTHONPATH=src:. .venv/bin/python -m bench.curves bench/results/report.json docs/scale

writes, for every store in the report, ``docs/scale-<store>-views.svg`` and ``-pages.svg``
(p99 ms, with the aims), ``-operations.svg`` (rebuild, the library's read-and-decode, full
and incremental verify: s) and ``-long-case.svg`` (export and as-of of the long case, a
command at 16 clients: p99 ms).
"""

from __future__ import annotations

import json
import math
import re
import statistics
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 760, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 250, 40, 50
COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39",
)  # fmt: skip
_KEY = re.compile(r"^(?P<read>.+)_(?P<size>\d+)$")


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[int, float], ...]  # (municipalities, value)


def p99(samples: list[float]) -> float:
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


def lines_of(result: dict[str, Any], reads: tuple[str, ...], value: str) -> list[Line]:
    """One line per read key prefix in ``reads``: its p99 (``value="p99"``) or median."""
    found: dict[str, dict[int, float]] = {}
    labels: dict[str, str] = {}
    for variant in result["variants"]:
        match = _KEY.match(variant["key"])
        if match is None or match["read"] not in reads:
            continue
        samples = variant["samples"]
        found.setdefault(match["read"], {})[int(match["size"])] = (
            p99(samples) if value == "p99" else statistics.median(samples)
        )
        labels[match["read"]] = variant["label"].rsplit(",", 1)[0]
    return [
        Line(labels[read], tuple(sorted(found[read].items()))) for read in reads if read in found
    ]


def svg(title: str, unit: str, lines: list[Line], aim: float | None = None) -> str:
    """A line chart: log x (sizes), linear y from 0."""
    sizes = sorted({x for line in lines for x, _ in line.points})
    top = max([y for line in lines for _, y in line.points] + [aim or 0]) * 1.1 or 1.0
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    low, high = math.log10(sizes[0]), math.log10(sizes[-1])

    def x_of(size: int) -> float:
        return LEFT + (span_x * (math.log10(size) - low) / (high - low) if high > low else 0)

    def y_of(value: float) -> float:
        return TOP + span_y * (1 - value / top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i in range(6):
        value = top * i / 5
        y = y_of(value)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:.3g}</text>'
        )
    for size in sizes:
        x = x_of(size)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="#eee"/>'
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{size}</text>'
        )
    out.append(
        f'<text x="{LEFT + span_x / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
        "municipalities in the store (ten years of history each)</text>"
        f'<text x="16" y="{TOP + span_y / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {TOP + span_y / 2:.1f})">{escape(unit)}</text>'
    )
    if aim is not None:
        y = y_of(aim)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#c00" stroke-dasharray="6 4"/><text x="{WIDTH - RIGHT - 4}" '
            f'y="{y - 4:.1f}" text-anchor="end" fill="#c00">aim {aim:g}</text>'
        )
    for n, line in enumerate(lines):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x_of(x):.1f},{y_of(y):.1f}" for x, y in line.points)
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out.extend(
            f'<circle cx="{x_of(x):.1f}" cy="{y_of(y):.1f}" r="3" fill="{colour}">'
            f"<title>{escape(line.label)}: {y:.3g} {escape(unit)} at {x}</title></circle>"
            for x, y in line.points
        )
        legend_y = TOP + 16 * n
        out.append(
            f'<rect x="{WIDTH - RIGHT + 12}" y="{legend_y - 9}" width="12" height="4" '
            f'fill="{colour}"/><text x="{WIDTH - RIGHT + 30}" y="{legend_y}">'
            f"{escape(line.label)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


VIEWS = ("view_overview", "view_index", "view_index_filtered", "view_board", "view_follow_up")
PAGES = (
    "page_overview", "page_list", "page_search", "page_case", "page_board", "page_promise",
    "page_history", "page_member_list",
)  # fmt: skip
OPERATIONS_MS = ("export_ms", "as_of_ms")
MEASURED_S = (
    ("rebuild_s", "rebuild of every view"),
    ("library_s", "library: read and decode the log"),
    ("verify_s", "full verify"),
    ("incremental_s", "verify from the last checkpoint"),
)


MEASURED_MS = (
    ("commands_p50_ms", "command, 1 process, p50"),
    ("commands_p99_ms", "command, 1 process, p99"),
    ("commands_p50_ms_2w", "command, 2 processes, p50"),
    ("commands_p99_ms_2w", "command, 2 processes, p99"),
)


def measured_lines(
    result: dict[str, Any], keys: tuple[tuple[str, str], ...] = MEASURED_S
) -> list[Line]:
    """What was measured once per size (``params.measured``)."""
    measured = result["params"].get("measured", {})
    return [
        Line(label, tuple(sorted((int(size), m[key]) for size, m in measured.items() if key in m)))
        for key, label in keys
    ]


def main(argv: list[str]) -> None:
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    prefix = Path(argv[1])
    for result in report["results"]:
        if result["benchmark"] != "scale_curves":
            continue
        store = result["store"]
        charts = {
            "views": svg(
                f"Views through the API, p99 ({store})",
                "ms (p99)",
                lines_of(result, VIEWS, "p99"),
                aim=20.0,
            ),
            "pages": svg(
                f"Web pages through HTTP, p99 ({store})",
                "ms (p99)",
                lines_of(result, PAGES, "p99"),
                aim=50.0,
            ),
            "operations": svg(f"Rebuild and verify ({store})", "s", measured_lines(result)),
            "long-case": svg(
                f"Export and as-of of the long case, commands at 16 clients ({store})",
                "ms (p99)",
                lines_of(result, OPERATIONS_MS, "p99") + measured_lines(result, MEASURED_MS),
            ),
        }
        for name, drawing in charts.items():
            path = prefix.with_name(f"{prefix.name}-{store}-{name}.svg")
            path.write_text(drawing, encoding="utf-8")
            print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
