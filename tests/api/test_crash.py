"""Crash: clients stream commands, the server is killed with SIGKILL at a random moment and
restarted. Every command that was answered 2xx is in the store (its retry under the same
Idempotency-Key gets the same answer and records nothing), no case is half-written, and the
views the restarted server catches up on equal a clean rebuild of them."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from projection_history import assert_same_as_clean_replay
from world import YEAR, World, build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from projections import ProjectionService

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """``problemorienterat serve`` on an SQLite file, as a process of its own."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE": "0",
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own CLI
            [
                sys.executable,
                "-c",
                "from problemorienterat.cli import main; main()",
                "serve",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        pytest.fail("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[tuple[World, Server]]:
    application = ProblemorienteratApp.from_settings(Settings(data_dir=tmp_path))
    world = build_world(application)
    application.close()
    server = Server(tmp_path)
    yield world, server
    server.stop()


def _command(world: World, client: int, number: int) -> tuple[str, dict[str, Any]]:
    """Alternately an effort on the shared problem and a new problem of the group."""
    own = world.scopes["own"]
    if number % 2:
        return f"/api/v1/problems/{own.reference}/efforts", {
            "organisation": "kommun",
            "partner": "Fritid",
            "hours": 1,
            "note": f"c{client}-n{number}",
        }
    return "/api/v1/problems", {
        "municipality": "1882",
        "title": f"Problem c{client}-n{number}",
        "description": "Återkommande.",
        "place": "Torget",
        "source": "complaint",
        "reported_by": "Boende",
        "group_id": str(own.group_id),
        "year": YEAR,
    }


def test_every_answered_command_survives_a_sigkill(
    installation: tuple[World, Server],
) -> None:
    """Kill -9 mid-stream, restart: all 2xx commands are stored exactly once, every case
    loads with contiguous versions, the reference counter matches the problems, and the views
    the restarted server brings up to date from where the killed one left them hold exactly
    the rows a full rebuild into a fresh generation gives."""
    world, server = installation
    server.start()
    answered: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int) -> None:
        headers = {"Authorization": f"Bearer {world.tokens['member']}"}
        with httpx.Client(base_url=server.base, headers=headers, timeout=5) as http:
            for i in range(10_000):
                if stop.is_set():
                    return
                path, body = _command(world, number, i)
                key = f"crash-{number}-{i}"
                try:
                    answer = http.post(path, json=body, headers={"Idempotency-Key": key})
                except httpx.HTTPError:
                    return
                if answer.status_code in (200, 201):
                    with lock:
                        answered[key] = (path, body, answer.json())
                else:
                    assert answer.status_code in (409, 429), answer.text

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(client, n) for n in range(CLIENTS)]
        time.sleep(random.uniform(0.5, 1.5))  # noqa: S311 - a random moment, not a secret
        server.kill()
        stop.set()
        for future in futures:
            future.result()
    assert answered, "no command was answered before the kill"

    server.start()
    headers = {"Authorization": f"Bearer {world.tokens['member']}"}
    with httpx.Client(base_url=server.base, headers=headers, timeout=10) as http:
        shared = f"/api/v1/problems/{world.scopes['own'].reference}"
        before = http.get(shared).json()["version"]
        for key, (path, body, first) in answered.items():
            retry = http.post(path, json=body, headers={"Idempotency-Key": key})
            assert retry.status_code in (200, 201), retry.text
            assert retry.json() == first, key
        assert http.get(shared).json()["version"] == before  # the retries recorded nothing
        history = http.get(
            f"{shared}/history", headers={"Authorization": f"Bearer {world.tokens['bra']}"}
        ).json()
        assert [e["version"] for e in history] == list(range(1, len(history) + 1))
        notes = [e["facts"]["effort"]["note"] for e in history if e["event"] == "EffortRecorded"]
        answered_notes = [b["note"] for p, b, _ in answered.values() if "note" in b]
        assert len(notes) == len(set(notes))
        assert set(answered_notes) <= set(notes)
        number = 1
        bra = {"Authorization": f"Bearer {world.tokens['bra']}"}
        while http.get(f"/api/v1/problems/KUN-{YEAR}-{number:04d}", headers=bra).status_code == 200:
            number += 1
        created = sum(1 for p, _, _ in answered.values() if p == "/api/v1/problems")
        assert number - 1 >= created + 2  # the world's own two, and every answered one

    # The restarted server's runner carried on from the position the killed one had stored;
    # once it has applied the whole log, its views must equal a clean rebuild.
    application = ProblemorienteratApp.from_settings(Settings(data_dir=server.data_dir))
    try:
        head = application.recorder.max_notification_id() or 0
        assert ProjectionService(application).wait_for(head, timeout=20), "views did not catch up"
        server.stop()
        assert_same_as_clean_replay(application)
    finally:
        application.close()
