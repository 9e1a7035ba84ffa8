"""The rules of administering users: another role, other municipalities, and invitation
links that work once, for a week, while they are the newest and the user is not revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import SYSTEM, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.errors import ClosedError, InvalidValueError
from problemorienterat.domain.user import INVITATION_VALIDITY, User, token_hash

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _user(role: Role = Role.MEMBER, municipalities: list[str] | None = None) -> User:
    return User.add(
        SYSTEM,
        name="Anna Lind",
        organisation=Organisation.KOMMUN,
        role=role,
        municipalities=["1882"] if municipalities is None else municipalities,
        hashed_token=token_hash("t"),
    )


def test_a_new_role_is_recorded_once_and_never_the_systems() -> None:
    user = _user()
    user.change_role(SYSTEM, Role.BRA)
    user.change_role(SYSTEM, Role.BRA)
    assert user.role is Role.BRA
    assert [type(e).__name__ for e in user.collect_events()] == ["Added", "RoleChanged"]
    with pytest.raises(InvalidValueError):
        user.change_role(SYSTEM, Role.SYSTEM)


def test_other_municipalities_move_the_home_and_every_role_but_admin_needs_one() -> None:
    user = _user()
    user.change_municipalities(SYSTEM, ["1980", "1882"])
    assert (user.municipality, user.municipalities) == ("1980", ["1980", "1882"])
    with pytest.raises(InvalidValueError):
        user.change_municipalities(SYSTEM, [])
    with pytest.raises(InvalidValueError):
        user.change_municipalities(SYSTEM, ["1882", "1882"])
    admin = _user(Role.ADMIN, [])
    with pytest.raises(InvalidValueError):
        admin.change_role(SYSTEM, Role.AUDITOR)  # an installation admin has no municipality


def test_a_revoked_user_is_changed_no_more() -> None:
    user = _user()
    user.revoke(SYSTEM)
    with pytest.raises(ClosedError):
        user.change_role(SYSTEM, Role.BRA)
    with pytest.raises(ClosedError):
        user.issue_invitation(SYSTEM, "a" * 64, NOW)


def test_an_invitation_works_once_within_a_week_while_it_is_the_newest() -> None:
    user = _user()
    first, second = "a" * 64, "b" * 64
    user.issue_invitation(SYSTEM, first, NOW)
    assert user.invitation_valid(first, NOW + INVITATION_VALIDITY - timedelta(seconds=1))
    assert not user.invitation_valid(first, NOW + INVITATION_VALIDITY)
    user.issue_invitation(SYSTEM, second, NOW)
    assert not user.invitation_valid(first, NOW)
    user.use_invitation(second, NOW)
    assert not user.invitation_valid(second, NOW)
    with pytest.raises(ClosedError):
        user.use_invitation(second, NOW)
    assert not user.invitation_valid("", NOW)


def test_role_municipality_and_invitation_events_are_stored_and_read_back(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """On SQLite and PostgreSQL: the new events load again (a fresh read of the store), and
    an invitation's secret leads to its user through the stored index only."""
    store_app.register_municipality(SYSTEM, code="1980", name="Västerås", reference_prefix="VÄS")
    added = store_app.add_user(
        SYSTEM,
        name="Lars Lagrad",
        organisation=Organisation.POLIS,
        role=Role.MEMBER,
        municipalities=["1882"],
        email="lars@polisen.se",
    )
    store_app.change_user(SYSTEM, added.user_id, role=Role.AUDITOR, municipalities=["1980", "1882"])
    secret = store_app.issue_invitation(SYSTEM, added.user_id, now=NOW)
    reread = make_app(database_url, tmp_path)  # another process's first read of the store
    user = reread.get_user(added.user_id)
    reread.close()
    assert (user.role, user.municipalities, user.municipality) == (
        Role.AUDITOR,
        ["1980", "1882"],
        "1980",
    )
    assert user.invitation_expires_at == NOW + INVITATION_VALIDITY
    assert store_app.invited_user(secret, NOW) is not None
    assert store_app.accept_invitation(secret, "s" * 64, NOW) is not None
    assert store_app.invited_user(secret, NOW) is None
    stored = b"".join(n.state for n in store_app.recorder.select_notifications(start=1, limit=1000))
    assert secret.encode() not in stored
