"""Times, dates and numbers as Swedish readers write them (problemorienterat.formatting)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from problemorienterat.formatting import (
    Moment,
    date_text,
    number_text,
    period_text,
    time_text,
)


@pytest.mark.parametrize(
    ("utc", "local"),
    [
        (datetime(2026, 12, 3, 9, 15, tzinfo=UTC), "2026-12-03 10:15"),  # winter: UTC+1
        (datetime(2026, 6, 30, 22, 30, tzinfo=UTC), "2026-07-01 00:30"),  # summer: UTC+2
        ("2026-12-03T09:15:00+00:00", "2026-12-03 10:15"),  # as the export stores it
        (datetime(2026, 12, 3, 9, 15, tzinfo=UTC).replace(tzinfo=None), "2026-12-03 10:15"),
    ],
)
def test_a_time_is_shown_in_stockholm_time(utc: datetime | str, local: str) -> None:
    """A stored UTC time is written in Swedish local time, to the minute."""
    assert time_text(utc) == local


def test_a_moment_carries_the_exact_time_and_the_local_text() -> None:
    """<time datetime> gets the time with its offset, the text the local time."""
    moment = Moment.of(datetime(2026, 12, 3, 9, 15, tzinfo=UTC))
    assert moment.iso == "2026-12-03T10:15:00+01:00"
    assert moment.text == "2026-12-03 10:15"


def test_dates_and_periods_are_written_the_swedish_way() -> None:
    """ISO dates, a period with an en dash; an evening UTC time is the next local day."""
    assert date_text(date(2026, 1, 1)) == "2026-01-01"
    assert date_text("2026-06-30") == "2026-06-30"
    assert date_text(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == "2026-07-01"
    assert period_text("2026-01-01", date(2026, 6, 30)) == "2026-01-01–2026-06-30"
    assert date_text(None) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (14, "14"),
        (14.0, "14"),
        (3.5, "3,5"),
        (0.25, "0,25"),
        (12500, "12\u00a0500"),
        (1234567.891, "1\u00a0234\u00a0567,89"),
        (-0.001, "0"),
        (-2.5, "-2,5"),
        ("7.5", "7,5"),
        ("okänt", "okänt"),
        (None, ""),
    ],
)
def test_numbers_have_a_decimal_comma_and_spaces_between_thousands(
    value: float | str | None, text: str
) -> None:
    """Decimal comma, a no-break space between thousands, no needless decimals."""
    assert number_text(value) == text


def test_the_number_of_decimals_can_be_chosen() -> None:
    assert number_text(45000.4, 0) == "45\u00a0000"
    assert number_text(12.26, 1) == "12,3"
