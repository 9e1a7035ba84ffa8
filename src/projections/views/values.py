"""Stored values turned back into the types the views answer with: the view tables keep ids
as hex text and days and times as ISO text (see :mod:`projections._projection`)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from uuid import UUID


def optional_uuid(value: str | None) -> UUID | None:
    return uuid_of(value) if value else None


@lru_cache(maxsize=50_000)
def uuid_of(value: str) -> UUID:
    """The id kept as hex text. Cached: a board or overview lists the same few hundred ids
    read after read, and finding a built UUID is cheaper than parsing the text again (UUIDs
    are immutable, so sharing them is safe; 50,000 of them take a few MB)."""
    return UUID(value)


def day_of(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def moment_of(value: str) -> datetime:
    return datetime.fromisoformat(value)
