"""Encryption at rest: events and snapshots are stored sealed, bound to their row, on both
stores; the key is made once (SQLite) or given (PostgreSQL), and a wrong or missing key
stops the start with a clear message."""

from __future__ import annotations

import stat
from pathlib import Path
from uuid import UUID

import pytest
from builders import identified, in_analysis
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent
from support import SYSTEM, TEST_ENCRYPTION_KEY, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.sara import TriangleSide
from problemorienterat.infrastructure.sealing import (
    FORMAT_V1,
    EncryptionKeyError,
    MasterKey,
    is_sealed,
)

OTHER_KEY = MasterKey.generate().to_text()


def _stored(app: ProblemorienteratApp, problem_id: UUID) -> list[StoredEvent]:
    return list(app.recorder.select_events(problem_id))


def test_events_are_stored_sealed_and_read_back_on_both_stores(
    store_app: ProblemorienteratApp, member: Actor
) -> None:
    """Every stored state starts with the format marker, holds no readable text, and loads."""
    problem_id = identified(store_app)

    stored = _stored(store_app, problem_id)
    assert stored
    for event in stored:
        assert event.state.startswith(FORMAT_V1)
        assert b"Valla" not in event.state
        assert b"Valla" not in event.state
    assert store_app.get_problem(problem_id).place == "Valla"


def test_snapshots_are_sealed_too(database_url: str, tmp_path: Path, member: Actor) -> None:
    """A snapshot is sealed like an event, and a load from it gives the same state."""
    app = make_app(database_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        problem_id = in_analysis(app)
        for i in range(45):
            app.record_finding(member, problem_id, side=TriangleSide.PLACE, description=f"Fynd {i}")
        assert app.snapshots is not None
        snapshots = list(app.snapshots.recorder.select_events(problem_id))
        assert snapshots
        assert all(is_sealed(s.state) for s in snapshots)
        assert len(app.get_problem(problem_id).findings) == 45
    finally:
        app.close()


def test_a_sealed_state_moved_to_another_row_does_not_load(
    store_app: ProblemorienteratApp,
) -> None:
    """The originator id, version and topic are bound in: a blob swapped between rows fails
    with an error, never with another row's facts."""
    first, second = identified(store_app), identified(store_app)
    a, b = _stored(store_app, first)[0], _stored(store_app, second)[0]
    moved = StoredEvent(b.originator_id, b.originator_version, b.topic, a.state)
    with pytest.raises(MapperDeserialisationError, match="cannot be decrypted"):
        store_app.mapper.to_domain_event(moved)
    other_version = StoredEvent(a.originator_id, a.originator_version + 1, a.topic, a.state)
    with pytest.raises(MapperDeserialisationError, match="cannot be decrypted"):
        store_app.mapper.to_domain_event(other_version)


def test_the_first_sqlite_start_makes_a_private_key_file_and_says_to_back_it_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no key configured, SQLite makes encryption.key (mode 0600) beside the database
    once, and says loudly on stderr that it must be backed up; later starts use it."""
    url = f"sqlite:///{tmp_path / 'problemorienterat.db'}"
    app = make_app(url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    app.close()
    key_file = tmp_path / "encryption.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "Säkerhetskopiera" in capsys.readouterr().err
    key_text = key_file.read_text()

    again = make_app(url, tmp_path)
    try:
        assert again.get_municipality("1882").name == "Kungsör"
        assert key_file.read_text() == key_text
        assert "KRYPTERINGSNYCKEL" not in capsys.readouterr().err
    finally:
        again.close()


def test_a_missing_key_file_stops_the_start_and_makes_no_new_key(tmp_path: Path) -> None:
    """An encrypted store whose key file is gone is refused: restoring the key is the only
    way; a new key is never made over existing data."""
    url = f"sqlite:///{tmp_path / 'problemorienterat.db'}"
    make_app(url, tmp_path).close()
    (tmp_path / "encryption.key").unlink()

    with pytest.raises(EncryptionKeyError, match="missing"):
        make_app(url, tmp_path)
    assert not (tmp_path / "encryption.key").exists()


def test_a_wrong_key_stops_the_start_with_a_clear_message(
    database_url: str, tmp_path: Path
) -> None:
    """The key check value stored with the data tells a wrong key at once."""
    app = make_app(database_url, tmp_path, PROBLEMORIENTERAT_ENCRYPTION_KEY=TEST_ENCRYPTION_KEY)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    app.close()

    with pytest.raises(EncryptionKeyError, match="not the one this store was written with"):
        make_app(database_url, tmp_path, PROBLEMORIENTERAT_ENCRYPTION_KEY=OTHER_KEY)


def test_an_encrypted_store_refuses_to_start_with_encryption_off(
    database_url: str, tmp_path: Path
) -> None:
    """Turning encryption off does not open an encrypted store."""
    make_app(database_url, tmp_path).close()
    with pytest.raises(EncryptionKeyError, match="encrypted"):
        make_app(database_url, tmp_path, PROBLEMORIENTERAT_ENCRYPTION="off")


def test_postgres_without_a_key_is_refused_not_given_a_new_one(postgres_url: str) -> None:
    """PostgreSQL deployments must give the key: none is made silently."""
    with pytest.raises(EncryptionKeyError, match="PROBLEMORIENTERAT_ENCRYPTION_KEY"):
        ProblemorienteratApp(
            env={
                **make_env_without_key(postgres_url),
                "PROBLEMORIENTERAT_ENCRYPTION_KEY": "",
            }
        )


def make_env_without_key(url: str) -> dict[str, str]:
    from problemorienterat.config import store_env

    return store_env(url, Path("/nonexistent"))


def test_a_malformed_key_is_refused(tmp_path: Path) -> None:
    """A key that is not 32 bytes of base64 is refused before the store is opened."""
    with pytest.raises(EncryptionKeyError, match="32 bytes"):
        make_app(
            f"sqlite:///{tmp_path / 'x.db'}", tmp_path, PROBLEMORIENTERAT_ENCRYPTION_KEY="c2hvcnQ="
        )


def test_with_encryption_off_events_are_plain_json(tmp_path: Path) -> None:
    """Off (as for a benchmark baseline) stores plain JSON, as version 0.1 did."""
    app = make_app(
        f"sqlite:///{tmp_path / 'plain.db'}", tmp_path, PROBLEMORIENTERAT_ENCRYPTION="off"
    )
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        problem_id = identified(app)
        assert all(e.state.startswith(b"{") for e in _stored(app, problem_id))
    finally:
        app.close()


def test_long_states_are_compressed_short_ones_sealed_as_they_are() -> None:
    """States from COMPRESS_FROM bytes are deflated before sealing; both open to the same
    bytes, and a flipped compression flag fails like any other change."""
    from problemorienterat.infrastructure.sealing import COMPRESS_FROM, Sealer

    sealer = Sealer(MasterKey.generate())
    long_state = b'{"description": "' + b"inbrott " * COMPRESS_FROM + b'"}'
    short_state = b'{"a": 1}'
    sealed_long = sealer.seal(long_state, b"ctx")
    sealed_short = sealer.seal(short_state, b"ctx")

    assert len(sealed_long) < len(long_state) / 4
    assert sealer.open(sealed_long, b"ctx") == long_state
    assert sealer.open(sealed_short, b"ctx") == short_state
    flipped = sealed_short[:3] + b"\x01" + sealed_short[4:]
    with pytest.raises(ValueError, match="altered or moved"):
        sealer.open(flipped, b"ctx")
