"""A user's working groups, a municipality's groups and its users are found through lookups,
not by reading every group or user of the installation; what was stored before the lookups
existed is found too."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from support import SYSTEM, TEST_ENCRYPTION_KEY
from typer.testing import CliRunner

from problemorienterat import server_memory
from problemorienterat.application import ProblemorienteratApp, lookups
from problemorienterat.cli import cli
from problemorienterat.config import Settings
from problemorienterat.contracts.policy import administered_users
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.errors import ConcurrentWriteError, NotFoundError
from problemorienterat.domain.user import User
from problemorienterat.domain.working_group import (
    GroupKind,
    MembershipIndex,
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


def _no_reading_every_aggregate(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(event_class: type) -> list[UUID]:
        raise AssertionError(f"every {event_class.__qualname__} was read")

    monkeypatch.setattr(ProblemorienteratApp, "_recorded_by", lambda _self, cls: refuse(cls))


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
    assert "MembershipIndex" in app.build_lookups()  # as `serve` does at its start
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

    _no_reading_every_aggregate(monkeypatch)
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
        assert "MembershipIndex" in app.build_lookups()
        assert later.build_lookups() == []  # done already: nothing recorded twice
        before = app.recorder.max_notification_id()
        assert app.build_lookups() == []
        assert app.recorder.max_notification_id() == before
        _no_reading_every_aggregate(monkeypatch)
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

    _no_reading_every_aggregate(monkeypatch)
    assert _names(app, anna) == ["Trygg i centrum", "UNG-gruppen"]
    assert _names(app, "u-bo") == ["Trygg i centrum"]
    assert "MembershipIndex" not in app.build_lookups()


def test_a_membership_that_fails_to_save_leaves_no_index(
    store_app: ProblemorienteratApp,
) -> None:
    """On SQLite and PostgreSQL: two processes add a member to the same version of a group;
    the second is refused as a conflict, and neither its group event nor its index is
    stored (one transaction)."""
    app = store_app
    app.build_lookups()
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
            other.load(MembershipIndex, MembershipIndex.id_for(bo))
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
        _no_reading_every_aggregate(monkeypatch)  # the start has read what it needed
        try:
            served.append(_names(running, "u-anna"))
        finally:
            running.close()

    monkeypatch.setattr("uvicorn.run", run)
    monkeypatch.setattr(server_memory, "settle_after_start_up", lambda: None)
    result = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert served == [["UNG-gruppen"]]


def _user(app: ProblemorienteratApp, name: str, role: Role, municipalities: list[str]) -> str:
    return app.add_user(
        SYSTEM, name=name, organisation=Organisation.KOMMUN, role=role,
        municipalities=municipalities,
    ).user_id  # fmt: skip


def _people(users: list[User]) -> list[str]:
    return [u.name for u in users]


def _two_municipalities(app: ProblemorienteratApp) -> dict[str, str]:
    """Kungsör's and Nora's users, one revoked, one moved to Kungsör, one moved away."""
    app.register_municipality(SYSTEM, code="1884", name="Nora", reference_prefix="NOR")
    ids = {
        "Anna": _user(app, "Anna Lind", Role.MEMBER, ["1882"]),
        "Bo": _user(app, "Bo Ek", Role.BRA, ["1882"]),
        "Cecilia": _user(app, "Cecilia Ros", Role.MEMBER, ["1882"]),
        "Dan": _user(app, "Dan Berg", Role.MEMBER, ["1884"]),
        "Erik": _user(app, "Erik Sten", Role.MEMBER, ["1882"]),
        "Fia": _user(app, "Fia Holm", Role.MEMBER, ["1884", "1882"]),
        "Göran": _user(app, "Göran Ask", Role.MEMBER, ["1884"]),
    }
    app.revoke_user(SYSTEM, ids["Cecilia"])
    app.change_user(SYSTEM, ids["Dan"], role=Role.MEMBER, municipalities=["1882"])
    app.change_user(SYSTEM, ids["Erik"], role=Role.MEMBER, municipalities=["1884"])
    return ids


def test_a_municipalitys_users_are_found_without_reading_every_user(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: the users given a municipality now (revoked ones too), by
    name; whom a group of it may take; whom its administrator manages."""
    app = store_app
    app.build_lookups()
    _two_municipalities(app)
    admin = app.get_user(_user(app, "Admin Kungsör", Role.ADMIN, ["1882"]))

    _no_reading_every_aggregate(monkeypatch)
    assert _people(app.users_in("1882")) == [
        "Admin Kungsör", "Anna Lind", "Bo Ek", "Cecilia Ros", "Dan Berg", "Fia Holm",
    ]  # fmt: skip
    assert _people(app.users_in("1884")) == ["Erik Sten", "Fia Holm", "Göran Ask"]
    assert _people(app.users_in("0000")) == []
    assert _people(app.member_candidates("1882")) == ["Anna Lind", "Dan Berg", "Fia Holm"]
    # not Fia, who has Nora too
    assert _people(administered_users(app, Principal.of(admin))) == [
        "Admin Kungsör", "Anna Lind", "Bo Ek", "Cecilia Ros", "Dan Berg",
    ]  # fmt: skip


def test_a_municipalitys_groups_are_found_without_reading_every_group(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: a municipality's groups, the active ones first."""
    app = store_app
    app.register_municipality(SYSTEM, code="1884", name="Nora", reference_prefix="NOR")
    _group(app, "UNG-gruppen")
    _group(app, "Nora samverkan", "1884")
    app.dissolve_group(SYSTEM, _group(app, "Avslutad grupp"), reason="Klart.")
    _group(app, "Trygg i centrum")

    _no_reading_every_aggregate(monkeypatch)
    assert [(g.name, g.is_dissolved) for g in app.groups_in("1882")] == [
        ("Trygg i centrum", False), ("UNG-gruppen", False), ("Avslutad grupp", True),
    ]  # fmt: skip
    assert [g.name for g in app.groups_in("1884")] == ["Nora samverkan"]


def test_users_and_groups_stored_before_the_lookups_are_found(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: users and groups saved as versions before the lookups saved
    them are found by reading everything until the lookups are built, and through the
    lookups alone afterwards."""
    app = store_app
    with monkeypatch.context() as before:
        before.setattr(lookups, "KINDS", ())  # as earlier versions saved
        ids = _two_municipalities(app)
        group = _group(app, "UNG-gruppen")
        _group(app, "Nora samverkan", "1884")
        app.add_member(SYSTEM, group, user_id=ids["Anna"])
    expected = ["Anna Lind", "Bo Ek", "Cecilia Ros", "Dan Berg", "Fia Holm"]
    assert _people(app.users_in("1882")) == expected
    assert [g.name for g in app.groups_in("1882")] == ["UNG-gruppen"]
    assert app.build_lookups() == [
        "MembershipIndex", "MunicipalityGroupIndex", "MunicipalityUserIndex",
    ]  # fmt: skip
    _no_reading_every_aggregate(monkeypatch)
    assert _people(app.users_in("1882")) == expected
    assert [g.name for g in app.groups_in("1882")] == ["UNG-gruppen"]
    assert _names(app, ids["Anna"]) == ["UNG-gruppen"]


def test_a_key_spelled_like_the_marker_is_an_ordinary_key(
    store_app: ProblemorienteratApp,
) -> None:
    """On SQLite and PostgreSQL: a member whose (older, free-text) user id is "built" has
    a lookup of their own, apart from the record that the lookups are built."""
    app = store_app
    app.build_lookups()
    group = app.get_group(_group(app, "UNG-gruppen"))
    group.add_member(SYSTEM, user_id="built", name="Anna Lind", organisation=Organisation.KOMMUN)
    app.commit(group)
    assert _names(app, "built") == ["UNG-gruppen"]
    assert app.build_lookups() == []
