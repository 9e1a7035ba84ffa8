"""The server's garbage-collector settings after start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from problemorienterat.server_memory import OLDER_THRESHOLDS, YOUNG_THRESHOLD, settle_after_start_up


@pytest.fixture
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_collector")
def test_start_up_objects_are_frozen_and_young_collections_are_rarer() -> None:
    """After start-up what lives is no longer scanned by full collections, and young
    objects are collected every 10,000 allocations instead of every 700."""
    gc.unfreeze()
    assert gc.get_freeze_count() == 0

    settle_after_start_up()

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
