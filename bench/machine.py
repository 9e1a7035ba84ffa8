"""Facts about the machine and the software versions a run measured."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sqlite3
import sys
from pathlib import Path
from typing import Any


def machine_facts() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": _cpu_model(),
        "memory": _memory_total(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "load_average_at_start": _load_average(),
    }


def load_average() -> list[float] | None:
    return _load_average()


def versions() -> dict[str, str]:
    """Library versions; the PostgreSQL server version is added by the store when used."""
    import problemorienterat

    return {
        "eventsourcing": _dist_version("eventsourcing"),
        "problemorienterat": getattr(problemorienterat, "__version__", "unknown"),
        "psycopg": _dist_version("psycopg"),
        "psycopg-pool": _dist_version("psycopg-pool"),
        "sqlite_library": sqlite3.sqlite_version,
    }


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "Hardware"):
                return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
