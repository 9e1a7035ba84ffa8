"""The commands on lokala BRÅ:s möten: schedule, agenda, attendance, decisions, justering."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from problemorienterat.contracts.commands.fields import (
    Body,
    MunicipalityCode,
    Name,
    NameOrBlank,
    OptionalText,
    Text,
)
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.meeting import MAX_JUSTERARE, MAX_PARTICIPANTS, Participant
from problemorienterat.domain.working_group import GroupKind

StartTime = Annotated[str | None, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
# A proposed point's key ("assessment:<problem id>"); one that is not proposed is refused
# by the use case (422 on ``keys``).
AgendaKey = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class ParticipantBody(Body):
    """Someone at the meeting in their role (an official or elected member, not a private
    person)."""

    name: Name
    role: NameOrBlank = ""
    organisation: Organisation

    def to_participant(self) -> Participant:
        return Participant(self.name, self.role, self.organisation)


class ScheduleMeeting(Body):
    held_on: date
    start_time: StartTime = None
    place: Name
    participants: Annotated[list[ParticipantBody], Field(max_length=MAX_PARTICIPANTS)] = []


class ScheduleMeetingIn(ScheduleMeeting):
    """A meeting of the municipality named in the body (the API's form of the command)."""

    municipality: MunicipalityCode


class RescheduleMeeting(Body):
    held_on: date
    start_time: StartTime = None
    place: Name


class CancelMeeting(Body):
    reason: Text


class AddAgendaItem(Body):
    title: Name


class AcceptProposedAgenda(Body):
    """The proposed points to put on the agenda, by their ``key``; all of them without."""

    keys: Annotated[list[AgendaKey], Field(max_length=100)] | None = None


class RetitleAgendaItem(Body):
    title: Name


class ReorderAgenda(Body):
    """Every item of the agenda, once each, in the new order."""

    order: Annotated[list[UUID], Field(min_length=1, max_length=100)]


class MoveAgendaItem(Body):
    """Up (negative) or down (positive) the agenda."""

    steps: Annotated[int, Field(ge=-100, le=100)]


class RecordAttendance(Body):
    present: Annotated[list[ParticipantBody], Field(min_length=1, max_length=MAX_PARTICIPANTS)]


class RecordMeetingDecision(Body):
    """A § that decides nothing else in the tracker."""

    title: Name
    decision: Text
    agenda_item_id: UUID | None = None


class AssessmentDecision(Enum):
    APPROVE = "approve"
    RETURN = "return"


class DecideAssessment(Body):
    """Approve or return (återremittera) the uppföljning of the problem ``reference``;
    returning it needs comments to the working group."""

    reference: Name
    decision: AssessmentDecision
    comments: OptionalText = ""
    agenda_item_id: UUID | None = None


class DecideSituationPicture(Body):
    situation_picture_id: UUID
    agenda_item_id: UUID | None = None


class DecideCitizenPromise(Body):
    citizen_promise_id: UUID
    agenda_item_id: UUID | None = None


class DecideEstablishGroup(Body):
    """Establish a working group with its mandate, as a § of the meeting."""

    name: Name
    kind: GroupKind
    mandate: Text
    agenda_item_id: UUID | None = None


class JusteraProtocol(Body):
    justerare: Annotated[list[Name], Field(min_length=1, max_length=MAX_JUSTERARE)]
    justerat_on: date
