"""The two entry points stay apart: the web pages never import the API and the API never
imports the web pages; what they share lives in ``problemorienterat.contracts``, which
imports neither of them nor Litestar.

Only the composition root, which mounts both in one application, may import both.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSITION = ROOT / "src" / "problemorienterat" / "composition.py"
CONTRACTS = ROOT / "src" / "problemorienterat" / "contracts"


def _composition_roots() -> set[Path]:
    """composition.py; until it exists, api/app.py composes the API with the web pages."""
    if COMPOSITION.exists():
        return {COMPOSITION}
    return {ROOT / "api" / "app.py"}


def _imported_packages(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute imports), at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def _imports_of(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name
        for name in _imported_packages(path)
        if any(name == top or name.startswith(f"{top}.") for top in forbidden)
    )


@pytest.mark.parametrize(
    ("package", "forbidden"), [("web", ("api",)), ("api", ("web",))], ids=["web", "api"]
)
def test_an_entry_point_does_not_import_the_other(package: str, forbidden: str) -> None:
    """No module of web/ imports api/ and no module of api/ imports web/ (the composition
    root excepted)."""
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no modules found under {package}/"
    offending = {
        str(path.relative_to(ROOT)): found
        for path in files
        if path not in _composition_roots() and (found := _imports_of(path, forbidden))
    }
    assert offending == {}


def test_the_contracts_import_no_entry_point_and_no_litestar() -> None:
    """The contracts are shared by both entry points, so they depend on neither, nor on the
    web framework (a refusal is a domain error each entry point answers its own way)."""
    files = sorted(CONTRACTS.rglob("*.py"))
    assert files
    offending = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := _imports_of(path, ("api", "web", "litestar")))
    }
    assert offending == {}


def test_the_check_finds_a_forbidden_import(tmp_path: Path) -> None:
    """The walk sees imports inside functions and ``import x.y`` forms too."""
    module = tmp_path / "page.py"
    module.write_text(
        "import json\ndef f() -> None:\n    from api.policy import READERS\n    import web.forms\n"
    )
    assert _imports_of(module, ("api",)) == ["api.policy"]
    assert _imports_of(module, ("web",)) == ["web.forms"]
