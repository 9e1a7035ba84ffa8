"""A user's working groups are found through their membership index, not by reading every
group of the installation; memberships recorded before the index existed are found too."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from support import SYSTEM, TEST_ENCRYPTION_KEY
from typer.testing import CliRunner

from problemorienterat import server_memory
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.cli import cli
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.errors import ConcurrentWriteError, NotFoundError
from problemorienterat.domain.working_group import (
    GroupKind,
    MembershipIndex,
    WorkingGroup,
    membership_index_id,
)
from problemorienterat.infrastructure.library_compat import ApplicationWithHooks


def _group(app: ProblemorienteratApp, name: str, municipality: str = "1882") -> UUID:
    return app.establish_group(
        SYSTEM, municipality=municipality, name=name, kind=GroupKind.STANDING, mandate="Uppdrag."
    ).aggregate_id


def _member(app: ProblemorienteratApp, name: str, municipalities: list[str]) -> str:
    return app.add_user(
        SYSTEM,
        name=name,
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=municipalities,
    ).user_id


def _names(app: ProblemorienteratApp, user_id: str) -> list[str]:
    return [g.name for g in app.groups_of(user_id)]


def _no_reading_every_group(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> list[WorkingGroup]:
        raise AssertionError("every group was read")

    monkeypatch.setattr(ProblemorienteratApp, "active_groups", lambda _self: refuse())


def _legacy_member(app: ProblemorienteratApp, group_id: UUID, user_id: str, name: str) -> None:
    """Add a member as versions before the index saved it: the group's event alone."""
    group = app.get_group(group_id)
    group.add_member(SYSTEM, user_id=user_id, name=name, organisation=Organisation.KOMMUN)
    ApplicationWithHooks.save(app, group)


def test_a_users_groups_are_found_without_reading_every_group(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: the groups a user is in now, in any municipality, by name;
    not a group they were removed from, not a dissolved one, not another user's."""
    app = store_app
    app.register_municipality(SYSTEM, code="1884", name="Nora", reference_prefix="NOR")
    assert app.index_memberships()  # as `serve` does at its start
    ung, trygg, gamla, nora, annan = (
        _group(app, "UNG-gruppen"),
        _group(app, "Trygg i centrum"),
        _group(app, "Gamla gruppen"),
        _group(app, "Nora samverkan", "1884"),
        _group(app, "Annan grupp"),
    )
    anna = _member(app, "Anna Lind", ["1882", "1884"])
    bo = _member(app, "Bo Ek", ["1882"])
    for group in (ung, trygg, gamla, nora):
        app.add_member(SYSTEM, group, user_id=anna)
    app.add_member(SYSTEM, annan, user_id=bo)
    app.remove_member(SYSTEM, trygg, user_id=anna)
    app.dissolve_group(SYSTEM, gamla, reason="Uppdraget är slutfört.")

    _no_reading_every_group(monkeypatch)
    assert _names(app, anna) == ["Nora samverkan", "UNG-gruppen"]
    assert _names(app, bo) == ["Annan grupp"]
    assert _names(app, "no-such-user") == []
    app.add_member(SYSTEM, trygg, user_id=anna)  # back again
    assert _names(app, anna) == ["Nora samverkan", "Trygg i centrum", "UNG-gruppen"]
    other = ProblemorienteratApp(env=dict(app.env))  # another process on the same store
    try:
        assert _names(other, anna) == ["Nora samverkan", "Trygg i centrum", "UNG-gruppen"]
    finally:
        other.close()


def test_memberships_recorded_before_the_index_are_found_and_indexed_once(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: a membership stored as earlier versions stored it (on the
    group alone) is found by reading every group until the installation is indexed; the
    server's start indexes it, once, and from then on the index alone finds it."""
    app = store_app
    ung = _group(app, "UNG-gruppen")
    _legacy_member(app, ung, "u-anna", "Anna Lind")
    assert _names(app, "u-anna") == ["UNG-gruppen"]  # read from every group

    later = ProblemorienteratApp(env=dict(app.env))  # another process on the same store
    try:
        assert app.index_memberships()
        assert not later.index_memberships()  # done already: nothing recorded twice
        before = app.recorder.max_notification_id()
        assert not app.index_memberships()
        assert app.recorder.max_notification_id() == before
        _no_reading_every_group(monkeypatch)
        assert _names(later, "u-anna") == ["UNG-gruppen"]
        assert _names(app, "u-bo") == []
    finally:
        later.close()


def test_the_first_change_of_a_membership_indexes_the_earlier_ones_with_it(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: on a store not yet indexed, adding a member records the
    index of every membership stored before, in the same transaction."""
    app = store_app
    ung, trygg = _group(app, "UNG-gruppen"), _group(app, "Trygg i centrum")
    anna = _member(app, "Anna Lind", ["1882"])
    _legacy_member(app, ung, anna, "Anna Lind")
    _legacy_member(app, trygg, "u-bo", "Bo Ek")
    app.add_member(SYSTEM, trygg, user_id=anna)

    _no_reading_every_group(monkeypatch)
    assert _names(app, anna) == ["Trygg i centrum", "UNG-gruppen"]
    assert _names(app, "u-bo") == ["Trygg i centrum"]
    assert not app.index_memberships()


def test_a_membership_that_fails_to_save_leaves_no_index(
    store_app: ProblemorienteratApp,
) -> None:
    """On SQLite and PostgreSQL: two processes add a member to the same version of a group;
    the second is refused as a conflict, and neither its group event nor its index is
    stored (one transaction)."""
    app = store_app
    app.index_memberships()
    ung = _group(app, "UNG-gruppen")
    anna, bo = _member(app, "Anna Lind", ["1882"]), _member(app, "Bo Ek", ["1882"])
    other = ProblemorienteratApp(env=dict(app.env))
    try:
        first, second = app.get_group(ung), other.get_group(ung)
        first.add_member(SYSTEM, user_id=anna, name="Anna Lind", organisation=Organisation.KOMMUN)
        second.add_member(SYSTEM, user_id=bo, name="Bo Ek", organisation=Organisation.KOMMUN)
        app.commit(first)
        with pytest.raises(ConcurrentWriteError):
            other.commit(second)
        assert _names(other, anna) == ["UNG-gruppen"]
        assert _names(other, bo) == []
        with pytest.raises(NotFoundError):
            other.load(MembershipIndex, membership_index_id(bo))
    finally:
        other.close()


def test_serve_indexes_the_memberships_stored_before_the_index_before_it_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgraded installation: `serve` records the index of every earlier membership at
    its start, so the first member's request already goes by the index."""
    monkeypatch.setenv("PROBLEMORIENTERAT_ENCRYPTION_KEY", TEST_ENCRYPTION_KEY)
    settings = Settings(data_dir=tmp_path)
    app = ProblemorienteratApp.from_settings(settings)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    _legacy_member(app, _group(app, "UNG-gruppen"), "u-anna", "Anna Lind")
    app.close()
    served: list[list[str]] = []

    def run(*_args: Any, **_kwargs: Any) -> None:
        running = ProblemorienteratApp.from_settings(settings)  # as a request would find it
        try:
            served.append(_names(running, "u-anna"))
        finally:
            running.close()

    _no_reading_every_group(monkeypatch)  # the start's indexing reads the groups otherwise
    monkeypatch.setattr("uvicorn.run", run)
    monkeypatch.setattr(server_memory, "settle_after_start_up", lambda: None)
    result = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert served == [["UNG-gruppen"]]
