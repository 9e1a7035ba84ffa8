"""What imports what, between the layers of the code: a table, and a picture for the docs.

    python scripts/layers.py                      # the table: each arrow with its count
    python scripts/layers.py --svg docs/layers.svg  # and the picture

Imports are read from the source with ``ast`` (also those inside functions), so the table is
the code as it stands. A layer is a package or module named in ``LAYERS``; an arrow A -> B
means some module of A imports some module of B. Arrows not in ``ALLOWED`` are printed as
violations and make the exit status 1 (``tests/unit/test_layer_graph.py`` runs this check).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent

# (layer, module prefix), most specific first; the first match names a module's layer.
LAYERS: tuple[tuple[str, str], ...] = (
    ("composition", "problemorienterat.composition"),
    ("composition", "problemorienterat.server_memory"),
    ("composition", "problemorienterat.parent_watch"),
    ("cli", "problemorienterat.cli"),
    ("config", "problemorienterat.config"),
    ("demo", "problemorienterat.demo"),
    ("reminders", "problemorienterat.reminders"),
    ("contracts", "problemorienterat.contracts"),
    ("reports", "problemorienterat.reports"),
    ("labels", "problemorienterat.labels"),
    ("labels", "problemorienterat.formatting"),
    ("labels", "problemorienterat.history_text"),
    ("application", "problemorienterat.application"),
    ("infrastructure", "problemorienterat.infrastructure"),
    ("audit", "problemorienterat.audit"),
    ("domain", "problemorienterat.domain"),
    ("projections", "projections"),
    ("api", "api"),
    ("web", "web"),
)

# Rows of the picture, top to bottom: a layer imports only layers on lower rows (or beside it,
# where ALLOWED says so).
ROWS: tuple[tuple[str, ...], ...] = (
    ("composition", "cli"),
    ("api", "web", "demo", "reminders"),
    ("contracts", "projections", "reports"),
    ("application",),
    ("infrastructure", "audit"),
    ("labels", "config"),
    ("domain",),
)

ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        ("composition", layer)
        for layer in (
            "api",
            "web",
            "application",
            "projections",
            "config",
            "infrastructure",
            "reminders",
        )
    }
    | {
        ("cli", layer)
        for layer in (
            "composition",
            "application",
            "projections",
            "config",
            "demo",
            "reminders",
            "domain",
            "audit",
            "infrastructure",
            "contracts",
        )
    }
    | {
        (entry, layer)
        for entry in ("api", "web")
        for layer in (
            "contracts",
            "labels",
            "application",
            "projections",
            "reports",
            "domain",
            "audit",
            "config",
            "infrastructure",
        )
    }
    | {("demo", layer) for layer in ("application", "domain")}
    | {
        ("reminders", layer)
        for layer in ("application", "projections", "labels", "config", "domain", "infrastructure")
    }
    | {("contracts", layer) for layer in ("application", "domain")}
    | {("reports", layer) for layer in ("application", "audit", "labels", "domain")}
    | {("labels", "domain")}
    | {("projections", layer) for layer in ("domain", "infrastructure", "config")}
    | {("application", layer) for layer in ("infrastructure", "audit", "domain", "config")}
    | {("infrastructure", layer) for layer in ("audit", "domain", "config")}
    | {("audit", layer) for layer in ("domain", "labels", "infrastructure")}
)


def layer_of(module: str) -> str | None:
    for layer, prefix in LAYERS:
        if module == prefix or module.startswith(f"{prefix}."):
            return layer
    return None


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of the layers with its source file."""
    for base, prefix in ((ROOT / "src", ""), (ROOT, "")):
        for top in ("problemorienterat", "projections") if base.name == "src" else ("api", "web"):
            for path in sorted((base / top).rglob("*.py")):
                parts = path.relative_to(base).with_suffix("").parts
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                if parts == ("problemorienterat",):
                    continue  # the package's face: its version, nothing else
                yield prefix + ".".join(parts), path


def imported_names(module: str, path: Path) -> set[str]:
    """The absolute names of every module ``path`` imports, also inside functions (``from x
    import y`` gives x and x.y; relative imports are resolved against ``module``)."""
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def arrows() -> Counter[tuple[str, str]]:
    """How many modules of each layer import each other layer."""
    counted: Counter[tuple[str, str]] = Counter()
    for module, path in modules():
        source = layer_of(module)
        if source is None:
            continue
        targets = {layer_of(name) for name in imported_names(module, path)}
        for target in targets - {None, source}:
            counted[(source, target)] += 1  # type: ignore[index]
    return counted


def violations(counted: Counter[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(arrow for arrow in counted if arrow not in ALLOWED)


def svg(counted: Counter[tuple[str, str]]) -> str:
    width, box_w, box_h, row_gap = 900, 190, 44, 70
    place: dict[str, tuple[float, float]] = {}
    for row, layers in enumerate(ROWS):
        step = width / len(layers)
        for i, layer in enumerate(layers):
            place[layer] = (step * i + step / 2, 30 + row * (box_h + row_gap))
    height = 30 + len(ROWS) * (box_h + row_gap)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="14">',
        '<defs><marker id="a" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" '
        'refX="9" refY="5" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for (source, target), count in sorted(counted.items()):
        if source not in place or target not in place:
            continue
        (x1, y1), (x2, y2) = place[source], place[target]
        colour = "#555" if (source, target) in ALLOWED else "#c00"
        start_y = y1 + box_h if y2 > y1 else y1
        end_y = y2 if y2 > y1 else y2 + box_h
        if y1 == y2:
            start_y = end_y = y1 + box_h / 2
            x1 += box_w / 2 if x2 > x1 else -box_w / 2
            x2 -= box_w / 2 if x2 > x1 else -box_w / 2
        out.append(
            f'<line x1="{x1:.0f}" y1="{start_y:.0f}" x2="{x2:.0f}" y2="{end_y:.0f}" '
            f'stroke="{colour}" stroke-opacity="0.55" stroke-width="{1 + min(count, 20) / 6:.1f}" '
            'marker-end="url(#a)"><title>'
            f"{escape(source)} → {escape(target)}: {count} modules</title></line>"
        )
    for layer, (x, y) in place.items():
        out.append(
            f'<rect x="{x - box_w / 2:.0f}" y="{y:.0f}" width="{box_w}" height="{box_h}" '
            'rx="6" fill="#eef3fb" stroke="#2b4c7e"/>'
            f'<text x="{x:.0f}" y="{y + box_h / 2 + 5:.0f}" text-anchor="middle">'
            f"{escape(layer)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--svg", type=Path, help="write the picture here")
    options = parser.parse_args()
    counted = arrows()
    for (source, target), count in sorted(counted.items()):
        mark = "" if (source, target) in ALLOWED else "   NOT ALLOWED"
        print(f"{source:>15} -> {target:<15} {count:3} modules{mark}")
    if options.svg:
        options.svg.write_text(svg(counted), encoding="utf-8")
    bad = violations(counted)
    if bad:
        print(f"{len(bad)} arrows not allowed: " + ", ".join(f"{a} -> {b}" for a, b in bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
