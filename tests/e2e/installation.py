"""A throwaway installation for the end-to-end tests: the demo municipality, real users made
with the command line, and ``problemorienterat serve`` as a process of its own.

Everything runs through the same commands an administrator types, so the tests exercise the
product as it is installed: ``problemorienterat demo``, ``problemorienterat users add`` (whose
token is the one line it prints on stdout) and ``problemorienterat serve``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from problemorienterat.domain.swedish_day import swedish_today

ROOT = Path(__file__).resolve().parents[2]
MUNICIPALITY = "1882"  # Kungsör, the demo municipality
# The demo's story is told for last year: all of it lies in the past whatever today's date, so
# its overdue actions are overdue and its references are known (KUN-<DEMO_YEAR>-...).
DEMO_YEAR = swedish_today().year - 1
YOUTH_GROUP = "UNG-gruppen"  # the demo's youth group, named as `users add --group` takes it
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
LOG_TAIL_CHARS = 6000


@dataclass(frozen=True)
class User:
    """A user added with ``problemorienterat users add``: who they are and their token."""

    role: str
    name: str
    organisation: str
    token: str = field(repr=False)
    groups: tuple[str, ...] = ()


# One user per role the pages serve; the names are invented, like the demo's people.
USERS_TO_ADD: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("bra", "Ingrid Wahlberg", "kommun", ()),
    ("member", "Oskar Lindgren", "kommun", (YOUTH_GROUP,)),
    ("auditor", "Maja Forsberg", "annan", ()),
)


class InstallationError(RuntimeError):
    """A command of the installation failed; the message holds its output (never a token)."""


def server_env() -> dict[str, str]:
    """The environment of every command: this checkout's code, no rate limit, and none of
    the caller's PROBLEMORIENTERAT_ settings, so ``--data-dir`` alone decides the store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROBLEMORIENTERAT_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env["PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE"] = "0"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "problemorienterat.cli", *args]


def run_cli(*args: str, data_dir: Path) -> str:
    """Run one command on the installation's store; its stdout, or InstallationError."""
    result = subprocess.run(  # noqa: S603 - our own CLI with fixed arguments
        cli_command(*args, "--data-dir", str(data_dir)),
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise InstallationError(
            f"problemorienterat {args[0]} {args[1] if len(args) > 1 else ''} ended with "
            f"{result.returncode}: {result.stderr.strip()[-2000:]}"
        )
    return result.stdout


def load_demo(data_dir: Path) -> None:
    """The demo's story told for DEMO_YEAR, so what the tests expect does not depend on today."""
    run_cli("demo", "--year", str(DEMO_YEAR), data_dir=data_dir)


def add_user(
    data_dir: Path, *, role: str, name: str, organisation: str, groups: tuple[str, ...] = ()
) -> User:
    """``users add``: the token is the last line on stdout (the rest goes to stderr)."""
    args = [
        "users",
        "add",
        name,
        "--org",
        organisation,
        "--role",
        role,
        "--municipality",
        MUNICIPALITY,
    ]
    for group in groups:
        args += ["--group", group]
    lines = run_cli(*args, data_dir=data_dir).split()
    if not lines:
        raise InstallationError(f"users add printed no token for the {role} user")
    return User(role=role, name=name, organisation=organisation, token=lines[-1], groups=groups)


def add_demo_users(data_dir: Path) -> dict[str, User]:
    """One user of Kungsör per role in USERS_TO_ADD, keyed by role."""
    return {
        role: add_user(data_dir, role=role, name=name, organisation=org, groups=groups)
        for role, name, org, groups in USERS_TO_ADD
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """``problemorienterat serve`` on the installation's SQLite store, on a free port, with
    its stdout and stderr in ``log_path``."""

    def __init__(
        self, data_dir: Path, log_path: Path, settings: dict[str, str] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.settings = settings or {}  # more PROBLEMORIENTERAT_* settings of the server
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> None:
        """Start the process and wait until ``/health`` and then ``/ready`` answer 200."""
        self._log = self.log_path.open("wb")
        self._process = subprocess.Popen(  # noqa: S603 - our own CLI with fixed arguments
            cli_command(
                "serve",
                "--demo",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
            ),
            cwd=ROOT,
            env=server_env() | self.settings,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        for path in ("/health", "/ready"):
            self._wait_for(path, deadline)

    def _wait_for(self, path: str, deadline: float) -> None:
        last = "no answer"
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise InstallationError(
                    f"the server exited with {self._process.returncode} before {path} "
                    f"answered:\n{self.log_tail()}"
                )
            try:
                response = httpx.get(self.base_url + path, timeout=2)
                if response.status_code == 200:
                    return
                last = f"status {response.status_code}"
            except httpx.HTTPError as error:
                last = type(error).__name__
            time.sleep(0.2)
        raise InstallationError(
            f"{path} did not answer 200 within {START_TIMEOUT:.0f} s ({last}):\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """SIGTERM, and SIGKILL if the process has not ended within STOP_TIMEOUT."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
        if self._log is not None:
            self._log.close()
            self._log = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self) -> str:
        """The end of what the server printed, for a failure report."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no server log)"
        return text[-LOG_TAIL_CHARS:] or "(the server printed nothing)"
