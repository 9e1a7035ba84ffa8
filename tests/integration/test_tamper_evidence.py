"""Tamper evidence: every edit made to the database behind the application's back is found.

Each test tampers with the store directly with SQL, as someone with database access could,
on SQLite and on PostgreSQL, and checks that verification locates the change.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from builders import approved
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore
from support import make_app
from typer.testing import CliRunner

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.audit.chain import GENESIS, link
from problemorienterat.audit.checkpoint import (
    CheckpointError,
    check_signature,
    extends,
    load_or_create_signing_key,
    make_checkpoint,
    public_key_hex,
)
from problemorienterat.audit.verify import Verification, verify_chain
from problemorienterat.cli import cli
from problemorienterat.infrastructure.chain_store import chain_store


class Tamperer:
    """Runs SQL against the application's own tables, outside the application."""

    def __init__(self, app: ProblemorienteratApp) -> None:
        self.recorder: Any = app.recorder
        self.postgres = isinstance(self.recorder.datastore, PostgresDatastore)
        schema = f'"{self.recorder.datastore.schema}".' if self.postgres else ""
        self.events = f"{schema}{self.recorder.events_table_name}"
        self.chain = f"{schema}{self.recorder.chain_table_name}"
        self.position = "notification_id" if self.postgres else "rowid"

    def sql(self, statement: str, *params: Any) -> list[Any]:
        statement = statement.format(events=self.events, chain=self.chain, pos=self.position)
        if self.postgres:
            statement = statement.replace("?", "%s")
            with self.recorder.datastore.get_connection() as conn, conn.transaction():
                cursor = conn.execute(statement, params)
                return list(cursor.fetchall()) if cursor.description else []
        with self.recorder.datastore.transaction(commit=True) as c:
            c.execute(statement, params)
            return list(c.fetchall())

    def positions(self) -> list[int]:
        rows = self.sql("SELECT {pos} AS p FROM {events} ORDER BY {pos}")
        return [row["p"] if isinstance(row, dict) else row[0] for row in rows]


@pytest.fixture
def recorded(store_app: ProblemorienteratApp) -> tuple[ProblemorienteratApp, Tamperer]:
    """A store holding a problem taken through a whole SARA cycle."""
    approved(store_app)
    return store_app, Tamperer(store_app)


def verify(app: ProblemorienteratApp) -> Verification:
    return verify_chain(chain_store(app.recorder))


def test_an_untampered_store_is_intact(
    recorded: tuple[ProblemorienteratApp, Tamperer],
) -> None:
    """Every event the application saved is chained; verification says how many and the head."""
    app, tamperer = recorded
    result = verify(app)
    assert result.intact, result.summary()
    assert result.events == len(tamperer.positions())
    assert result.head_position == tamperer.positions()[-1]
    assert result.summary().startswith(f"intact, {result.events} events, head ")


def test_an_edited_payload_is_found_where_it_was_edited(
    recorded: tuple[ProblemorienteratApp, Tamperer],
) -> None:
    """Changing one byte of one stored event breaks the chain at that event."""
    app, tamperer = recorded
    target = tamperer.positions()[7]
    tamperer.sql("UPDATE {events} SET state = ? WHERE {pos} = ?", b'{"edited":true}', target)
    result = verify(app)
    assert not result.intact
    assert result.break_position == target
    assert "edited" in (result.problem or "")


def test_a_deleted_event_is_found(recorded: tuple[ProblemorienteratApp, Tamperer]) -> None:
    """Removing an event row leaves its chain link without an event."""
    app, tamperer = recorded
    target = tamperer.positions()[5]
    tamperer.sql("DELETE FROM {events} WHERE {pos} = ?", target)
    result = verify(app)
    assert result.break_position == target
    assert "deleted" in (result.problem or "")


def test_two_swapped_events_are_found(recorded: tuple[ProblemorienteratApp, Tamperer]) -> None:
    """Exchanging the places of two events in the log breaks the chain at the first of them."""
    app, tamperer = recorded
    first, second = tamperer.positions()[3], tamperer.positions()[9]
    tamperer.sql("UPDATE {events} SET {pos} = ? WHERE {pos} = ?", -1, first)
    tamperer.sql("UPDATE {events} SET {pos} = ? WHERE {pos} = ?", first, second)
    tamperer.sql("UPDATE {events} SET {pos} = ? WHERE {pos} = ?", second, -1)
    result = verify(app)
    assert result.break_position == first


def test_an_inserted_event_is_found(recorded: tuple[ProblemorienteratApp, Tamperer]) -> None:
    """A row added behind the application's back was never chained."""
    app, tamperer = recorded
    last = tamperer.positions()[-1]
    tamperer.sql(
        "INSERT INTO {events} (originator_id, originator_version, topic, state) "
        "VALUES (?, 1, ?, ?)",
        uuid4().hex if not tamperer.postgres else uuid4(),
        "problemorienterat.domain.problem:Problem.Identified",
        b"{}",
    )
    result = verify(app)
    assert result.break_position is not None
    assert result.break_position > last
    assert "never chained" in (result.problem or "")


def test_a_rewritten_chain_passes_alone_but_not_against_a_checkpoint(
    recorded: tuple[ProblemorienteratApp, Tamperer], tmp_path: Path
) -> None:
    """Someone who edits an event and recomputes every later link fools a bare verify, but
    not a signed checkpoint taken before: the link at its position no longer matches."""
    app, tamperer = recorded
    key, created = load_or_create_signing_key(tmp_path / "keys" / "signing.pem")
    assert created
    assert (tmp_path / "keys" / "signing.pem").stat().st_mode & 0o777 == 0o600
    checkpoint = make_checkpoint(verify(app), key)
    check_signature(checkpoint, public_key_hex(key))

    target = tamperer.positions()[4]
    tamperer.sql("UPDATE {events} SET state = ? WHERE {pos} = ?", b'{"forged":1}', target)
    _recompute_chain(app, tamperer)

    result = verify(app)
    assert result.intact  # the forger recomputed the chain
    difference = extends(chain_store(app.recorder), result, checkpoint)
    assert difference is not None
    assert f"position {checkpoint.position}" in difference


def test_a_truncated_store_does_not_extend_its_checkpoint(
    recorded: tuple[ProblemorienteratApp, Tamperer], tmp_path: Path
) -> None:
    """Cutting off the newest events (and their links) is found against a checkpoint."""
    app, tamperer = recorded
    key, _ = load_or_create_signing_key(tmp_path / "signing.pem")
    checkpoint = make_checkpoint(verify(app), key)
    last = tamperer.positions()[-1]
    tamperer.sql("DELETE FROM {events} WHERE {pos} >= ?", last - 2)
    tamperer.sql("DELETE FROM {chain} WHERE position >= ?", last - 2)
    result = verify(app)
    assert result.intact
    assert "removed" in (extends(chain_store(app.recorder), result, checkpoint) or "")


def test_a_forged_checkpoint_is_refused(tmp_path: Path) -> None:
    """A checkpoint signed by another key, or altered after signing, is not trusted."""
    trusted, _ = load_or_create_signing_key(tmp_path / "trusted.pem")
    other, _ = load_or_create_signing_key(tmp_path / "other.pem")
    genuine = make_checkpoint(Verification(3, 3, GENESIS), trusted)
    forged = make_checkpoint(Verification(3, 3, GENESIS), other)
    with pytest.raises(CheckpointError, match="another key"):
        check_signature(forged, public_key_hex(trusted))
    altered = type(genuine)(**{**genuine.__dict__, "position": 2})
    with pytest.raises(CheckpointError, match="signature"):
        check_signature(altered, public_key_hex(trusted))


def test_events_appended_after_a_checkpoint_still_extend_it(
    recorded: tuple[ProblemorienteratApp, Tamperer], tmp_path: Path
) -> None:
    """The store grows after a checkpoint; it still extends it."""
    app, _ = recorded
    key, _ = load_or_create_signing_key(tmp_path / "signing.pem")
    checkpoint = make_checkpoint(verify(app), key)
    approved(app)
    result = verify(app)
    assert result.head_position > checkpoint.position
    assert extends(chain_store(app.recorder), result, checkpoint) is None


def test_the_verify_command_exits_non_zero_on_a_break(tmp_path: Path) -> None:
    """`problemorienterat verify` prints "intact, N events, head H", or the first break and
    exits 2; `verify --against` a checkpoint from `checkpoint` confirms the store extends it."""
    runner = CliRunner()
    env = {"PROBLEMORIENTERAT_DATA_DIR": str(tmp_path), "PROBLEMORIENTERAT_DATABASE_URL": ""}
    app = make_app(f"sqlite:///{tmp_path / 'problemorienterat.db'}", tmp_path)
    try:
        from support import SYSTEM

        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        approved(app)
        tamperer = Tamperer(app)
        ok = runner.invoke(cli, ["verify", "--data-dir", str(tmp_path)], env=env)
        assert ok.exit_code == 0, ok.output
        assert "intact," in ok.output

        made = runner.invoke(
            cli,
            ["checkpoint", "--data-dir", str(tmp_path), "--out", str(tmp_path / "cp.json")],
            env=env,
        )
        assert made.exit_code == 0, made.output
        against = runner.invoke(
            cli,
            ["verify", "--data-dir", str(tmp_path), "--against", str(tmp_path / "cp.json")],
            env=env,
        )
        assert against.exit_code == 0, against.output
        assert "extends checkpoint" in against.output

        target = tamperer.positions()[2]
        tamperer.sql("UPDATE {events} SET topic = ? WHERE {pos} = ?", "x:Y", target)
        broken = runner.invoke(cli, ["verify", "--data-dir", str(tmp_path)], env=env)
        assert broken.exit_code == 2
        assert f"BROKEN at position {target}" in broken.output
    finally:
        app.close()


def test_an_untampered_store_of_100000_events_verifies(database_url: str, tmp_path: Path) -> None:
    """A large store verifies end to end (stored in batches, as the recorder chains them)."""
    app = make_app(database_url, tmp_path)
    try:
        payload = os.urandom(300)
        for batch in range(50):
            app.recorder.insert_events(
                [
                    StoredEvent(
                        uuid4(),
                        1,
                        "problemorienterat.domain.problem:Problem.Identified",
                        payload + i.to_bytes(4, "big"),
                    )
                    for i in range(batch * 2000, (batch + 1) * 2000)
                ]
            )
        result = verify(app)
        assert result.intact, result.summary()
        assert result.events == 100_000
    finally:
        app.close()


def _recompute_chain(app: ProblemorienteratApp, tamperer: Tamperer) -> None:
    """What a forger with database access would do: recompute every link."""
    previous = GENESIS
    for row in chain_store(app.recorder).events():
        previous = link(
            previous,
            position=row.position,
            originator_id=row.originator_id,
            version=row.originator_version,
            topic=row.topic,
            state=row.state,
        )
        tamperer.sql("UPDATE {chain} SET link = ? WHERE position = ?", previous, row.position)
