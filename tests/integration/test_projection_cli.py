"""The projection commands: status shows each view's position and lag; rebuild switches."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from problemorienterat.cli import cli

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PROBLEMORIENTERAT_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.delenv("PROBLEMORIENTERAT_DATABASE_URL", raising=False)


def test_rebuild_builds_a_new_generation_and_status_shows_it_caught_up(tmp_path: Path) -> None:
    """After `projections rebuild`, generation 2 of each view is active with no lag."""
    store = ["--data-dir", str(tmp_path)]
    assert runner.invoke(cli, ["demo", *store]).exit_code == 0
    empty = runner.invoke(cli, ["projections", "status", *store])
    assert empty.exit_code == 0, empty.output
    assert "Inga vyer" in empty.stdout

    for _ in range(2):
        rebuilt = runner.invoke(cli, ["projections", "rebuild", *store])
        assert rebuilt.exit_code == 0, rebuilt.output
    assert "problems: generation 2 är aktiv" in rebuilt.stdout

    status = runner.invoke(cli, ["projections", "status", *store])
    assert status.exit_code == 0, status.output
    lines = [line for line in status.stdout.splitlines() if "active" in line]
    assert len(lines) == 2
    assert all(line.split("│")[6].strip() == "0" for line in lines)


def test_rebuilding_an_unknown_view_names_the_ones_there_are(tmp_path: Path) -> None:
    """A wrong name ends with exit code 2 and the list of views."""
    result = runner.invoke(cli, ["projections", "rebuild", "nope", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "problems, plans" in result.stderr
