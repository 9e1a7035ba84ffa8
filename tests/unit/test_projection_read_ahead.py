"""The runner's read-ahead: it hands over the page read ahead only for the start asked for."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pytest

from projections.runner import _ReadAhead


class _Log:
    """A log whose page after ``start`` is the ids that follow it; records every read."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.reads: list[int] = []
        self.fail_at = fail_at

    def select(self, start: int) -> Sequence[Any]:
        self.reads.append(start)
        if start == self.fail_at:
            raise RuntimeError("read failed")
        return [start + 1, start + 2]


def _reading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("projections-read")]


def test_the_page_read_ahead_is_the_one_taken_when_the_start_matches() -> None:
    log = _Log()
    ahead = _ReadAhead(log.select)
    try:
        ahead.read(10)
        assert ahead.page(10) == [11, 12]
        assert log.reads == [10]
    finally:
        ahead.close()
    assert not _reading_threads()


def test_a_page_read_ahead_from_another_start_is_dropped_and_the_right_one_read() -> None:
    log = _Log()
    ahead = _ReadAhead(log.select)
    try:
        ahead.read(10)
        assert ahead.page(7) == [8, 9]
        assert log.reads[-1] == 7
        assert ahead.page(7) == [8, 9]  # nothing read ahead any more: read at once
    finally:
        ahead.close()
    assert not _reading_threads()


def test_the_error_of_a_read_ahead_is_raised_where_its_page_is_taken() -> None:
    log = _Log(fail_at=10)
    ahead = _ReadAhead(log.select)
    try:
        ahead.read(10)
        with pytest.raises(RuntimeError, match="read failed"):
            ahead.page(10)
    finally:
        ahead.close()
    assert not _reading_threads()


def test_closing_with_a_page_read_ahead_waits_for_the_thread() -> None:
    log = _Log(fail_at=10)  # an error nobody takes is dropped with the page
    ahead = _ReadAhead(log.select)
    ahead.read(10)
    ahead.close()
    assert not _reading_threads()
