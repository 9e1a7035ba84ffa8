"""The request log of a real server (``problemorienterat serve``, uvicorn): one JSON line per
request, and never the query string, which may hold personal data (a search for a name).

The in-process test client does not go through uvicorn, whose own access log would add a
second line carrying the path *with* its query string; only a served process shows it. With
``--workers`` uvicorn builds each process's application after configuring its own logging,
which is where that line once came back.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from support import TEST_ENCRYPTION_KEY
from world import build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings

ROOT = Path(__file__).resolve().parents[2]
NAME = "Kalle Anka"  # a person searched for: it must not reach the log


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(params=["one process on SQLite", "two workers on PostgreSQL"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Settings, list[str]]:
    """The settings to build the installation with, and the matching ``serve`` options."""
    if request.param.startswith("one"):
        return Settings(data_dir=tmp_path), []
    url: str = request.getfixturevalue("postgres_url")
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setenv("PROBLEMORIENTERAT_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY)
    return Settings(data_dir=tmp_path, database_url=url), ["--workers", "2", "--database-url", url]


def test_a_served_request_is_one_log_line_without_its_query_string(
    store: tuple[Settings, list[str]], tmp_path: Path
) -> None:
    settings, options = store
    application = ProblemorienteratApp.from_settings(settings)
    token = build_world(application).tokens["bra"]
    application.close()
    port = _free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    with log.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 - our own CLI
            [
                sys.executable,
                "-c",
                "from problemorienterat.cli import main; main()",
                "serve",
                "--port",
                str(port),
                "--data-dir",
                str(tmp_path),
                *options,
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("the server did not start")
                time.sleep(0.1)
            answer = httpx.get(
                f"{base}/api/v1/problems",
                params={"municipality": "1882", "text": NAME},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 200, answer.text
            # /metrics: whichever worker answers, it counts every worker's requests
            # (prometheus-client's multiprocess mode under --workers).
            wanted = {"route": "/api/v1/problems", "method": "GET", "status": "200"}
            for _ in range(4):
                scraped = text_string_to_metric_families(httpx.get(f"{base}/metrics").text)
                counts = [
                    sample.value
                    for family in scraped
                    for sample in family.samples
                    if sample.name == "problemorienterat_http_requests_total"
                    and sample.labels == wanted
                ]
                assert counts == [1.0]
        finally:
            process.terminate()
            process.wait(timeout=20)
    written = log.read_text(encoding="utf-8")
    request_id = answer.headers["x-request-id"]
    lines = [line for line in written.splitlines() if request_id in line]
    assert len(lines) == 1, lines
    logged = json.loads(lines[0])
    assert logged["route"] == "/api/v1/problems"
    assert logged["status"] == 200
    assert NAME not in written
    assert "Kalle" not in written
    # uvicorn's access log names neither the request id nor the user: it must be silent.
    assert '"GET /api/v1/problems' not in written
