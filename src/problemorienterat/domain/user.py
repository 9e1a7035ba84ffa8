"""Users of the tracker: who may sign in, in which role, for which municipalities.

A user signs in with a bearer token. Only the token's SHA-256 hash is recorded; a
:class:`TokenIndex` aggregate, whose id is derived from that hash, leads from a presented
token to its user without scanning anything. The secret of a user's calendar feed is kept
the same way (:class:`CalendarFeedIndex`); their e-mail address, for reminders, is personal
data sealed with their own key.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.base import MunicipalAggregate, require_text
from problemorienterat.domain.errors import ClosedError, InvalidValueError
from problemorienterat.domain.limits import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH
from problemorienterat.domain.lookup import Lookup, LookupBuilt
from problemorienterat.domain.personal_data import PersonalData

_TOKEN_NAMESPACE = uuid5(NAMESPACE_URL, "urn:problemorienterat:token")
_CALENDAR_FEED_NAMESPACE = uuid5(NAMESPACE_URL, "urn:problemorienterat:calendar-feed")
_INVITATION_NAMESPACE = uuid5(NAMESPACE_URL, "urn:problemorienterat:invitation")
_IDENTITY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:problemorienterat:identity")

INVITATION_VALIDITY = timedelta(days=7)
"""How long an invitation link may be used (once) after it is issued."""


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex (tokens are 32 random bytes)."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_index_id(hashed: str) -> UUID:
    return uuid5(_TOKEN_NAMESPACE, hashed)


def identity_hash(issuer: str, subject: str) -> str:
    """The stored form of an identity at an OpenID Provider: the SHA-256 of its issuer and
    subject (the subject itself is not recorded)."""
    return hashlib.sha256(f"{issuer}\0{subject}".encode()).hexdigest()


def identity_index_id(hashed: str) -> UUID:
    """The id of the :class:`IdentityIndex` of an identity's hash (:func:`identity_hash`)."""
    return uuid5(_IDENTITY_NAMESPACE, hashed)


IDENTITY_INDEX_BUILT_ID = uuid5(_IDENTITY_NAMESPACE, "built")
"""The id of the one :class:`IdentityIndexBuilt`."""


def calendar_feed_index_id(hashed: str) -> UUID:
    """The id of the :class:`CalendarFeedIndex` of a calendar feed secret's hash."""
    return uuid5(_CALENDAR_FEED_NAMESPACE, hashed)


def invitation_index_id(hashed: str) -> UUID:
    """The id of the :class:`InvitationIndex` of an invitation secret's hash."""
    return uuid5(_INVITATION_NAMESPACE, hashed)


def check_email_address(value: str) -> str:
    """``value`` stripped if it looks like an e-mail address (one ``@``, a dot in the domain,
    no spaces, at most 254 characters); the error never repeats it."""
    text = value.strip()
    local, at, domain = text.rpartition("@")
    if (
        not at
        or not local
        or "@" in local
        or "." not in domain.strip(".")
        or len(text) > EMAIL_MAX_LENGTH
        or any(c.isspace() or ord(c) < 0x20 or c in '<>,;"' for c in text)
    ):
        raise InvalidValueError("That is not an e-mail address.", field="email")
    return text


class User(MunicipalAggregate):
    """A person using the tracker in one role; ``municipalities`` are those they may see.

    ``municipality`` (from :class:`MunicipalAggregate`) is the first of them, the user's home.
    """

    class Event(MunicipalAggregate.Event):
        pass

    class Added(MunicipalAggregate.Created):
        name: str
        organisation: Organisation
        role: Role
        municipalities: list[str]
        token_hash: str

        def apply(self, user: User) -> None:
            super().apply(user)
            user.name = self.name
            user.organisation = self.organisation
            user.role = self.role
            user.municipalities = list(self.municipalities)
            user.token_hash = self.token_hash

    class Revoked(Event):
        def apply(self, user: User) -> None:
            user.revoked_at = self.timestamp

    class SessionEnded(Event):
        """The user logged out of a web session (named by a digest of its random id): a
        copy of that session's cookie no longer lets anyone in."""

        session: str

        def apply(self, user: User) -> None:
            user.ended_sessions.add(self.session)

    class IdentityLinked(Event):
        """The user signs in through the OpenID Provider ``issuer`` as the subject whose
        :func:`identity_hash` is ``subject_hash`` (recorded by the user's first sign-in, or
        by an administrator who registered the subject). It replaces an earlier link to the
        same issuer."""

        issuer: str
        subject_hash: str

        def apply(self, user: User) -> None:
            user.identities[self.issuer] = self.subject_hash

    class SignedIn(Event):
        """The user signed in to a web session (named by the digest its end would record,
        see :class:`SessionEnded`), with ``method``: ``token`` or ``oidc:{provider id}``."""

        session: str
        method: str

        def apply(self, user: User) -> None:
            user.last_sign_in = self.timestamp

    class RoleChanged(Event):
        """An administrator gave the user another role."""

        role: Role

        def apply(self, user: User) -> None:
            user.role = self.role

    class MunicipalitiesChanged(Event):
        """An administrator changed the municipalities the user is given (the first is
        their home municipality)."""

        municipalities: list[str]

        def apply(self, user: User) -> None:
            user.municipalities = list(self.municipalities)
            user.municipality = self.municipalities[0] if self.municipalities else ""

    class InvitationIssued(Event):
        """An invitation link that signs the user in once, until ``expires_at``: only the
        secret's SHA-256 is recorded. A new one replaces the one before."""

        invitation_hash: str
        expires_at: datetime

        def apply(self, user: User) -> None:
            user.invitation_hash = self.invitation_hash
            user.invitation_expires_at = self.expires_at

    class InvitationUsed(Event):
        """The invited person followed the link and was signed in: it works no more."""

        invitation_hash: str

        def apply(self, user: User) -> None:
            user.used_invitations.add(self.invitation_hash)

    class EmailAddressSet(Event):
        """The address reminders are sent to: personal data, sealed with the user's own key
        (subject: the user's id), so erasing the user erases it everywhere."""

        email: PersonalData

        def apply(self, user: User) -> None:
            user.email = self.email

    class EmailAddressRemoved(Event):
        def apply(self, user: User) -> None:
            user.email = None

    class DigestsTurnedOff(Event):
        """The user wants no reminder digests by e-mail."""

        def apply(self, user: User) -> None:
            user.digests_off = True

    class DigestsTurnedOn(Event):
        def apply(self, user: User) -> None:
            user.digests_off = False

    class CalendarFeedIssued(Event):
        """A secret calendar feed address: only the secret's SHA-256 is recorded. A new one
        replaces the one before."""

        feed_hash: str

        def apply(self, user: User) -> None:
            user.calendar_feed_hash = self.feed_hash

    class CalendarFeedRevoked(Event):
        def apply(self, user: User) -> None:
            user.calendar_feed_hash = ""

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.organisation = Organisation.ANNAN
        self.role = Role.MEMBER
        self.municipalities: list[str] = []
        self.token_hash = ""
        self.revoked_at: datetime | None = None
        self.ended_sessions: set[str] = set()
        self.email: PersonalData | None = None
        self.digests_off = False
        self.calendar_feed_hash = ""
        self.identities: dict[str, str] = {}
        self.last_sign_in: datetime | None = None
        self.invitation_hash = ""
        self.invitation_expires_at: datetime | None = None
        self.used_invitations: set[str] = set()

    @property
    def user_id(self) -> str:
        return str(self.id)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def actor(self) -> Actor:
        """How the user is recorded on the events they cause."""
        return Actor(self.user_id, self.name, self.organisation, self.role)

    @classmethod
    def add(
        cls,
        actor: Actor,
        *,
        name: str,
        organisation: Organisation,
        role: Role,
        municipalities: list[str],
        hashed_token: str,
    ) -> User:
        if role is Role.SYSTEM:
            raise InvalidValueError("The system role is not given to users.", field="role")
        if role is not Role.ADMIN and not municipalities:
            raise InvalidValueError("A user needs a municipality.", field="municipalities")
        if len(set(municipalities)) != len(municipalities):
            raise InvalidValueError(
                "Name each municipality once; a code is repeated.", field="municipalities"
            )
        return cls._create(
            cls.Added,
            actor=actor,
            municipality=municipalities[0] if municipalities else "",
            name=require_text("name", name, max_length=NAME_MAX_LENGTH),
            organisation=organisation,
            role=role,
            municipalities=list(municipalities),
            token_hash=hashed_token,
        )

    def change_role(self, actor: Actor, role: Role) -> None:
        """Give the user another role (nothing is recorded if it is the same)."""
        if role is Role.SYSTEM:
            raise InvalidValueError("The system role is not given to users.", field="role")
        if self.is_revoked:
            raise ClosedError("The user is revoked.")
        if role is not Role.ADMIN and not self.municipalities:
            raise InvalidValueError("A user needs a municipality.", field="municipalities")
        if role is not self.role:
            self.record(self.RoleChanged, actor, role=role)

    def change_municipalities(self, actor: Actor, municipalities: list[str]) -> None:
        """Give the user these municipalities instead (the first is their home)."""
        if self.is_revoked:
            raise ClosedError("The user is revoked.")
        if self.role is not Role.ADMIN and not municipalities:
            raise InvalidValueError("A user needs a municipality.", field="municipalities")
        if len(set(municipalities)) != len(municipalities):
            raise InvalidValueError(
                "Name each municipality once; a code is repeated.", field="municipalities"
            )
        if list(municipalities) != self.municipalities:
            self.record(self.MunicipalitiesChanged, actor, municipalities=list(municipalities))

    def issue_invitation(self, actor: Actor, invitation_hash: str, now: datetime) -> None:
        """A new invitation link, valid once for :data:`INVITATION_VALIDITY` (the one
        before, if any, stops working)."""
        if len(invitation_hash) != 64:
            raise InvalidValueError("An invitation hash is a SHA-256 in hex.", field="invitation")
        if self.is_revoked:
            raise ClosedError("The user is revoked.")
        self.record(
            self.InvitationIssued,
            actor,
            invitation_hash=invitation_hash,
            expires_at=now + INVITATION_VALIDITY,
        )

    def invitation_valid(self, invitation_hash: str, now: datetime) -> bool:
        """Whether the invitation with this hash still signs the user in: it is the user's
        latest, unused, not expired, and the user is not revoked."""
        return (
            not self.is_revoked
            and bool(invitation_hash)
            and invitation_hash == self.invitation_hash
            and invitation_hash not in self.used_invitations
            and self.invitation_expires_at is not None
            and now < self.invitation_expires_at
        )

    def use_invitation(self, invitation_hash: str, now: datetime) -> None:
        """The invited person follows the link (recorded as the user's own act)."""
        if not self.invitation_valid(invitation_hash, now):
            raise ClosedError("The invitation is used, replaced, expired or revoked.")
        self.record(self.InvitationUsed, self.actor, invitation_hash=invitation_hash)

    def has_ended(self, session: str) -> bool:
        """Whether the web session with this digest was ended by logging out."""
        return session in self.ended_sessions

    def end_session(self, session: str) -> None:
        """Log out of one web session (recorded as the user's own act)."""
        if not session or len(session) > 128:
            raise InvalidValueError("A session digest is 1–128 characters.", field="session")
        if self.has_ended(session):
            return
        self.record(self.SessionEnded, self.actor, session=session)

    def has_identity(self, issuer: str, subject_hash: str) -> bool:
        """Whether the user signs in through ``issuer`` as that subject."""
        return self.identities.get(issuer) == subject_hash

    def link_identity(self, actor: Actor, issuer: str, subject_hash: str) -> None:
        """Sign in through ``issuer`` as the subject hashed to ``subject_hash`` from now on."""
        if len(subject_hash) != 64 or not issuer or len(issuer) > 2000:
            raise InvalidValueError("An identity is an issuer and a SHA-256.", field="subject")
        if self.is_revoked:
            raise ClosedError("The user is revoked.")
        if not self.has_identity(issuer, subject_hash):
            self.record(self.IdentityLinked, actor, issuer=issuer, subject_hash=subject_hash)

    def sign_in(self, session: str, method: str) -> None:
        """A web session begins (recorded as the user's own act)."""
        if not session or len(session) > 128:
            raise InvalidValueError("A session digest is 1–128 characters.", field="session")
        if self.is_revoked:
            raise ClosedError("The user is revoked.")
        self.record(self.SignedIn, self.actor, session=session, method=method[:80])

    def revoke(self, actor: Actor) -> None:
        if self.is_revoked:
            raise ClosedError("The user's token is already revoked.")
        self.record(self.Revoked, actor)

    @property
    def wants_digests(self) -> bool:
        """Whether reminder digests go to this user (an active user with an address, not
        erased, who has not turned them off)."""
        return (
            not self.is_revoked
            and not self.digests_off
            and self.email is not None
            and not self.email.is_erased
        )

    def set_email_address(self, actor: Actor, email: str) -> None:
        """Set (or, with an empty ``email``, remove) the address reminders go to."""
        if not email.strip():
            if self.email is not None:
                self.record(self.EmailAddressRemoved, actor)
            return
        address = check_email_address(email)
        if self.email is not None and self.email.text == address:
            return
        self.record(self.EmailAddressSet, actor, email=PersonalData.of(address, self.id))

    def turn_digests_off(self, actor: Actor) -> None:
        if not self.digests_off:
            self.record(self.DigestsTurnedOff, actor)

    def turn_digests_on(self, actor: Actor) -> None:
        if self.digests_off:
            self.record(self.DigestsTurnedOn, actor)

    def issue_calendar_feed(self, actor: Actor, feed_hash: str) -> None:
        """A new secret feed address (the old one, if any, stops working)."""
        if len(feed_hash) != 64:
            raise InvalidValueError("A feed hash is a SHA-256 in hex.", field="feed_hash")
        self.record(self.CalendarFeedIssued, actor, feed_hash=feed_hash)

    def revoke_calendar_feed(self, actor: Actor) -> None:
        if self.calendar_feed_hash:
            self.record(self.CalendarFeedRevoked, actor)


class TokenIndex(Aggregate):
    """Leads from a token's hash to its user (id derived from the hash)."""

    class Created(Aggregate.Created):
        user_id: UUID

    def __init__(self, user_id: UUID) -> None:
        self.user_id = user_id

    @classmethod
    def for_user(cls, hashed_token: str, user_id: UUID) -> TokenIndex:
        return cls._create(cls.Created, id=token_index_id(hashed_token), user_id=user_id)


class InvitationIndex(Aggregate):
    """Leads from an invitation secret's hash to its user (id derived from the hash). The
    link works only while it is the user's valid invitation (:meth:`User.invitation_valid`)."""

    class Created(Aggregate.Created):
        user_id: UUID

    def __init__(self, user_id: UUID) -> None:
        self.user_id = user_id

    @classmethod
    def for_user(cls, invitation_hash: str, user_id: UUID) -> InvitationIndex:
        return cls._create(cls.Created, id=invitation_index_id(invitation_hash), user_id=user_id)


class CalendarFeedIndex(Aggregate):
    """Leads from a calendar feed secret's hash to its user (id derived from the hash). The
    feed works only while the user's current ``calendar_feed_hash`` is that hash."""

    class Created(Aggregate.Created):
        user_id: UUID

    def __init__(self, user_id: UUID) -> None:
        self.user_id = user_id

    @classmethod
    def for_user(cls, feed_hash: str, user_id: UUID) -> CalendarFeedIndex:
        return cls._create(cls.Created, id=calendar_feed_index_id(feed_hash), user_id=user_id)


class IdentityIndex(Aggregate):
    """Leads from an identity's hash (:func:`identity_hash`) to the users who linked it (id
    derived from the hash), so a sign-in need not read every user. A user may have linked
    another identity at that issuer since: whoever reads it checks :meth:`User.has_identity`."""

    class Created(Aggregate.Created):
        user_id: UUID

    class Linked(Aggregate.Event):
        """Another user linked the identity."""

        user_id: UUID

        def apply(self, index: IdentityIndex) -> None:
            index.user_ids.append(self.user_id)

    def __init__(self, user_id: UUID) -> None:
        self.user_ids: list[UUID] = [user_id]

    @classmethod
    def for_user(cls, hashed: str, user_id: UUID) -> IdentityIndex:
        return cls._create(cls.Created, id=identity_index_id(hashed), user_id=user_id)

    def link(self, user_id: UUID) -> None:
        """``user_id`` linked the identity (nothing if it is listed already)."""
        if user_id not in self.user_ids:
            self.trigger_event(self.Linked, user_id=user_id)


class IdentityIndexBuilt(Aggregate):
    """The identities users linked before :class:`IdentityIndex` existed are indexed (once
    per installation, by the first sign-in that needs it): from then on an identity without
    an index is nobody's."""

    class Created(Aggregate.Created):
        users_read: int

    def __init__(self, users_read: int) -> None:
        self.users_read = users_read

    @classmethod
    def after_reading(cls, users_read: int) -> IdentityIndexBuilt:
        return cls._create(cls.Created, id=IDENTITY_INDEX_BUILT_ID, users_read=users_read)


class MunicipalityUserIndex(Lookup):
    """Leads from a municipality to the users ever given it: its users are found without
    reading every user of the installation."""


class MunicipalityUserIndexBuilt(LookupBuilt):
    """The users stored before :class:`MunicipalityUserIndex` existed are indexed."""
