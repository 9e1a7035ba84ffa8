"""The commands on a medborgarlöfte: draft, focus areas, activities, adopt, follow up."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import Field

from problemorienterat.contracts.commands.fields import (
    Body,
    MunicipalityCode,
    Name,
    OptionalText,
    Text,
    Year,
)
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import ActivityStatus


class DraftCitizenPromise(Body):
    municipality: MunicipalityCode
    year: Year
    title: Name
    situation_picture_id: UUID | None = None


class AddFocusArea(Body):
    title: Name
    description: Text


class PlanActivity(Body):
    focus_area_id: UUID
    description: Text
    responsible_organisation: Organisation
    responsible_party: Name
    due_date: date | None = None


class ChangeActivityStatus(Body):
    status: ActivityStatus
    note: OptionalText = ""


class AdoptCitizenPromise(Body):
    adopted_on: date


class FocusAreaOutcome(Body):
    focus_area_id: UUID
    outcome: Text


class FollowUpCitizenPromise(Body):
    summary: Text
    outcomes: Annotated[list[FocusAreaOutcome], Field(max_length=100)] = Field(default_factory=list)
