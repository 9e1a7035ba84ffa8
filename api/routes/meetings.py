"""Lokala BRÅ:s möten: schedule a meeting, prepare its agenda from what waits for the BRÅ,
record attendance and the decisions (§), and justera the protokoll.

Lokala BRÅ writes; lokala BRÅ and auditors read. A decision about an uppföljning, a lägesbild
or a medborgarlöfte is that object's decision too, saved with the meeting in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from pydantic import BaseModel

from api.commands import Command, CommandAccepted, command_route
from api.documented import ETAG, READ
from api.routes.audit import MOMENT_PATTERN, _moment
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.commands.meetings import (
    AcceptProposedAgenda,
    AddAgendaItem,
    AssessmentDecision,
    CancelMeeting,
    DecideAssessment,
    DecideCitizenPromise,
    DecideEstablishGroup,
    DecideSituationPicture,
    JusteraProtocol,
    RecordAttendance,
    RecordMeetingDecision,
    ReorderAgenda,
    RescheduleMeeting,
    RetitleAgendaItem,
    ScheduleMeeting,
)
from problemorienterat.contracts.policy import (
    BRA_ONLY,
    OVERSEERS,
    check_municipal_object,
    municipal_object,
)
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.meeting import AgendaKind, DecisionKind, Meeting

AsOf = Annotated[
    str | None,
    Parameter(
        description="The agenda as it would have been proposed at this moment (RFC 3339 with "
        "time zone, e.g. 2026-03-12T10:00:00+01:00), read from the event store",
        pattern=MOMENT_PATTERN,
        schema_extra={"format": "date-time"},
    ),
]


class ParticipantView(BaseModel):
    name: str
    role: str
    organisation: Organisation


class AgendaItemView(BaseModel):
    item_id: UUID
    title: str
    kind: AgendaKind
    subject_id: UUID | None
    for_information: bool
    decided_in_paragraph: int | None


class DecisionView(BaseModel):
    paragraph: int
    title: str
    decision: str
    kind: DecisionKind | None
    subject_id: UUID | None
    agenda_item_id: UUID | None


class MeetingView(BaseModel):
    """A meeting's current state; ``version`` is also the ``ETag``."""

    id: UUID
    municipality: str
    held_on: date
    start_time: str | None
    place: str
    participants: list[ParticipantView]
    cancelled_reason: str | None
    agenda: list[AgendaItemView]
    present: list[ParticipantView]
    decisions: list[DecisionView]
    justerare: list[str]
    justerat_on: date | None
    version: int

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingView:
        def decided(item_id: UUID) -> int | None:
            found = meeting.decision_on(item_id)
            return found.paragraph if found is not None else None

        return cls(
            id=meeting.id,
            municipality=meeting.municipality,
            held_on=meeting.held_on,
            start_time=meeting.start_time,
            place=meeting.place,
            participants=[ParticipantView(**vars(p)) for p in meeting.participants],
            cancelled_reason=meeting.cancelled_reason,
            agenda=[
                AgendaItemView(
                    item_id=i.item_id,
                    title=i.title,
                    kind=i.kind,
                    subject_id=i.subject_id,
                    for_information=i.for_information,
                    decided_in_paragraph=decided(i.item_id),
                )
                for i in meeting.agenda
            ],
            present=[ParticipantView(**vars(p)) for p in meeting.present],
            decisions=[DecisionView(**vars(d)) for d in meeting.decisions],
            justerare=meeting.justerare,
            justerat_on=meeting.justerat_on,
            version=meeting.version,
        )


class MeetingSummary(BaseModel):
    id: UUID
    held_on: date
    start_time: str | None
    place: str
    cancelled: bool
    decisions: int
    justerat_on: date | None


class ProposedItemView(BaseModel):
    key: str
    kind: AgendaKind
    title: str
    subject_id: UUID | None
    detail: str
    for_information: bool


class AgendaProposal(BaseModel):
    """What waits for lokala BRÅ at ``at``."""

    at: datetime | None
    items: list[ProposedItemView]


class MeetingController(Controller):
    path = "/api/v1"
    tags = ["Möten (lokala BRÅ:s meetings)"]

    @command_route(
        "/municipalities/{code:str}/meetings",
        summary="Schedule a meeting of lokala BRÅ (Scheduled); lokala BRÅ only",
        creates=True,
    )
    def schedule_meeting(
        self,
        code: FromPath[str],
        data: JSONBody[ScheduleMeeting],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        check_municipal_object(command.principal, municipality=code, roles=BRA_ONLY)
        return command.answer(
            data,
            lambda: command.application.schedule_meeting(
                command.actor,
                municipality=code,
                held_on=data.held_on,
                start_time=data.start_time,
                place=data.place,
                participants=[p.to_participant() for p in data.participants],
            ),
            location=lambda r: f"/api/v1/meetings/{r.aggregate_id}",
        )

    @get(
        "/municipalities/{code:str}/meetings",
        summary="The municipality's meetings, the latest first",
        sync_to_thread=True,
        responses=READ,
    )
    def list_meetings(
        self,
        code: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> list[MeetingSummary]:
        check_municipal_object(principal, municipality=code, roles=OVERSEERS)
        return [
            MeetingSummary(
                id=m.id,
                held_on=m.held_on,
                start_time=m.start_time,
                place=m.place,
                cancelled=m.is_cancelled,
                decisions=len(m.decisions),
                justerat_on=m.justerat_on,
            )
            for m in application.meetings_of(code)
        ]

    @get(
        "/municipalities/{code:str}/agenda-proposal",
        summary="What waits for lokala BRÅ, as an agenda proposal (now, or as of ?at=)",
        sync_to_thread=True,
        responses=READ,
    )
    def agenda_proposal(
        self,
        code: FromPath[str],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
        at: AsOf = None,
    ) -> AgendaProposal:
        check_municipal_object(principal, municipality=code, roles=OVERSEERS)
        moment = _moment("at", at)
        items = application.proposed_agenda(code, at=moment)
        return AgendaProposal(
            at=moment,
            items=[
                ProposedItemView(
                    key=p.key,
                    kind=p.kind,
                    title=p.title,
                    subject_id=p.subject_id,
                    detail=p.detail,
                    for_information=p.for_information,
                )
                for p in items
            ],
        )

    @get(
        "/meetings/{meeting_id:uuid}",
        summary="A meeting: agenda, attendance, decisions (§), justering",
        sync_to_thread=True,
        responses=READ,
        response_headers=ETAG,
    )
    def get_meeting(
        self,
        meeting_id: FromPath[UUID],
        application: NamedDependency[ProblemorienteratApp],
        principal: NamedDependency[Principal],
    ) -> Response[MeetingView]:
        meeting = municipal_object(
            principal, lambda: application.get_meeting(meeting_id), OVERSEERS
        )
        return Response(MeetingView.of(meeting), headers={"ETag": f'"{meeting.version}"'})

    def _bra_meeting(self, command: Command, meeting_id: UUID) -> Meeting:
        return municipal_object(
            command.principal, lambda: command.application.get_meeting(meeting_id), BRA_ONLY
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/rescheduling",
        summary="Move the meeting before it is held (Rescheduled)",
    )
    def reschedule_meeting(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[RescheduleMeeting],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.reschedule_meeting(
                command.actor,
                meeting.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/cancellation",
        summary="Cancel the meeting before it is held (Cancelled)",
    )
    def cancel_meeting(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[CancelMeeting],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.cancel_meeting(
                command.actor,
                meeting.id,
                reason=data.reason,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/agenda",
        summary="Add a point of the BRÅ's own to the agenda (AgendaItemAdded); item_id is its id",
        creates=True,
    )
    def add_agenda_item(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[AddAgendaItem],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.add_agenda_item(
                command.actor,
                meeting.id,
                title=data.title,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/agenda/proposal",
        summary="Put the proposed points (what waits for the BRÅ) on the agenda",
    )
    def accept_proposed_agenda(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[AcceptProposedAgenda],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.accept_proposed_agenda(
                command.actor, meeting.id, keys=data.keys, expected_version=command.expected_version
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/agenda/order",
        summary="Put the agenda in a new order (AgendaReordered)",
    )
    def reorder_agenda(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[ReorderAgenda],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.reorder_agenda(
                command.actor,
                meeting.id,
                order=data.order,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/agenda/{agenda_item_id:uuid}/title",
        summary="Change an agenda point's title (AgendaItemRetitled)",
    )
    def retitle_agenda_item(
        self,
        meeting_id: FromPath[UUID],
        agenda_item_id: FromPath[UUID],
        data: JSONBody[RetitleAgendaItem],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.retitle_agenda_item(
                command.actor,
                meeting.id,
                item_id=agenda_item_id,
                title=data.title,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/agenda/{agenda_item_id:uuid}",
        summary="Take a point off the agenda (AgendaItemRemoved)",
        method=delete,
    )
    def remove_agenda_item(
        self,
        meeting_id: FromPath[UUID],
        agenda_item_id: FromPath[UUID],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            None,
            lambda: command.application.remove_agenda_item(
                command.actor,
                meeting.id,
                item_id=agenda_item_id,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/attendance",
        summary="Record who is present (AttendanceRecorded)",
    )
    def record_attendance(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[RecordAttendance],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.record_attendance(
                command.actor,
                meeting.id,
                present=[p.to_participant() for p in data.present],
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/decisions",
        summary="Record the next § of the protokoll (DecisionRecorded)",
    )
    def record_meeting_decision(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[RecordMeetingDecision],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.record_meeting_decision(
                command.actor,
                meeting.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/decisions/assessment",
        summary="Approve or return an uppföljning as the next § (DecisionRecorded with "
        "AssessmentApproved or AssessmentReturned, in one transaction)",
    )
    def decide_assessment(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[DecideAssessment],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        problem = command.problem(data.reference, BRA_ONLY)
        return command.answer(
            data,
            lambda: command.application.decide_assessment(
                command.actor,
                meeting.id,
                problem_id=problem.id,
                approve=data.decision is AssessmentDecision.APPROVE,
                comments=data.comments,
                agenda_item_id=data.agenda_item_id,
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/decisions/situation-picture",
        summary="Adopt the lägesbild as the next §, on the meeting's date",
    )
    def decide_situation_picture(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[DecideSituationPicture],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.decide_situation_picture(
                command.actor,
                meeting.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/decisions/citizen-promise",
        summary="Adopt the medborgarlöfte as the next §, on the meeting's date",
    )
    def decide_citizen_promise(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[DecideCitizenPromise],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.decide_citizen_promise(
                command.actor,
                meeting.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/decisions/working-group",
        summary="Establish a working group as the next § (DecisionRecorded with Established, "
        "in one transaction); the group's id is item_id",
        creates=True,
    )
    def decide_establish_group(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[DecideEstablishGroup],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.decide_establish_group(
                command.actor,
                meeting.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
            location=lambda r: f"/api/v1/groups/{r.item_id}",
        )

    @command_route(
        "/meetings/{meeting_id:uuid}/justering",
        summary="Mark the protokoll justerat (ProtocolJusterat): its decisions cannot change",
    )
    def justera_protocol(
        self,
        meeting_id: FromPath[UUID],
        data: JSONBody[JusteraProtocol],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        meeting = self._bra_meeting(command, meeting_id)
        return command.answer(
            data,
            lambda: command.application.justera_protocol(
                command.actor,
                meeting.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )
