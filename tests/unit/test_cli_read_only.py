"""The command line on a store that cannot write: `verify` checks a read-only copy without
creating anything in it; a command that must write says so in one line with exit code 2."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from problemorienterat.cli import cli

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PROBLEMORIENTERAT_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.delenv("PROBLEMORIENTERAT_DATABASE_URL", raising=False)


@pytest.fixture(name="store")
def store_fixture(tmp_path: Path) -> Path:
    """A data directory with a few events in its SQLite file."""
    add = ["municipalities", "add", "1882", "--name", "Kungsör", "--prefix", "KUN"]
    assert runner.invoke(cli, [*add, "--data-dir", str(tmp_path)]).exit_code == 0
    return tmp_path


def _tables(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return sorted(r[0] for r in connection.execute("SELECT name FROM sqlite_master"))


def _read_only_url(store: Path) -> str:
    return f"sqlite:///{store / 'problemorienterat.db'}?mode=ro"


def test_verify_checks_a_read_only_copy_and_creates_nothing_in_it(store: Path) -> None:
    db = store / "problemorienterat.db"
    with sqlite3.connect(db) as connection:  # a copy made before the metadata index existed
        connection.execute("DROP TABLE stored_events_index")
    before = _tables(db), db.read_bytes()
    result = runner.invoke(
        cli, ["verify", "--data-dir", str(store), "--database-url", _read_only_url(store)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("intact, 2 events")
    assert (_tables(db), db.read_bytes()) == before


@pytest.mark.parametrize(
    "command",
    [
        ["municipalities", "add", "1884", "--name", "Arboga", "--prefix", "ARB"],
        ["checkpoint"],
    ],
)
def test_a_command_that_writes_on_a_read_only_store_says_so_in_one_line(
    store: Path, command: list[str]
) -> None:
    result = runner.invoke(
        cli, [*command, "--data-dir", str(store), "--database-url", _read_only_url(store)]
    )
    assert result.exit_code == 2, result.output
    # (checkpoint first announces the signing key it made)
    assert result.stderr.splitlines()[-1].startswith("Databasen kan inte skriva")
    assert "skrivskyddad" in result.stderr
    assert "Traceback" not in result.output


def test_serve_on_a_read_only_store_says_so_in_one_line(store: Path) -> None:
    """The views make their tables on start: serving needs a store that can write."""
    served = subprocess.run(  # noqa: S603 - our own interpreter
        [
            sys.executable, "-c", "from problemorienterat.cli import main; main()",
            "serve", "--port", "0",
            "--data-dir", str(store), "--database-url", _read_only_url(store),
        ],
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}, cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert served.returncode == 2, served.stderr
    assert served.stderr.count("\n") == 1
    assert "skrivskyddad" in served.stderr


def test_verify_on_a_store_without_tables_says_so_in_one_line(tmp_path: Path) -> None:
    """verify creates nothing, so an empty store has no chain to check: one line, exit 2."""
    result = runner.invoke(cli, ["verify", "--data-dir", str(tmp_path / "empty")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Databasen saknar Problemorienterats tabeller")
    assert result.stderr.count("\n") == 1
