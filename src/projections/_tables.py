"""View tables, their generations, and the tracking position each generation has reached.

Every projection's tables exist in *generations*: ``pv_problems_3`` is generation 3 of the
``problems`` table. One generation of a projection is ``active`` (queries read it); a rebuild
fills a ``building`` one beside it and makes it active, in one transaction, once it has caught
up. The registry row of a generation holds its tracking position: the last notification it
has applied. Rows of a view and that position are only ever changed in the same transaction,
and the position only moves from the value the writer last read, so no event is applied
twice or skipped, whatever stops the writer, and two writers never interleave.
"""

# ruff: noqa: S608 - table names come from this package's own table specs; values are parameters

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from eventsourcing.persistence import PersistenceError

from projections._database import Row, Transaction, ViewDatabase

REGISTRY = "projection_generations"

ACTIVE = "active"
BUILDING = "building"
RETIRED = "retired"


class StaleViewError(Exception):
    """Another writer moved the view on since this one read its position: start over."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | int | float


@dataclass(frozen=True)
class Table:
    """A view table: its logical name, columns (the first is the key) and indexes."""

    name: str
    columns: tuple[Column, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def key(self) -> str:
        return self.columns[0].name

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def physical(self, generation: int) -> str:
        return f"pv_{self.name}_{generation}"


@dataclass(frozen=True)
class Generation:
    """One generation of a projection's tables and the position it has reached."""

    name: str
    generation: int
    schema_version: int
    state: str
    position: int


def ensure_registry(db: ViewDatabase, *, attempts: int = 3) -> None:
    """Create the registry table if it is missing (retried: two processes may race)."""
    for attempt in range(attempts):
        try:
            _create_registry(db)
        except PersistenceError:
            if attempt == attempts - 1:
                raise
        else:
            return


def _create_registry(db: ViewDatabase) -> None:
    with db.transaction() as tx:
        tx.execute(
            f"CREATE TABLE IF NOT EXISTS {db.table(REGISTRY)} ("
            "name TEXT NOT NULL, generation INTEGER NOT NULL, schema_version INTEGER NOT NULL, "
            f"state TEXT NOT NULL, position {db.column_type('int')} NOT NULL, "
            "created_at TEXT NOT NULL, switched_at TEXT, "
            "PRIMARY KEY (name, generation))"
        )


def lock_registry(tx: Transaction, db: ViewDatabase) -> None:
    """Take the registry for writing until the transaction ends, so two processes starting
    at once do not both create a generation: one waits, then finds the other's."""
    if db.is_postgres:
        tx.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"{db.schema}.{REGISTRY}",))
    else:  # a write statement takes SQLite's write lock, even when it changes nothing
        tx.execute(f"UPDATE {db.table(REGISTRY)} SET position = position WHERE 1 = 0")


def generations(tx: Transaction, db: ViewDatabase, name: str | None = None) -> list[Generation]:
    """Every generation not yet dropped (of one projection, or of all)."""
    sql = f"SELECT * FROM {db.table(REGISTRY)}"
    rows = tx.all(sql + " WHERE name = ?", (name,)) if name else tx.all(sql)
    return _in_order(rows)


def send_generations(tx: Transaction, db: ViewDatabase) -> Callable[[], list[Generation]]:
    """Every generation, sent with the statements of a view (:meth:`Transaction.send`), so
    the view can check it read the generations that were current in its snapshot."""
    sent = tx.send(f"SELECT * FROM {db.table(REGISTRY)}")
    return lambda: _in_order(sent.rows())


def _in_order(rows: list[Row]) -> list[Generation]:
    return sorted((_generation(r) for r in rows), key=lambda g: (g.name, g.generation))


def _generation(row: Row) -> Generation:
    return Generation(
        name=str(row["name"]),
        generation=int(row["generation"]),
        schema_version=int(row["schema_version"]),
        state=str(row["state"]),
        position=int(row["position"]),
    )


def create_generation(
    tx: Transaction,
    db: ViewDatabase,
    name: str,
    tables: tuple[Table, ...],
    *,
    schema_version: int,
    state: str,
) -> Generation:
    """Create the tables of a new generation (empty, at position 0) and register it."""
    row = tx.one(f"SELECT MAX(generation) AS top FROM {db.table(REGISTRY)} WHERE name = ?", (name,))
    number = int(row["top"]) + 1 if row and row["top"] is not None else 1
    for table in tables:
        physical = table.physical(number)
        tx.execute(f"DROP TABLE IF EXISTS {db.table(physical)}")
        columns = ", ".join(f"{c.name} {db.column_type(c.kind)}" for c in table.columns)
        tx.execute(f"CREATE TABLE {db.table(physical)} ({columns}, PRIMARY KEY ({table.key}))")
        for i, index in enumerate(table.indexes):
            tx.execute(
                f'CREATE INDEX "{physical}_i{i}" ON {db.table(physical)} ({", ".join(index)})'
            )
    tx.execute(
        f"INSERT INTO {db.table(REGISTRY)} "
        "(name, generation, schema_version, state, position, created_at) "
        "VALUES (?, ?, ?, ?, 0, ?)",
        (name, number, schema_version, state, _now()),
    )
    return Generation(name, number, schema_version, state, 0)


def advance(tx: Transaction, db: ViewDatabase, generation: Generation, position: int) -> None:
    """Move the generation's position on, from the value this writer last read.

    Done first in a batch's transaction: on PostgreSQL the row lock makes a second writer
    wait here, then find the position moved and give up before it wrote anything.
    """
    changed = tx.execute(
        f"UPDATE {db.table(REGISTRY)} SET position = ? "
        "WHERE name = ? AND generation = ? AND position = ?",
        (position, generation.name, generation.generation, generation.position),
    )
    if changed != 1:
        raise StaleViewError(
            f"{generation.name} generation {generation.generation} is no longer at "
            f"position {generation.position}"
        )


def activate(tx: Transaction, db: ViewDatabase, generation: Generation) -> None:
    """Make ``generation`` the one queries read; the one it replaces is retired."""
    table = db.table(REGISTRY)
    tx.execute(
        f"UPDATE {table} SET state = ?, switched_at = ? WHERE name = ? AND state = ?",
        (RETIRED, _now(), generation.name, ACTIVE),
    )
    tx.execute(
        f"UPDATE {table} SET state = ?, switched_at = ? WHERE name = ? AND generation = ?",
        (ACTIVE, _now(), generation.name, generation.generation),
    )


def analyze(
    tx: Transaction, db: ViewDatabase, generation: Generation, tables: tuple[Table, ...]
) -> None:
    """Refresh the query planner's statistics of a generation's tables (after a bulk build,
    PostgreSQL otherwise plans the first queries on a newly filled table without them)."""
    for table in tables:
        tx.execute(f"ANALYZE {db.table(table.physical(generation.generation))}")


def vacuum(db: ViewDatabase, generation: Generation, tables: tuple[Table, ...]) -> None:
    """On PostgreSQL, clear out the row versions a bulk build left behind (rows rewritten
    batch after batch, such as counts) and set the visibility map, so reads of a newly active
    generation do not wade through dead versions until autovacuum comes round. Run after the
    switch has committed (VACUUM cannot run in a transaction). SQLite rewrites rows in place:
    nothing to do."""
    if not db.is_postgres:
        return
    with db.outside_transaction() as tx:
        for table in tables:
            tx.execute(f"VACUUM (ANALYZE) {db.table(table.physical(generation.generation))}")


def drop_generation(
    tx: Transaction, db: ViewDatabase, generation: Generation, tables: tuple[Table, ...]
) -> None:
    for table in tables:
        tx.execute(f"DROP TABLE IF EXISTS {db.table(table.physical(generation.generation))}")
    tx.execute(
        f"DELETE FROM {db.table(REGISTRY)} WHERE name = ? AND generation = ?",
        (generation.name, generation.generation),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
