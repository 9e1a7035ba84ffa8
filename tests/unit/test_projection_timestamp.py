"""The stored time: the fast path and the memo give exactly what ``isoformat`` of UTC gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from projections._projection import timestamp


def _reference(moment: datetime) -> str:
    """The definition before the fast path: UTC, ISO, always with microseconds."""
    if moment.utcoffset() != timedelta(0):
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


_offsets = st.one_of(
    st.just(UTC),
    st.just(timezone(timedelta(0))),  # UTC's offset, another tzinfo object
    st.integers(min_value=-23 * 3600 - 3599, max_value=23 * 3600 + 3599).map(
        lambda seconds: timezone(timedelta(seconds=seconds))
    ),
)
# hypothesis takes naive bounds and adds the timezones itself; a day off the ends of the
# range, so that no offset moves a time out of it
_moments = st.datetimes(
    min_value=datetime(1, 1, 2),  # noqa: DTZ001
    max_value=datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=_offsets,
)


@given(_moments)
def test_a_stored_time_is_the_iso_form_of_its_utc_time(moment: datetime) -> None:
    assert timestamp(moment) == _reference(moment)


@given(_moments, _moments)
def test_the_memo_answers_for_the_same_object_only(first: datetime, second: datetime) -> None:
    """Asked twice in a row for one object, then for another: each gets its own text."""
    assert timestamp(first) == _reference(first)
    assert timestamp(first) == _reference(first)
    assert timestamp(second) == _reference(second)
    assert timestamp(first) == _reference(first)


def test_microsecond_zero_is_written_out() -> None:
    moment = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert timestamp(moment) == "2026-03-01T12:00:00.000000+00:00"


def test_an_equal_time_in_another_offset_is_converted() -> None:
    utc = datetime(2026, 3, 1, 12, 0, 0, 5, tzinfo=UTC)
    stockholm = utc.astimezone(timezone(timedelta(hours=1)))
    assert timestamp(utc) == timestamp(stockholm) == "2026-03-01T12:00:00.000005+00:00"
