"""A municipality's day is the date in Sweden."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from problemorienterat.domain.swedish_day import swedish_today


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime(2026, 12, 31, 22, 59, tzinfo=UTC), date(2026, 12, 31)),  # 23:59 in Sweden
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), date(2027, 1, 1)),  # winter: UTC+1
        (datetime(2026, 6, 30, 21, 59, tzinfo=UTC), date(2026, 6, 30)),
        (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), date(2026, 7, 1)),  # summer: UTC+2
    ],
)
def test_today_is_the_date_in_sweden_not_in_utc(utc: datetime, day: date) -> None:
    assert swedish_today(utc) == day


def test_a_time_without_a_zone_is_taken_as_utc() -> None:
    assert swedish_today(datetime(2026, 12, 31, 23, 30)) == date(2027, 1, 1)  # noqa: DTZ001
