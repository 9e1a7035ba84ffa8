"""Where a command's time goes: one server under 16 clients, with its CPU per command and,
optionally, a ``py-spy`` profile.

    PYTHONPATH=src:. python -m bench.profile_commands [--rounds 3] [--seconds 6] [--workers 1]
        [--spy gil|all] [--out /tmp/spy.txt]

A fresh PostgreSQL database is made for the run (as ``python -m bench`` makes its own) and
dropped afterwards; a server is started on it as :mod:`bench.api` starts one, and ``wrk``
posts efforts from 16 connections, each on a fresh problem of its own, after a warm-up
round. Each round prints the rate, p50 and p99 and the server's CPU per command (user and
kernel, from ``/proc/PID/stat``, the parent process only). With ``--spy`` the last round
is recorded by ``py-spy`` (``gil``: only the thread holding the GIL, i.e. Python's CPU
time), raw stacks written to ``--out`` (``spy.txt``); the frames most often on the stack
are printed (``--top N``).
Needs ``wrk`` (``apt-get install wrk``) and, for ``--spy``, ``pip install py-spy``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench.api import _load_wrk, _problem_in_response, _start_server, member_of_a_group
from bench.stores import open_store
from problemorienterat.application import ProblemorienteratApp

CLIENTS = 16


def _cpu_ticks(pid: int) -> tuple[int, int]:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def _spy(pid: int, seconds: int, mode: str, out: Path, workers: int) -> subprocess.Popen[bytes]:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    args = [spy, "record", "-p", str(pid), "-d", str(seconds), "-r", "200", "-f", "raw"]
    args += ["-o", str(out)]
    if mode == "gil":
        args.append("--gil")
    if workers > 1:
        args.append("--subprocesses")
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603


def top_frames(raw: Path, count: int) -> list[tuple[float, str]]:
    """The frames most often on the stack in a raw py-spy profile, as shares of samples."""
    on_stack: Counter[str] = Counter()
    samples = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        samples += int(n)
        for frame in set(stack.split(";")):
            on_stack[frame] += int(n)
    return [(100 * n / max(samples, 1), frame) for frame, n in on_stack.most_common(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--spy", choices=("gil", "all"))
    parser.add_argument("--out", type=Path, default=Path("spy.txt"))
    parser.add_argument("--top", type=int, default=40)
    options = parser.parse_args()
    store = open_store("postgres")
    try:
        env = store.env_for("profile_commands")
        app = ProblemorienteratApp(env=env)
        try:
            group, token = member_of_a_group(app)
            server, base = _start_server(env, workers=options.workers)
            try:
                hz = os.sysconf("SC_CLK_TCK")
                for n in range(options.rounds + 1):
                    fresh = [_problem_in_response(app, group)[1] for _ in range(CLIENTS)]
                    spy = (
                        _spy(server.pid, options.seconds, options.spy, options.out, options.workers)
                        if options.spy is not None and n == options.rounds
                        else None
                    )
                    if spy is not None:
                        time.sleep(0.5)
                    before = _cpu_ticks(server.pid)
                    rate, p50, p99 = _load_wrk(base, token, fresh, options.seconds)
                    after = _cpu_ticks(server.pid)
                    commands = rate * options.seconds
                    user, kernel = (
                        (a - b) / hz * 1000 / commands for a, b in zip(after, before, strict=True)
                    )
                    print(
                        f"round {n}{' (warm-up)' if n == 0 else ''}: {rate:.0f} commands/s, "
                        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms; server CPU per command "
                        f"{user + kernel:.2f} ms (user {user:.2f}, kernel {kernel:.2f})",
                        flush=True,
                    )
                    if spy is not None:
                        spy.wait()
                        for share, frame in top_frames(options.out, options.top):
                            print(f"{share:5.1f}%  {frame}")
            finally:
                server.terminate()
                server.wait(timeout=30)
        finally:
            app.close()
    finally:
        store.close()


if __name__ == "__main__":
    main()
