"""``serve --workers N``: several API processes and a projection worker on one PostgreSQL
database lose no concurrent update; on SQLite more than one worker is refused."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest
from support import TEST_ENCRYPTION_KEY
from typer.testing import CliRunner
from world import build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.cli import cli
from problemorienterat.config import Settings

ROOT = Path(__file__).resolve().parents[2]
CLIENTS, COMMANDS_EACH = 6, 8


def test_more_than_one_worker_on_sqlite_is_refused(tmp_path: Path) -> None:
    """SQLite is written by one process: --workers 2 ends with a message naming PostgreSQL."""
    result = CliRunner().invoke(cli, ["serve", "--workers", "2", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Served(NamedTuple):
    base: str
    tokens: dict[str, str]
    reference: str
    process: subprocess.Popen[bytes]


@pytest.fixture
def served(postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """Two API processes and one projection worker on a fresh PostgreSQL schema."""
    monkeypatch.setenv("PROBLEMORIENTERAT_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY)
    settings = Settings(data_dir=tmp_path, database_url=postgres_url)
    application = ProblemorienteratApp.from_settings(settings)
    world = build_world(application)
    application.close()
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE": "0",
    }
    server = subprocess.Popen(  # noqa: S603 - our own CLI
        [
            sys.executable,
            "-c",
            "from problemorienterat.cli import main; main()",
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            "--database-url",
            postgres_url,
            "--data-dir",
            str(tmp_path),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the workers did not start")
        yield Served(base, world.tokens, world.scopes["own"].reference, server)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=20)


@pytest.mark.postgres
def test_two_api_processes_lose_no_concurrent_update(served: Served) -> None:
    """Clients write the same problem through both processes at once, retrying 409s: every
    2xx answer is one event in the problem's history, and nothing else is."""
    base, tokens, reference, _ = served
    path = f"{base}/api/v1/problems/{reference}"

    def client(number: int) -> int:
        accepted = 0
        with httpx.Client(headers={"Authorization": f"Bearer {tokens['member']}"}) as http:
            for i in range(COMMANDS_EACH):
                body = {"organisation": "kommun", "partner": f"klient {number}", "hours": i + 1}
                for _attempt in range(50):
                    answer = http.post(f"{path}/efforts", json=body, timeout=10)
                    if answer.status_code == 200:
                        accepted += 1
                        break
                    assert answer.status_code == 409, answer.text
        return accepted

    with ThreadPoolExecutor(CLIENTS) as pool:
        accepted = sum(pool.map(client, range(CLIENTS)))
    assert accepted == CLIENTS * COMMANDS_EACH
    history = httpx.get(
        f"{path}/history", headers={"Authorization": f"Bearer {tokens['bra']}"}, timeout=10
    ).json()
    efforts = [e for e in history if e["event"] == "EffortRecorded"]
    assert len(efforts) == accepted
    assert [e["version"] for e in history] == list(range(1, len(history) + 1))


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces: the fields after its closing parenthesis.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.postgres
def test_the_workers_end_when_serve_is_killed(served: Served) -> None:
    """``kill -9`` of ``serve --workers 2`` leaves no worker and no projection worker
    serving: they notice their parent is gone and stop, so the port is free for a restart."""
    children = _children(served.process.pid)
    assert len(children) >= 3, children  # two API workers and the projection worker
    served.process.kill()
    served.process.wait(timeout=10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{served.base}/health", timeout=1)
