"""The rules of reminders on the aggregates: an e-mail address must be one (and is never
repeated in the error), who gets digests, and the states of a day's digest (claimed, sent,
failed, claimed again only when failed or left sending too long)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from support import SYSTEM

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.errors import ClosedError, ForbiddenError, InvalidValueError
from problemorienterat.domain.reminder import DigestStatus, ReminderDigest, reminder_digest_id

ADMIN = Actor("cli", "Kommandoraden", Organisation.ANNAN, Role.ADMIN)
DAY = date(2026, 4, 27)


def _user(app: ProblemorienteratApp) -> str:
    return app.add_user(
        SYSTEM, name="Anna Lind", organisation=Organisation.KOMMUN, role=Role.MEMBER,
        municipalities=["1882"],
    ).user_id  # fmt: skip


@pytest.mark.parametrize(
    "address",
    [
        "anna",
        "anna@",
        "@kungsor.se",
        "anna@kungsor",
        "anna lind@kungsor.se",
        "a<b>@x.se",
        "a@b@kungsor.se",
    ],
)
def test_an_e_mail_address_must_be_one(app: ProblemorienteratApp, address: str) -> None:
    """Refused, naming the field, without repeating what was given."""
    user_id = _user(app)
    with pytest.raises(InvalidValueError) as refused:
        app.set_email_address(ADMIN, user_id, address)
    assert refused.value.field == "email"
    assert address not in str(refused.value)


def test_only_an_administrator_sets_an_address(app: ProblemorienteratApp) -> None:
    user_id = _user(app)
    me = app.get_user(user_id).actor
    with pytest.raises(ForbiddenError):
        app.set_email_address(me, user_id, "anna@kungsor.se")


def test_only_the_user_turns_their_own_digests_off(app: ProblemorienteratApp) -> None:
    user_id, other_id = _user(app), _user(app)
    with pytest.raises(ForbiddenError):
        app.set_digests(app.get_user(other_id).actor, user_id, enabled=False)


def test_digests_go_to_active_users_with_an_address_who_did_not_turn_them_off(
    app: ProblemorienteratApp,
) -> None:
    user_id = _user(app)
    assert not app.get_user(user_id).wants_digests  # no address yet
    app.set_email_address(ADMIN, user_id, "anna@kungsor.se")
    assert app.get_user(user_id).wants_digests
    app.set_digests(app.get_user(user_id).actor, user_id, enabled=False)
    assert not app.get_user(user_id).wants_digests
    app.set_digests(app.get_user(user_id).actor, user_id, enabled=True)
    app.revoke_user(ADMIN, user_id)
    assert not app.get_user(user_id).wants_digests
    assert app.digest_recipients() == []


def test_an_erased_address_gets_no_digests(app: ProblemorienteratApp) -> None:
    """Erasing the user's personal data (their key) erases the address everywhere."""
    user_id = _user(app)
    app.set_email_address(ADMIN, user_id, "anna@kungsor.se")
    app.erase_person(ADMIN, app.get_user(user_id).id, reason="Begäran om radering.")
    user = app.get_user(user_id)
    assert user.email is not None
    assert user.email.is_erased
    assert not user.wants_digests


def test_an_empty_address_removes_it(app: ProblemorienteratApp) -> None:
    user_id = _user(app)
    app.set_email_address(ADMIN, user_id, "anna@kungsor.se")
    app.set_email_address(ADMIN, user_id, " ")
    assert app.get_user(user_id).email is None


def test_a_digest_is_one_per_user_and_day() -> None:
    user_id = uuid4()
    assert reminder_digest_id(user_id, DAY) == reminder_digest_id(user_id, DAY)
    assert reminder_digest_id(user_id, DAY) != reminder_digest_id(user_id, DAY + timedelta(1))
    assert reminder_digest_id(user_id, DAY) != reminder_digest_id(uuid4(), DAY)


def _claimed() -> ReminderDigest:
    return ReminderDigest.claim(SYSTEM, municipality="1882", user_id=uuid4(), day=DAY, items=2)


def test_a_digest_with_nothing_in_it_is_not_claimed() -> None:
    with pytest.raises(InvalidValueError):
        ReminderDigest.claim(SYSTEM, municipality="1882", user_id=uuid4(), day=DAY, items=0)


def test_a_sent_digest_is_never_claimed_again() -> None:
    digest = _claimed()
    digest.record_sent(SYSTEM)
    assert digest.status is DigestStatus.SENT
    far = datetime.now(UTC) + timedelta(days=1)
    assert not digest.may_claim_again(far, timedelta(minutes=30))
    with pytest.raises(ClosedError):
        digest.claim_again(SYSTEM, items=2, now=far, stale_after=timedelta(minutes=30))


def test_a_failed_digest_is_claimed_again_at_once() -> None:
    digest = _claimed()
    digest.record_failure(SYSTEM, "cannot reach server (ConnectionRefusedError)")
    now = datetime.now(UTC)
    assert digest.may_claim_again(now, timedelta(minutes=30))
    digest.claim_again(SYSTEM, items=3, now=now, stale_after=timedelta(minutes=30))
    assert (digest.status, digest.attempts, digest.items) == (DigestStatus.SENDING, 2, 3)


def test_a_digest_left_sending_is_claimed_again_only_when_stale() -> None:
    digest = _claimed()
    now = datetime.now(UTC)
    assert not digest.may_claim_again(now + timedelta(minutes=29), timedelta(minutes=30))
    assert digest.may_claim_again(now + timedelta(minutes=31), timedelta(minutes=30))
