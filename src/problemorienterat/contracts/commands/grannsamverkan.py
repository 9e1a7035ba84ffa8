"""The commands on a Grannsamverkan area: register, contact persons, status."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import Field

from problemorienterat.contracts.commands.fields import (
    Body,
    Email,
    MunicipalityCode,
    Name,
    Phone,
    Text,
)
from problemorienterat.domain.grannsamverkan import AreaStatus


class RegisterArea(Body):
    municipality: MunicipalityCode
    area: Name
    started_on: date
    group_id: UUID | None = None
    households: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    signs: Annotated[int | None, Field(ge=0, le=100_000)] = None


class UpdateAreaFigures(Body):
    households: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    signs: Annotated[int | None, Field(ge=0, le=100_000)] = None


class AddContactPerson(Body):
    name: Name
    phone: Phone = ""
    email: Email = ""


class ChangeAreaStatus(Body):
    status: AreaStatus
    reason: Text
