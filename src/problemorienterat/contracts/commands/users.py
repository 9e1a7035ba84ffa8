"""The commands on users: add one, set the e-mail address (admins); turn one's own digests
on or off."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BeforeValidator, Field

from problemorienterat.contracts.commands.fields import (
    Body,
    Email,
    Name,
)
from problemorienterat.domain.actor import Organisation, Role


class AddUser(Body):
    name: Name
    organisation: Organisation
    role: Role
    municipalities: Annotated[list[str], Field(max_length=50)] = Field(default_factory=list)
    group_ids: Annotated[list[UUID], Field(max_length=50)] = Field(default_factory=list)
    email: Email = ""
    """The address reminders go to and the user signs in with at an identity provider
    (personal data, sealed); empty: none yet."""


class ChangeUser(Body):
    """Another role and/or other municipalities for a user (the first is their home)."""

    role: Role
    municipalities: Annotated[list[str], Field(max_length=50)] = Field(default_factory=list)


class SetEmailAddress(Body):
    """The address the user's reminders go to (personal data, sealed); empty removes it."""

    email: Email


def _true_or_false(value: object) -> object:
    """``true`` or ``false`` only: the API validates leniently, which would take 0 and "no"."""
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


class SetDigests(Body):
    """Whether the user gets reminder digests by e-mail (true or false: a number is no answer)."""

    enabled: Annotated[bool, BeforeValidator(_true_or_false)]
