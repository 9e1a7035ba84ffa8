"""The chain check on request is bounded: after a signed checkpoint kept in the store it
reads only the events after it, an unchanged head is answered from the last result, and the
whole chain is recomputed at most once per interval. Tampering after the checkpoint is found
at once; tampering before it by the next full check. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import approved, identified
from test_tamper_evidence import Tamperer, _recompute_chain

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.audit.bounded import BoundedChainCheck
from problemorienterat.audit.checkpoint import (
    load_or_create_signing_key,
    make_checkpoint,
    public_key_hex,
)
from problemorienterat.audit.verify import verify_chain
from problemorienterat.infrastructure.chain_store import chain_store

HOUR = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(name="checkpointed")
def checkpointed_fixture(
    store_app: ProblemorienteratApp, tmp_path: Path
) -> tuple[ProblemorienteratApp, str, int]:
    """A store with a signed checkpoint kept in it, and events recorded after it: the
    application, the trusted public key and the checkpoint's position."""
    approved(store_app)
    key, _ = load_or_create_signing_key(tmp_path / "signing.pem")
    checkpoint = make_checkpoint(verify_chain(chain_store(store_app.recorder)), key)
    store_app.checkpoints.add(checkpoint)
    identified(store_app)  # events after the checkpoint
    return store_app, public_key_hex(key), checkpoint.position


def _clocked(app: ProblemorienteratApp) -> Clock:
    clock = Clock()
    app._bounded_chain_check = BoundedChainCheck(clock)  # type: ignore[misc]
    return clock


def test_after_a_checkpoint_only_the_events_after_it_are_read(
    checkpointed: tuple[ProblemorienteratApp, str, int],
) -> None:
    app, public_key, position = checkpointed
    head = app.recorder.max_notification_id() or 0
    result = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert result.intact
    assert result.started_after == position
    assert result.walked == head - position
    assert result.events == head
    assert result.head_position == head


def test_an_unchanged_head_is_answered_from_the_last_check(
    checkpointed: tuple[ProblemorienteratApp, str, int],
) -> None:
    app, public_key, _ = checkpointed
    first = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR) is (
        first
    )
    identified(app)
    later = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert later.started_after == first.head_position  # only what came since
    assert later.walked == later.head_position - first.head_position


def test_a_checkpoint_signed_by_another_key_is_not_a_starting_point(
    checkpointed: tuple[ProblemorienteratApp, str, int], tmp_path: Path
) -> None:
    app, _, _ = checkpointed
    other, _ = load_or_create_signing_key(tmp_path / "other.pem")
    result = app.check_chain_bounded(
        trusted_public_key=public_key_hex(other), full_every_seconds=HOUR
    )
    assert result.intact
    assert result.started_after == 0
    assert result.walked == result.events


def test_tampering_after_the_checkpoint_is_found_by_the_incremental_check(
    checkpointed: tuple[ProblemorienteratApp, str, int],
) -> None:
    app, public_key, position = checkpointed
    target = next(p for p in Tamperer(app).positions() if p > position)
    Tamperer(app).sql("UPDATE {events} SET state = ? WHERE {pos} = ?", b'{"edited":1}', target)
    result = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert result.started_after == position
    assert result.break_position == target


def test_tampering_before_the_checkpoint_is_found_by_the_next_full_check(
    checkpointed: tuple[ProblemorienteratApp, str, int],
) -> None:
    app, public_key, position = checkpointed
    clock = _clocked(app)
    assert app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR).intact
    target = next(p for p in Tamperer(app).positions() if p < position)
    Tamperer(app).sql("UPDATE {events} SET state = ? WHERE {pos} = ?", b'{"edited":1}', target)
    identified(app)  # a new head: checked again, but only after the last verified state
    incremental = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert incremental.intact
    assert incremental.started_after > position
    clock.now += HOUR  # the full check is due
    identified(app)
    full = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert full.started_after == 0
    assert full.break_position == target
    identified(app)  # and the break is reported until a full check finds the chain whole
    assert app.check_chain_bounded(
        trusted_public_key=public_key, full_every_seconds=HOUR
    ).break_position == (target)


def test_an_idle_store_is_walked_whole_again_when_the_full_check_is_due(
    checkpointed: tuple[ProblemorienteratApp, str, int],
) -> None:
    """No new event, so the same head; still, once the interval has passed, the whole chain
    is recomputed and an edit made meanwhile is found."""
    app, public_key, position = checkpointed
    clock = _clocked(app)
    first = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert first.started_after == position
    target = next(p for p in Tamperer(app).positions() if p < position)
    Tamperer(app).sql("UPDATE {events} SET state = ? WHERE {pos} = ?", b'{"edited":1}', target)
    assert app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR) is (
        first
    )
    clock.now += HOUR
    full = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert full.started_after == 0
    assert full.break_position == target


def test_history_rewritten_before_the_checkpoint_is_found_without_a_full_check(
    checkpointed: tuple[ProblemorienteratApp, str, int],
) -> None:
    """Editing an event and recomputing every link (a forger with database access) changes
    the link at the checkpoint's position, which the incremental check compares first."""
    app, public_key, position = checkpointed
    tamperer = Tamperer(app)
    target = next(p for p in tamperer.positions() if p < position)
    tamperer.sql("UPDATE {events} SET state = ? WHERE {pos} = ?", b'{"forged":1}', target)
    _recompute_chain(app, tamperer)
    result = app.check_chain_bounded(trusted_public_key=public_key, full_every_seconds=HOUR)
    assert not result.intact
    assert result.break_position == position
    assert "signed checkpoint" in (result.problem or "")


def test_the_latest_checkpoint_is_kept_and_found(
    checkpointed: tuple[ProblemorienteratApp, str, int], tmp_path: Path
) -> None:
    app, public_key, position = checkpointed
    latest = app.latest_checkpoint(public_key)
    assert latest is not None
    assert latest.position == position
    key, _ = load_or_create_signing_key(tmp_path / "signing.pem")
    newer = make_checkpoint(verify_chain(chain_store(app.recorder)), key)
    app.checkpoints.add(newer)
    found = app.latest_checkpoint(public_key)
    assert found is not None
    assert found.position == newer.position > position
