"""A municipality's day: the date in Sweden, whatever the server's clock or zone.

Stored times are UTC. What is due, overdue or this year's is decided by the Swedish date,
which from 22:00 or 23:00 UTC (summer or winter) is already the next day's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")


def utc_now() -> datetime:
    """The time now (UTC): the clock :func:`swedish_today` reads (a test sets its story's)."""
    return datetime.now(UTC)


def swedish_today(now: datetime | None = None) -> date:
    """The date in Sweden at ``now`` (default: now; a time without a zone is UTC)."""
    moment = now or utc_now()
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(SWEDISH_TIME).date()
