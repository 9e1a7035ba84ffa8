"""The commands on users (admins only): add one."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from problemorienterat.contracts.commands.fields import (
    Body,
    Name,
)
from problemorienterat.domain.actor import Organisation, Role


class AddUser(Body):
    name: Name
    organisation: Organisation
    role: Role
    municipalities: Annotated[list[str], Field(max_length=50)] = Field(default_factory=list)
    group_ids: Annotated[list[UUID], Field(max_length=50)] = Field(default_factory=list)
