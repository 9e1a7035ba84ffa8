"""``serve --workers N``: the projection worker is started unless ``--no-projector`` (it runs
elsewhere, e.g. its own container), and the workers share a fresh metrics directory that is
removed when the server ends."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import prometheus_client.values  # noqa: F401 - see below
import pytest

from problemorienterat.cli import serve as serve_module
from problemorienterat.config import Settings

# prometheus-client picks single- or multi-process values once, when first imported, from
# PROMETHEUS_MULTIPROC_DIR. Imported here first, so the directory these tests export cannot
# turn this test process (and the metrics tests after it in the same worker) multi-process.


class _Process:
    def terminate(self) -> None:
        pass

    def wait(self, timeout: float) -> int:
        return 0


@pytest.mark.parametrize("projector", [True, False])
def test_workers_share_a_fresh_metrics_directory_and_the_projector_is_optional(
    projector: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "environ", dict(os.environ))  # what the server exports is undone
    started: list[list[str]] = []
    seen: dict[str, Any] = {}

    def popen(command: list[str]) -> _Process:
        started.append(command)
        return _Process()

    def run(*_args: Any, **kwargs: Any) -> None:
        directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
        seen["directory"] = directory
        seen["empty_dir"] = directory.is_dir() and not any(directory.iterdir())
        seen["workers"] = kwargs["workers"]

    monkeypatch.setattr(serve_module.subprocess, "Popen", popen)
    monkeypatch.setattr("uvicorn.run", run)
    settings = Settings(data_dir=tmp_path, database_url="postgresql://po@db/po")
    serve_module.serve_workers(
        settings, host="127.0.0.1", port=8000, workers=3, projector=projector
    )

    assert seen["workers"] == 3
    assert seen["empty_dir"]
    assert not seen["directory"].exists()  # removed when the server ended
    assert os.environ["PROBLEMORIENTERAT_PROJECTIONS_IN_PROCESS"] == "false"
    assert len(started) == (1 if projector else 0)
    if projector:
        assert started[0][-2:] == ["project", "--end-with-parent"]
