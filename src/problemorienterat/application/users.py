"""Use cases for users: add one (the token is shown once), revoke, list, authenticate."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from problemorienterat.application.lookups import MUNICIPALITY_USERS
from problemorienterat.application.memberships import MembershipUseCases
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.errors import (
    ClosedError,
    ConcurrentWriteError,
    ForbiddenError,
    InvalidValueError,
    NotFoundError,
)
from problemorienterat.domain.user import (
    IDENTITY_INDEX_BUILT_ID,
    IdentityIndex,
    IdentityIndexBuilt,
    InvitationIndex,
    TokenIndex,
    User,
    identity_hash,
    identity_index_id,
    invitation_index_id,
    token_hash,
    token_index_id,
)
from problemorienterat.domain.working_group import WorkingGroup

TOKEN_BYTES = 32


@dataclass(frozen=True)
class NewUser:
    """A user just added, with the only copy of their token."""

    result: CommandResult
    user_id: str
    token: str


_TOKEN_USERS_KEPT = 10_000

SignInRefusal = Literal["unknown", "revoked"]
"""Why a sign-in through an OpenID Provider is refused: nobody registered that person (or
more than one user has the address), or they are revoked."""


class UserUseCases(MembershipUseCases):
    """Users and their bearer tokens; group membership is kept by the working groups."""

    @property
    def _token_users(self) -> dict[UUID, UUID]:
        """Token index id → user id, for the tokens seen lately (see :meth:`authenticate`)."""
        kept: dict[UUID, UUID] = self.__dict__.setdefault("_token_user_ids", {})
        return kept

    def add_user(
        self,
        actor: Actor,
        *,
        name: str,
        organisation: Organisation,
        role: Role,
        municipalities: list[str],
        group_ids: list[UUID] | None = None,
        email: str = "",
    ) -> NewUser:
        """Add a user with a new token; ``group_ids`` are groups they become a member of,
        ``email`` the address their reminders go to (and they sign in with, at an identity
        provider), if given."""
        for code in municipalities:
            self.get_municipality(code)
        if group_ids and role is not Role.MEMBER:
            raise InvalidValueError(
                "Only users in the member role are made members of working groups.",
                field="group_ids",
            )
        groups = [self._group_of_new_user(g, municipalities) for g in group_ids or []]
        token = secrets.token_urlsafe(TOKEN_BYTES)
        hashed = token_hash(token)
        user = User.add(
            actor,
            name=name,
            organisation=organisation,
            role=role,
            municipalities=municipalities,
            hashed_token=hashed,
        )
        if email.strip():
            user.set_email_address(actor, email)
        for group in groups:
            group.add_member(actor, user_id=user.user_id, name=user.name, organisation=organisation)
        result = self.commit(user, TokenIndex.for_user(hashed, user.id), *groups)
        return NewUser(result=result, user_id=user.user_id, token=token)

    def _group_of_new_user(self, group_id: UUID, municipalities: list[str]) -> WorkingGroup:
        """A group of one of the new user's municipalities; any other group is refused
        exactly as one that does not exist."""
        unknown = InvalidValueError(
            "No working group with that id in the user's municipalities.", field="group_ids"
        )
        try:
            group = self.get_group(group_id)
        except NotFoundError:
            raise unknown from None
        if group.municipality not in municipalities:
            raise unknown
        return group

    def get_user(self, user_id: str) -> User:
        try:
            return self.load(User, UUID(user_id))
        except ValueError:
            raise NotFoundError("No user with that id.", field="user_id") from None

    def revoke_user(self, actor: Actor, user_id: str) -> CommandResult:
        """The user's token stops working at once."""
        user = self.get_user(user_id)
        user.revoke(actor)
        return self.commit(user)

    def change_user(
        self,
        actor: Actor,
        user_id: str,
        *,
        role: Role,
        municipalities: list[str],
        expected_version: int | None = None,
    ) -> CommandResult:
        """Give the user another role and/or other municipalities (``RoleChanged``,
        ``MunicipalitiesChanged``; nothing is recorded for what stays the same)."""
        for code in municipalities:
            self.get_municipality(code)

        def apply(user: User) -> None:
            if municipalities:
                user.change_municipalities(actor, municipalities)
                user.change_role(actor, role)
            else:
                user.change_role(actor, role)
                user.change_municipalities(actor, municipalities)

        return self.change(User, self.get_user(user_id).id, expected_version, apply)

    def issue_invitation(self, actor: Actor, user_id: str, now: datetime | None = None) -> str:
        """A new invitation link's secret for the user (returned once; only its hash is
        kept): whoever opens the link is signed in as the user, once, within a week."""
        user = self.get_user(user_id)
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        hashed = token_hash(secret)
        user.issue_invitation(actor, hashed, now or datetime.now(UTC))
        self.commit(user, InvitationIndex.for_user(hashed, user.id))
        return secret

    def invited_user(self, secret: str, now: datetime | None = None) -> User | None:
        """The user whose valid invitation ``secret`` is, or None (unknown, used, replaced,
        expired or revoked: one answer)."""
        hashed = token_hash(secret)
        try:
            index = self.load(InvitationIndex, invitation_index_id(hashed))
            user = self.load(User, index.user_id)
        except NotFoundError:
            return None
        return user if user.invitation_valid(hashed, now or datetime.now(UTC)) else None

    def accept_invitation(
        self,
        secret: str,
        session: str,
        now: datetime | None = None,
        *,
        identity: tuple[str, str] | None = None,
        method: str = "invitation",
    ) -> User | None:
        """Sign in with an invitation: ``InvitationUsed`` and ``SignedIn`` recorded together;
        None if the invitation is not valid. With ``identity`` (issuer, subject: the person
        signed in at an identity provider to accept it), that identity is linked to the user
        too (``IdentityLinked``), unless another user has it (then None, nothing recorded)."""
        moment = now or datetime.now(UTC)
        user = self.invited_user(secret, moment)
        if user is None:
            return None
        if identity is not None:
            issuer, subject = identity
            hashed = identity_hash(issuer, subject)
            if any(u.id != user.id for u in self._identity_users(issuer, hashed)):
                return None
            user.link_identity(user.actor, issuer, hashed)
            indexed = self._index_identity(hashed, user.id)
        else:
            indexed = []
        try:
            user.use_invitation(token_hash(secret), moment)
        except ClosedError:
            return None
        user.sign_in(session, method)
        self.commit(user, *indexed)
        return user

    def end_web_session(self, user_id: str, session: str) -> None:
        """The user logged out of the web session with digest ``session``: recorded, so the
        session's cookie is refused by every server process from now on."""
        try:
            user = self.get_user(user_id)
        except NotFoundError:
            return
        user.end_session(session)
        if user.pending_events:
            self.commit(user)

    def record_sign_in(self, user_id: str, session: str, method: str) -> None:
        """The user signed in to the web session with digest ``session``."""
        user = self.get_user(user_id)
        user.sign_in(session, method)
        self.commit(user)

    def register_identity(
        self, actor: Actor, user_id: str, *, issuer: str, subject: str
    ) -> CommandResult:
        """An administrator registers the subject the user has at the provider ``issuer``
        (for providers that identify users by ``sub``)."""
        if actor.role is not Role.ADMIN:
            raise ForbiddenError("Only an administrator registers a user's identity.")
        if not subject.strip() or len(subject) > 255:
            raise InvalidValueError("A subject is 1–255 characters.", field="subject")
        user = self.get_user(user_id)
        hashed = identity_hash(issuer, subject.strip())
        user.link_identity(actor, issuer, hashed)
        return self.commit(user, *self._index_identity(hashed, user.id))

    def sign_in_with_identity(
        self,
        *,
        issuer: str,
        subject: str,
        email: str | None,
        session: str,
        method: str,
    ) -> User | SignInRefusal:
        """Sign in the registered user who is ``subject`` at ``issuer``: the user linked to
        that identity, else (``email`` given) the one active user whose e-mail address it is,
        whom this first sign-in links to the identity. The link and ``SignedIn`` are
        recorded together; a refusal records nothing."""
        hashed = identity_hash(issuer, subject)
        linked = self._identity_users(issuer, hashed)
        user: User | None = linked[0] if len(linked) == 1 else None
        indexed: list[IdentityIndex] = []
        if user is None and not linked and email:
            wanted = email.strip().casefold()
            same = [
                u
                for u in self.list_users()  # a first sign-in by address: every user is read
                if u.email is not None
                and u.email.text is not None
                and u.email.text.casefold() == wanted
                and issuer not in u.identities  # another account there is linked already
            ]
            active = [u for u in same if not u.is_revoked]
            if len(active) == 1:
                user = active[0]
                user.link_identity(user.actor, issuer, hashed)
                indexed = self._index_identity(hashed, user.id)
            elif same and not active:
                return "revoked"
        if user is None:
            return "unknown"
        if user.is_revoked:
            return "revoked"
        user.sign_in(session, method)
        self.commit(user, *indexed)
        return user

    def user_of_identity(self, issuer: str, subject: str) -> User | None:
        """The active user linked to ``subject`` at ``issuer`` (an API request with a
        provider's access token), or None. Which user an identity leads to is remembered;
        the user is read every time, so a revocation takes effect at once."""
        hashed = identity_hash(issuer, subject)
        kept: dict[str, UUID] = self.__dict__.setdefault("_identity_user_ids", {})
        user_id = kept.get(hashed)
        if user_id is not None:
            user = self.load(User, user_id)
            if user.has_identity(issuer, hashed):
                return None if user.is_revoked else user
        found = next(iter(self._identity_users(issuer, hashed)), None)
        if found is None:
            return None
        if len(kept) >= _TOKEN_USERS_KEPT:
            kept.clear()
        kept[hashed] = found.id
        return None if found.is_revoked else found

    def authenticate(self, token: str) -> User | None:
        """The active user holding ``token``, or None.

        A token's index never changes once written, so which user a token hash leads to is
        remembered (the hash, never the token); the user is read every time, so a
        revocation takes effect at once, in every process.
        """
        index_id = token_index_id(token_hash(token))
        user_id = self._token_users.get(index_id)
        try:
            if user_id is None:
                user_id = self.load(TokenIndex, index_id).user_id
                if len(self._token_users) >= _TOKEN_USERS_KEPT:
                    self._token_users.clear()
                self._token_users[index_id] = user_id
            user = self.load(User, user_id)
        except NotFoundError:
            return None
        return None if user.is_revoked else user

    def remembered_user_id(self, token: str) -> UUID | None:
        """The user ``token`` led to when this process last authenticated it, without reading
        the store; None if it was not seen lately. Not a check: the user may have been
        revoked since, so what is done with it must read the user first (a command reads
        the user together with its problem, :meth:`find_problem_for_user`)."""
        return self._token_users.get(token_index_id(token_hash(token)))

    def active_user(self, user_id: str) -> User | None:
        """The user with that id unless they are unknown or revoked (a web session's user,
        loaded again on every request so that a revocation takes effect at once)."""
        try:
            user = self.get_user(user_id)
        except NotFoundError:
            return None
        return None if user.is_revoked else user

    def list_users(self) -> list[User]:
        """Every user ever added (revoked ones too), by name."""
        found = [self.load(User, user_id) for user_id in self._recorded_by(User.Added)]
        return sorted(found, key=lambda u: (u.name, u.user_id))

    def member_candidates(self, municipality: str) -> list[User]:
        """The users who may be made members of a group of ``municipality`` (see
        :meth:`member_candidate`), by name."""
        return [
            u for u in self.users_in(municipality) if not u.is_revoked and u.role is Role.MEMBER
        ]

    def users_in(self, municipality: str) -> list[User]:
        """Every user given ``municipality`` now (revoked ones too), by name: found through
        the municipality's :class:`MunicipalityUserIndex`, not by reading every user."""
        found: list[User] = self.looked_up(MUNICIPALITY_USERS, municipality)
        users = [u for u in found if municipality in u.municipalities]
        return sorted(users, key=lambda u: (u.name, u.user_id))

    def _identity_users(self, issuer: str, hashed: str) -> list[User]:
        """The users linked to the identity now, through its :class:`IdentityIndex`. An
        identity without an index is nobody's once the links made before the index existed
        are indexed (:meth:`_identity_index_built`); until then every user is read."""
        index = self._identity_index(hashed)
        if index is None and not self._identity_index_built():
            return [u for u in self.list_users() if u.has_identity(issuer, hashed)]
        if index is None:
            index = self._identity_index(hashed)  # made by the build just now, if linked
        if index is None:
            return []
        found = []
        for user_id in index.user_ids:
            try:
                user = self.load(User, user_id)
            except NotFoundError:
                continue
            if user.has_identity(issuer, hashed):
                found.append(user)
        return found

    def _index_identity(self, hashed: str, user_id: UUID) -> list[IdentityIndex]:
        """What to save with the user ``user_id`` linking the identity: its index, new or
        with the user added (nothing if the index lists the user already)."""
        index = self._identity_index(hashed)
        if index is None:
            return [IdentityIndex.for_user(hashed, user_id)]
        index.link(user_id)
        return [index] if index.pending_events else []

    def _identity_index(self, hashed: str) -> IdentityIndex | None:
        try:
            return self.load(IdentityIndex, identity_index_id(hashed))
        except NotFoundError:
            return None

    def _identity_index_built(self) -> bool:
        """Whether every identity linked is indexed. The first time it is not, the links made
        before :class:`IdentityIndex` existed are indexed now, with
        :class:`IdentityIndexBuilt`, in one transaction (reading every user, once per
        installation). False if another process is doing the same at this moment."""
        if self.__dict__.get("_identity_index_is_built"):
            return True
        try:
            self.load(IdentityIndexBuilt, IDENTITY_INDEX_BUILT_ID)
        except NotFoundError:
            users = self.list_users()
            linked: dict[str, list[UUID]] = {}
            for user in users:
                for subject_hash in user.identities.values():
                    linked.setdefault(subject_hash, []).append(user.id)
            indexes: list[IdentityIndex] = []
            for subject_hash, user_ids in linked.items():
                index = self._identity_index(subject_hash)
                if index is None:
                    index = IdentityIndex.for_user(subject_hash, user_ids[0])
                for user_id in user_ids:
                    index.link(user_id)
                if index.pending_events:
                    indexes.append(index)
            try:
                self.commit(IdentityIndexBuilt.after_reading(len(users)), *indexes)
            except ConcurrentWriteError:
                return False
        self.__dict__["_identity_index_is_built"] = True
        return True
