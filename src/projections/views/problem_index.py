"""The problem index: a municipality's problems newest first, filtered, a page at a time."""

# ruff: noqa: S608 - table names come from this package's own table specs; values are parameters

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.sara import Priority, Stage
from projections._database import Row, Transaction
from projections.views.limits import MAX_PAGE
from projections.views.tables import Tables
from projections.views.values import day_of, moment_of, optional_uuid, uuid_of


@dataclass(frozen=True)
class ProblemSummary:
    """One line of the problem index."""

    problem_id: UUID
    reference: str
    title: str
    stage: Stage
    place: str
    priority: Priority | None
    group_id: UUID | None
    group_name: str | None
    focus_area_id: UUID | None
    focus_area_title: str | None
    last_changed_at: datetime
    next_deadline: date | None
    version: int


@dataclass(frozen=True)
class Page:
    """A page of the index; pass ``next_cursor`` back for the next one (None: no more)."""

    items: tuple[ProblemSummary, ...]
    next_cursor: str | None


def problem_index(
    tx: Transaction,
    t: Tables,
    municipality: str,
    *,
    stage: Stage | None,
    group_id: UUID | None,
    focus_area_id: UUID | None,
    year: int | None,
    text: str | None,
    cursor: str | None,
    limit: int,
) -> Callable[[], Page]:
    """Problems newest first (by year and number), filtered, a page at a time."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidValueError(f"limit must be between 1 and {MAX_PAGE}.", field="limit")
    where = ["p.municipality = ?"]
    params: list[Any] = [municipality]
    for column, value in (
        ("p.stage", stage.value if stage else None),
        ("p.group_id", group_id.hex if group_id else None),
        ("p.focus_area_id", focus_area_id.hex if focus_area_id else None),
        ("p.year", year),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if text and text.strip():
        where.append("p.search LIKE ? ESCAPE '!'")
        params.append(f"%{_escape_like(text.strip().casefold())}%")
    if cursor:
        after_year, after_number = _decode_cursor(cursor)
        where.append("(p.year < ? OR (p.year = ? AND p.number < ?))")
        params += [after_year, after_year, after_number]
    sent = tx.send(
        "SELECT p.*, g.name AS group_name, f.title AS focus_area_title "
        f"FROM {t.problems} p LEFT JOIN {t.groups} g ON g.id = p.group_id "
        f"LEFT JOIN {t.focus_areas} f ON f.id = p.focus_area_id "
        f"WHERE {' AND '.join(where)} ORDER BY p.year DESC, p.number DESC LIMIT ?",
        [*params, limit + 1],
    )

    def page() -> Page:
        rows = sent.rows()
        items = tuple(_summary(r) for r in rows[:limit])
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = _encode_cursor(int(last["year"]), int(last["number"]))
        return Page(items=items, next_cursor=next_cursor)

    return page


def _summary(row: Row) -> ProblemSummary:
    return ProblemSummary(
        problem_id=uuid_of(row["id"]),
        reference=row["reference"],
        title=row["title"],
        stage=Stage(row["stage"]),
        place=row["place"],
        priority=Priority(row["priority"]) if row["priority"] else None,
        group_id=optional_uuid(row["group_id"]),
        group_name=row["group_name"],
        focus_area_id=optional_uuid(row["focus_area_id"]),
        focus_area_title=row["focus_area_title"],
        last_changed_at=moment_of(row["last_event_at"]),
        next_deadline=day_of(row["next_deadline"]),
        version=int(row["version"]),
    )


def _escape_like(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _encode_cursor(year: int, number: int) -> str:
    return base64.urlsafe_b64encode(f"{year}:{number}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        year, number = base64.urlsafe_b64decode(padded.encode()).decode().split(":")
        return int(year), int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidValueError(
            "The cursor is not one this list gave out.", field="cursor"
        ) from None
