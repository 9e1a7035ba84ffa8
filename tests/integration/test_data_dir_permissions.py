"""The data directory and the files the app makes in it are the owner's alone: the views
hold problem titles and places in plain text, and the key file opens everything."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from support import MEMBER, SYSTEM

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.config import Settings
from projections import ProjectionService


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most systems start processes with (group and others may read)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("usual_umask")
def test_a_fresh_data_directory_and_its_store_are_private(tmp_path: Path) -> None:
    """A data directory the app creates is 0700; the SQLite database, its -wal and -shm and
    the encryption key file it creates are 0600, whatever the umask lets others read."""
    data_dir = tmp_path / "fresh" / "problemorienterat"
    settings = Settings(data_dir=data_dir, database_url=None)
    app = ProblemorienteratApp.from_settings(settings)
    views = ProjectionService(app, settings)
    views.start()
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        area_id = app.register_grannsamverkan_area(
            MEMBER, municipality="1882", area="Valla", started_on=date(2024, 4, 1)
        ).aggregate_id
        assert area_id is not None
        database = data_dir / "problemorienterat.db"
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        files.append(data_dir / "encryption.key")
        assert _mode(data_dir) == 0o700
        for path in files:
            assert path.exists(), path.name
            assert _mode(path) == 0o600, f"{path.name}: {oct(_mode(path))}"
        assert sorted(p.name for p in data_dir.iterdir()) == sorted(p.name for p in files)
    finally:
        views.stop()
        app.close()
