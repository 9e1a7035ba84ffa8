"""Times, dates and numbers as Swedish readers write them, in one place for the web pages and
the HTML export of a case (``docs/ordlista.md`` names the formats).

- A time: Swedish local time (Europe/Stockholm), to the minute: ``2026-12-03 10:15``.
  Stored times are UTC; a time without a zone is taken as UTC.
- A date: ``2026-12-03`` (ISO 8601, the Swedish standard way of writing a date).
- A period: ``2026-01-01–2026-06-30`` (an en dash between the dates).
- A number: a decimal comma, a no-break space between thousands and no needless decimals:
  ``12 500``, ``3,5``.

The templates use them as filters (``{{ at | tid }}``, ``{{ day | datum }}``,
``{{ value | tal }}``; see ``web.app``) and as :class:`Moment` for ``<time datetime>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from problemorienterat.domain.swedish_day import SWEDISH_TIME

LOCAL_TIME = SWEDISH_TIME
"""Swedish municipalities' time: stored times are UTC, pages and exports show local time."""

THOUSANDS = "\u00a0"
"""Between groups of thousands: a space that does not break a number over two lines."""

_TIME_FORMAT = "%Y-%m-%d %H:%M"


def local(moment: datetime) -> datetime:
    """``moment`` in Swedish local time (a time without a zone is UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TIME)


def time_text(moment: datetime | str | None) -> str:
    """``2026-12-03 10:15``, Swedish local time ("" for None). An ISO string is parsed."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return local(moment).strftime(_TIME_FORMAT)


def date_text(day: date | str | None) -> str:
    """``2026-12-03`` ("" for None); a time is first taken to Swedish local time."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10]) if len(day) <= 10 else datetime.fromisoformat(day)
    if isinstance(day, datetime):
        day = local(day).date()
    return day.isoformat()


def period_text(start: date | str | None, end: date | str | None) -> str:
    """``2026-01-01–2026-06-30``."""
    return f"{date_text(start)}–{date_text(end)}"


def number_text(value: float | int | Decimal | str | None, decimals: int = 2) -> str:
    """A number in Swedish: ``12 500``, ``3,5``, ``-0,25`` (at most ``decimals`` decimals,
    no trailing zeros; "" for None). A string that is no number is returned as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            return value
    else:
        number = float(value)
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(",", THOUSANDS).replace(".", ",")


@dataclass(frozen=True)
class Moment:
    """A time as a page shows it: ``<time datetime="{iso}">{text}</time>``, the text in
    Swedish local time (:func:`time_text`)."""

    iso: str
    text: str

    @classmethod
    def of(cls, moment: datetime) -> Moment:
        localised = local(moment)
        return cls(localised.isoformat(timespec="seconds"), localised.strftime(_TIME_FORMAT))


def moment(value: datetime) -> Moment:
    """``value`` as a :class:`Moment`."""
    return Moment.of(value)


def day_moment(value: date) -> Moment:
    """A date as a :class:`Moment` (``<time datetime="2026-12-03">2026-12-03</time>``)."""
    return Moment(value.isoformat(), date_text(value))
