"""Short listings of one municipality the pages need to find their way: its working groups,
the years that have a medborgarlöfte, those medborgarlöften in brief, and its lägesbilder.
Read from the plans projection's tables."""

# ruff: noqa: S608 - table names come from this package's own table specs; values are parameters

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from projections._database import Transaction
from projections.views.tables import Tables
from projections.views.values import day_of, moment_of, uuid_of


@dataclass(frozen=True)
class GroupListing:
    """A working group of the municipality (``dissolved``: lokala BRÅ has dissolved it)."""

    group_id: UUID
    name: str
    kind: str
    dissolved: bool


def municipality_groups(
    tx: Transaction, t: Tables, municipality: str
) -> Callable[[], tuple[GroupListing, ...]]:
    """Every working group of ``municipality``, the active ones first, each part by name
    (sent now, built once the transaction has ended, as the other views)."""
    sent = tx.send(
        f"SELECT id, name, kind, dissolved FROM {t.groups} WHERE municipality = ?",
        (municipality,),
    )

    def listing() -> tuple[GroupListing, ...]:
        groups = (
            GroupListing(UUID(r["id"]), r["name"], r["kind"], bool(r["dissolved"]))
            for r in sent.rows()
        )
        return tuple(
            sorted(groups, key=lambda g: (g.dissolved, g.name.casefold(), str(g.group_id)))
        )

    return listing


def citizen_promise_years(
    tx: Transaction, t: Tables, municipality: str
) -> Callable[[], tuple[int, ...]]:
    """The years ``municipality`` has a medborgarlöfte for (drafted or adopted), newest first."""
    sent = tx.send(
        f"SELECT DISTINCT year FROM {t.promises} WHERE municipality = ? ORDER BY year DESC",
        (municipality,),
    )
    return lambda: tuple(int(r["year"]) for r in sent.rows())


@dataclass(frozen=True)
class SituationPictureListing:
    """A lägesbild of the municipality: its year, whether lokala BRÅ has adopted it (and
    when), and how many observations it has."""

    situation_picture_id: UUID
    year: int
    summary: str
    adopted_on: date | None
    observation_count: int


def situation_pictures(
    tx: Transaction, t: Tables, municipality: str
) -> Callable[[], tuple[SituationPictureListing, ...]]:
    """Every lägesbild of ``municipality``, newest year first."""
    sent = tx.send(
        f"SELECT p.id, p.year, p.summary, p.adopted_on, "
        f"(SELECT COUNT(*) FROM {t.observations} o WHERE o.picture_id = p.id) AS observations "
        f"FROM {t.situation_pictures} p WHERE p.municipality = ? ORDER BY p.year DESC",
        (municipality,),
    )
    return lambda: tuple(
        SituationPictureListing(
            situation_picture_id=UUID(r["id"]),
            year=int(r["year"]),
            summary=r["summary"],
            adopted_on=day_of(r["adopted_on"]),
            observation_count=int(r["observations"]),
        )
        for r in sent.rows()
    )


@dataclass(frozen=True)
class CitizenPromiseListing:
    """A medborgarlöfte of the municipality: its year, whether lokala BRÅ has adopted it and
    followed it up, and how many focus areas and activities it has."""

    citizen_promise_id: UUID
    year: int
    title: str
    adopted: bool
    adopted_on: date | None
    followed_up: bool
    followed_up_at: datetime | None
    focus_areas: int
    activities: int


def citizen_promises(
    tx: Transaction, t: Tables, municipality: str
) -> Callable[[], tuple[CitizenPromiseListing, ...]]:
    """Every medborgarlöfte of ``municipality`` (drafted or adopted), newest year first."""
    sent = tx.send(
        f"SELECT p.id, p.year, p.title, p.adopted_on, p.followed_up_at,"
        f" (SELECT COUNT(*) FROM {t.focus_areas} f WHERE f.promise_id = p.id) AS areas,"
        f" (SELECT COUNT(*) FROM {t.activities} a WHERE a.promise_id = p.id) AS activities"
        f" FROM {t.promises} p WHERE p.municipality = ? ORDER BY p.year DESC",
        (municipality,),
    )
    return lambda: tuple(
        CitizenPromiseListing(
            citizen_promise_id=uuid_of(r["id"]),
            year=int(r["year"]),
            title=r["title"],
            adopted=bool(r["adopted_on"]),
            adopted_on=day_of(r["adopted_on"]),
            followed_up=bool(r["followed_up_at"]),
            followed_up_at=moment_of(r["followed_up_at"]) if r["followed_up_at"] else None,
            focus_areas=int(r["areas"]),
            activities=int(r["activities"]),
        )
        for r in sent.rows()
    )
