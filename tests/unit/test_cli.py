"""The command line: every command on the store --data-dir / --database-url name."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from problemorienterat.cli import cli

ROOT = Path(__file__).resolve().parents[2]
TOKENS_FILE = "demo-tokens.txt"  # in the data directory

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch the user's real data directory or database."""
    monkeypatch.setenv("PROBLEMORIENTERAT_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.delenv("PROBLEMORIENTERAT_DATABASE_URL", raising=False)


def test_demo_loads_into_the_data_dir_and_a_second_demo_refuses(tmp_path: Path) -> None:
    """The demo goes into --data-dir; run again, it changes nothing and exits non-zero."""
    first = runner.invoke(cli, ["demo", "--data-dir", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert "Demodata inlagd" in first.stdout
    assert "Demotokens för webbgränssnittet" in first.stdout
    token_lines = [
        line for line in (tmp_path / TOKENS_FILE).read_text().splitlines() if "roll " in line
    ]
    assert [line.split("roll ")[1].split(")")[0] for line in token_lines] == [
        "bra",
        "member",
        "auditor",
    ]
    assert (tmp_path / "problemorienterat.db").is_file()

    second = runner.invoke(cli, ["demo", "--data-dir", str(tmp_path)])
    assert second.exit_code == 1
    assert "finns redan" in second.stderr
    assert "Traceback" not in second.output


def test_demo_tokens_are_shown_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the demo users' tokens are printed, and no file is written."""
    monkeypatch.setattr("problemorienterat.cli.demo.on_terminal", lambda: True)
    result = runner.invoke(cli, ["demo", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len([line for line in result.stdout.splitlines() if "roll " in line]) == 3
    assert not (tmp_path / TOKENS_FILE).exists()


def _cli(*arguments: str, **popen: Any) -> subprocess.Popen[str]:
    """The installed command line as a process of its own, its stdout a pipe (not a TTY)."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    return subprocess.Popen(  # noqa: S603 - our own CLI
        [sys.executable, "-c", "from problemorienterat.cli import main; main()", *arguments],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def _tokens_in(path: Path) -> list[str]:
    """The tokens of a demo token file (each line ``  name (title, roll r): token``)."""
    return [line.rsplit(": ", 1)[1] for line in path.read_text().splitlines() if "roll " in line]


def _assert_tokens_only_in_the_file(stdout: str, data_dir: Path) -> None:
    path = data_dir / TOKENS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    tokens = _tokens_in(path)
    assert len(tokens) == 3
    for token in tokens:
        assert token not in stdout
    assert "roll " not in stdout
    assert str(path) in stdout


def test_demo_writes_the_tokens_to_a_private_file_when_output_is_logged(tmp_path: Path) -> None:
    """``demo`` with stdout not a terminal (a service's log) prints no token: the tokens go
    to ``demo-tokens.txt`` in the data directory, mode 0600, and stdout says where."""
    process = _cli("demo", "--data-dir", str(tmp_path))
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    _assert_tokens_only_in_the_file(stdout + stderr, tmp_path)


def test_serve_demo_writes_the_tokens_to_a_private_file_when_output_is_logged(
    tmp_path: Path,
) -> None:
    """``serve --demo`` under a service manager (stdout not a terminal) logs no token."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = _cli("serve", "--demo", "--port", str(port), "--data-dir", str(tmp_path))
    try:
        assert process.stdout is not None
        seen: list[str] = []
        for line in process.stdout:
            seen.append(line)
            if "svarar på" in line:
                break
    finally:
        process.terminate()
        rest, stderr = process.communicate(timeout=30)
    _assert_tokens_only_in_the_file("".join(seen) + rest + stderr, tmp_path)


def test_municipalities_added_are_listed(tmp_path: Path) -> None:
    """A municipality registered with `municipalities add` appears in `municipalities list`."""
    added = runner.invoke(
        cli,
        [
            "municipalities", "add", "1980",
            "--name", "Västerås", "--prefix", "VÄS", "--police-area", "Västerås",
            "--data-dir", str(tmp_path),
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Registrerade Västerås (1980)" in added.stdout

    listed = runner.invoke(cli, ["municipalities", "list", "--data-dir", str(tmp_path)])
    assert listed.exit_code == 0, listed.output
    assert "1980" in listed.stdout
    assert "VÄS" in listed.stdout


def test_listing_an_empty_store_says_so(tmp_path: Path) -> None:
    """Listing before anything is registered answers in words, not with an empty table."""
    result = runner.invoke(cli, ["municipalities", "list", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "Inga kommuner" in result.stdout


def test_environment_names_the_data_dir_when_no_option_is_given(tmp_path: Path) -> None:
    """Without --data-dir the store lives in PROBLEMORIENTERAT_DATA_DIR."""
    result = runner.invoke(
        cli, ["municipalities", "add", "1882", "--name", "Kungsör", "--prefix", "KUN"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-env" / "problemorienterat.db").is_file()


def test_database_url_option_chooses_the_store(tmp_path: Path) -> None:
    """--database-url wins over the default file in the data directory."""
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    add = ["municipalities", "add", "1882", "--name", "Kungsör", "--prefix", "KUN"]
    assert runner.invoke(cli, [*add, "--database-url", url]).exit_code == 0

    elsewhere = runner.invoke(cli, ["municipalities", "list", "--database-url", url])
    default = runner.invoke(cli, ["municipalities", "list"])
    assert "Kungsör" in elsewhere.stdout
    assert "Inga kommuner" in default.stdout


def test_a_broken_rule_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    """A domain error is one line on stderr and exit code 2, never a traceback (once the
    first start has announced the new encryption key)."""
    first_start = runner.invoke(cli, ["municipalities", "list", "--data-dir", str(tmp_path)])
    assert "encryption.key" in first_start.stderr
    result = runner.invoke(
        cli,
        [
            "municipalities",
            "add",
            "18",
            "--name",
            "X",
            "--prefix",
            "XX",
            "--data-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Fel: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_second_registration_of_the_same_prefix_is_refused(tmp_path: Path) -> None:
    """Reference prefixes are unique: the second municipality with KUN is refused with exit 2."""
    add = ["municipalities", "add", "--prefix", "KUN", "--data-dir", str(tmp_path)]
    assert runner.invoke(cli, [*add, "1882", "--name", "Kungsör"]).exit_code == 0
    second = runner.invoke(cli, [*add, "1884", "--name", "Arboga"])
    assert second.exit_code == 2
    assert "KUN" in second.stderr


def test_an_unusable_database_url_exits_2(tmp_path: Path) -> None:
    """A database URL of an unsupported kind is a configuration error, exit 2."""
    result = runner.invoke(cli, ["municipalities", "list", "--database-url", "mysql://db/x"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Inställningsfel: ")
    assert "Traceback" not in result.output


def test_version_shows_the_store_without_its_password() -> None:
    """`version` tells which store the options name, with any password masked."""
    result = runner.invoke(
        cli, ["version", "--database-url", "postgresql://app:hemligt@db.example:5432/po"]
    )
    assert result.exit_code == 0
    assert "problemorienterat 0.1.0" in result.stdout
    assert "postgresql://app:***@db.example:5432/po" in result.stdout
    assert "hemligt" not in result.stdout
