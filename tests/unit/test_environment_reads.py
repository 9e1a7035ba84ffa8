"""The process environment is read in one place: ``problemorienterat.config.Settings``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "src" / "problemorienterat" / "config.py"
_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def _environment_uses(tree: ast.AST) -> list[int]:
    """Lines that touch ``os.environ``/``os.getenv`` (as attributes or imported names)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in _NAMES:
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            lines += [node.lineno for alias in node.names if alias.name in _NAMES]
    return lines


def test_only_the_settings_read_the_process_environment() -> None:
    """No module in src, api or web but config.py reads (or writes) the process environment:
    every setting has a field, a default and its documentation on ``Settings``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in ("src", "api", "web")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != CONFIG
        for line in _environment_uses(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_check_sees_an_environment_read() -> None:
    """The walk finds each way of reading the environment, so the test above can fail."""
    source = (
        "import os\nfrom os import getenv\n"
        "a = os.environ.get('X')\nb = os.getenv('Y')\nc = {**os.environ}\n"
    )
    assert sorted(_environment_uses(ast.parse(source))) == [2, 3, 4, 5]


def test_the_application_reads_group_commit_and_cache_size_from_the_settings(
    tmp_path: Path,
) -> None:
    """``GROUP_COMMIT`` and ``AGGREGATE_CACHE_SIZE`` reach the application through
    ``Settings.eventsourcing_env()``, not through the library's own look at the environment."""
    from problemorienterat.application import ProblemorienteratApp
    from problemorienterat.config import Settings

    settings = Settings(data_dir=tmp_path, group_commit=False, aggregate_cache_size=0)
    env = settings.eventsourcing_env()
    assert env["PROBLEMORIENTERAT_GROUP_COMMIT"] == "off"
    assert env["PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE"] == "0"
    application = ProblemorienteratApp.from_settings(settings)
    try:
        assert application.group_commit is None
        assert application.repository.cache is None
    finally:
        application.close()
