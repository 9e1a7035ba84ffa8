"""The signed checkpoints made of the chain, kept beside it (a table of their own, created by
the first checkpoint): the newest valid one is where ``/audit/verify`` starts, and Historik
shows it. A stored checkpoint proves nothing by being stored; it is trusted only when its
signature checks against the trusted key and the chain still holds its head."""

from __future__ import annotations

from problemorienterat.audit.checkpoint import Checkpoint, CheckpointError
from problemorienterat.infrastructure.side_tables import SideTables

CHECKPOINT_TABLE = "problemorienterat_checkpoints"


class CheckpointStore:
    """Signed checkpoints by position; nothing is kept in memory (the in-memory store)."""

    def __init__(self, tables: SideTables | None) -> None:
        self._tables = tables

    def add(self, checkpoint: Checkpoint) -> None:
        """Keep ``checkpoint``; a newer one at the same position replaces it."""
        tables = self._tables
        if tables is None:
            return
        table = tables.name(CHECKPOINT_TABLE)
        tables.write(
            [
                (
                    f"CREATE TABLE IF NOT EXISTS {table} (position {tables.bigint_type} "
                    "PRIMARY KEY, signed_at TEXT NOT NULL, document TEXT NOT NULL)",
                    (),
                ),
                (
                    f"INSERT INTO {table} (position, signed_at, document) "  # noqa: S608
                    "VALUES (?, ?, ?) ON CONFLICT (position) DO UPDATE "
                    "SET signed_at = excluded.signed_at, document = excluded.document",
                    (checkpoint.position, checkpoint.time, checkpoint.to_json()),
                ),
            ]
        )

    def newest(self, limit: int = 10) -> list[Checkpoint]:
        """Up to ``limit`` checkpoints, the newest (highest position) first; a row that does
        not read as a checkpoint is left out."""
        tables = self._tables
        if tables is None:
            return []
        rows = tables.read(
            f"SELECT document FROM {tables.name(CHECKPOINT_TABLE)} "  # noqa: S608
            "ORDER BY position DESC LIMIT ?",
            (limit,),
        )
        found = []
        for (document,) in rows:
            try:
                found.append(Checkpoint.from_json(document))
            except CheckpointError:
                continue
        return found
