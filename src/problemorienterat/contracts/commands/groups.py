"""The commands on a working group: establish, members, mandate, dissolve."""

from __future__ import annotations

from problemorienterat.contracts.commands.fields import (
    Body,
    MunicipalityCode,
    Name,
    NameOrBlank,
    Text,
    UserId,
)
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.working_group import GroupKind


class EstablishGroup(Body):
    municipality: MunicipalityCode
    name: Name
    kind: GroupKind
    mandate: Text


class AddMember(Body):
    user_id: UserId
    name: Name
    organisation: Organisation
    role_in_group: NameOrBlank = ""


class ReviseMandate(Body):
    mandate: Text
    reason: Text


class Dissolve(Body):
    reason: Text
