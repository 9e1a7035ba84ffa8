"""The rules of administering users: another role, other municipalities, and invitation
links that work once, for a week, while they are the newest and the user is not revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support import SYSTEM

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
