"""The layers keep apart: the use cases and the domain never import a store's driver or the
library's store modules (those live in ``problemorienterat.infrastructure``), and the domain
imports nothing from the layers above it. Imports are read from the source with ``ast``, so
an import added anywhere in a module (also inside a function) fails the test, naming it."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest
from layer_script import layers

import problemorienterat.application
import problemorienterat.domain

STORE_MODULES = ("sqlite3", "psycopg", "eventsourcing.sqlite", "eventsourcing.postgres")
ABOVE_DOMAIN = (
    *(f"problemorienterat.{layer}" for layer in ("application", "infrastructure", "api", "web")),
    "projections",
    "api",
    "web",
)


def _modules(package: object) -> list[tuple[str, Path]]:
    """Every module of ``package`` (recursively) with its source file."""
    found = []
    root = Path(package.__file__).parent  # type: ignore[attr-defined]
    name = package.__name__  # type: ignore[attr-defined]
    found.append((name, root / "__init__.py"))
    for info in pkgutil.walk_packages([str(root)], prefix=f"{name}."):
        relative = info.name.removeprefix(f"{name}.").replace(".", "/")
        path = root / (f"{relative}/__init__.py" if info.ispkg else f"{relative}.py")
        found.append((info.name, path))
    return found


imported_names = layers.imported_names


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in prefixes)


USE_CASE_MODULES = _modules(problemorienterat.application) + _modules(problemorienterat.domain)
DOMAIN_MODULES = _modules(problemorienterat.domain)


@pytest.mark.parametrize(("module", "path"), USE_CASE_MODULES, ids=[m for m, _ in USE_CASE_MODULES])
def test_use_cases_and_domain_import_no_store_module(module: str, path: Path) -> None:
    """No module of the application or the domain imports sqlite3, psycopg,
    eventsourcing.sqlite or eventsourcing.postgres."""
    found = sorted(n for n in imported_names(module, path) if _under(n, STORE_MODULES))
    assert not found, f"{module} imports {', '.join(found)}: that belongs in infrastructure"


@pytest.mark.parametrize(("module", "path"), DOMAIN_MODULES, ids=[m for m, _ in DOMAIN_MODULES])
def test_the_domain_imports_no_layer_above_it(module: str, path: Path) -> None:
    """The domain imports nothing from application, infrastructure, api, web or projections."""
    found = sorted(n for n in imported_names(module, path) if _under(n, ABOVE_DOMAIN))
    assert not found, f"{module} imports {', '.join(found)}"


def test_the_import_reader_sees_every_form_of_import(tmp_path: Path) -> None:
    """The check would catch a store import however it is written."""
    source = tmp_path / "mod.py"
    source.write_text(
        "import sqlite3 as s\nfrom psycopg import sql\n"
        "def f():\n    from eventsourcing import postgres\n    from ..infrastructure import x\n",
        encoding="utf-8",
    )
    names = imported_names("problemorienterat.application.mod", source)
    expected = {"sqlite3", "psycopg", "eventsourcing.postgres"}
    expected.add("problemorienterat.infrastructure.x")
    assert expected <= names
