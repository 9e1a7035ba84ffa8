"""Use cases of lokala BRÅ:s möten: schedule, prepare the agenda, hold, decide, justera.

A decision that decides something in the tracker is taken *in* the meeting: the use case
records the § on the meeting and runs the decision on its aggregate (the problem's review,
the group's establishment, the adoption of the lägesbild or the medborgarlöfte) with the
meeting, the § and the meeting's date, and saves both in one transaction: if either is
refused, nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TypeVar
from uuid import UUID

from problemorienterat.application.agenda import (
    DEFAULT_STALE_DAYS,
    AgendaInputs,
    ProposedItem,
    propose_agenda,
)
from problemorienterat.application.as_of import AsOfUseCases
from problemorienterat.application.base import check_version
from problemorienterat.application.problems import ProblemUseCases
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.citizen_promise import CitizenPromise, citizen_promise_id
from problemorienterat.domain.errors import InvalidValueError, NotFoundError
from problemorienterat.domain.meeting import (
    DecisionKind,
    Meeting,
    Participant,
)
from problemorienterat.domain.problem import MinutedAt, Problem
from problemorienterat.domain.situation_picture import SituationPicture, situation_picture_id
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.working_group import GroupKind, WorkingGroup

S = TypeVar("S", Problem, SituationPicture, CitizenPromise)


def _today() -> date:
    return swedish_today()


class MeetingUseCases(ProblemUseCases, AsOfUseCases):
    """Lokala BRÅ:s meetings and the decisions taken in them."""

    # ---------------------------------------------------------------- queries

    def get_meeting(self, meeting_id: UUID) -> Meeting:
        return self.load(Meeting, meeting_id)

    def meetings_of(self, municipality: str) -> list[Meeting]:
        """The municipality's meetings, the latest date first."""
        found = self.aggregates_as_of(Meeting, municipality)
        return sorted(found, key=lambda m: (m.held_on, m.start_time or ""), reverse=True)

    def proposed_agenda(
        self,
        municipality: str,
        *,
        at: datetime | None = None,
        stale_days: int = DEFAULT_STALE_DAYS,
    ) -> list[ProposedItem]:
        """What waits for lokala BRÅ at ``at`` (now without it), as it was then."""
        moment = at or datetime.now(UTC)
        year = moment.year
        inputs = AgendaInputs(
            at=moment,
            problems=self.aggregates_as_of(Problem, municipality, at=at),
            situation_picture=self.one_as_of(
                SituationPicture, situation_picture_id(municipality, year), at=at
            ),
            citizen_promise=self.one_as_of(
                CitizenPromise, citizen_promise_id(municipality, year), at=at
            ),
        )
        return propose_agenda(inputs, stale_days=stale_days)

    # ---------------------------------------------------------------- before the meeting

    def schedule_meeting(
        self,
        actor: Actor,
        *,
        municipality: str,
        held_on: date,
        place: str,
        start_time: str | None = None,
        participants: Sequence[Participant] = (),
    ) -> CommandResult:
        self.get_municipality(municipality)
        meeting = Meeting.schedule(
            actor,
            municipality=municipality,
            held_on=held_on,
            place=place,
            start_time=start_time,
            participants=participants,
        )
        return self.commit(meeting)

    def reschedule_meeting(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        held_on: date,
        place: str,
        start_time: str | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Meeting,
            meeting_id,
            expected_version,
            lambda m: m.reschedule(actor, held_on=held_on, place=place, start_time=start_time),
        )

    def cancel_meeting(
        self, actor: Actor, meeting_id: UUID, *, reason: str, expected_version: int | None = None
    ) -> CommandResult:
        return self.change(
            Meeting, meeting_id, expected_version, lambda m: m.cancel(actor, reason=reason)
        )

    def add_agenda_item(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        title: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """A point of the BRÅ's own (kind "other"); ``item_id`` is its id."""
        return self.change(
            Meeting, meeting_id, expected_version, lambda m: m.add_agenda_item(actor, title=title)
        )

    def accept_proposed_agenda(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        keys: Sequence[str] | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Put the proposed points (those named by ``keys``; all without) on the agenda,
        in the proposal's order; points already on it are not added again."""
        meeting = self.load(Meeting, meeting_id)
        check_version(meeting, expected_version)
        proposal = self.proposed_agenda(meeting.municipality)
        if keys is not None:
            known = {p.key for p in proposal}
            unknown = [k for k in keys if k not in known]
            if unknown:
                raise InvalidValueError(
                    "A chosen point is no longer proposed; reload the page.", field="keys"
                )
            proposal = [p for p in proposal if p.key in set(keys)]
        for point in proposal:
            if not point.is_on(meeting.agenda):
                meeting.add_agenda_item(
                    actor, title=point.title, kind=point.kind, subject_id=point.subject_id
                )
        return self.commit(meeting)

    def remove_agenda_item(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        item_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Meeting,
            meeting_id,
            expected_version,
            lambda m: m.remove_agenda_item(actor, item_id=item_id),
        )

    def retitle_agenda_item(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        item_id: UUID,
        title: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Meeting,
            meeting_id,
            expected_version,
            lambda m: m.retitle_agenda_item(actor, item_id=item_id, title=title),
        )

    def move_agenda_item(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        item_id: UUID,
        steps: int,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Meeting,
            meeting_id,
            expected_version,
            lambda m: m.move_agenda_item(actor, item_id=item_id, steps=steps),
        )

    def reorder_agenda(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        order: Sequence[UUID],
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Meeting, meeting_id, expected_version, lambda m: m.reorder_agenda(actor, order=order)
        )

    # ---------------------------------------------------------------- at the meeting

    def record_attendance(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        present: Sequence[Participant],
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Meeting,
            meeting_id,
            expected_version,
            lambda m: m.record_attendance(actor, present=present),
        )

    def record_meeting_decision(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        title: str,
        decision: str,
        agenda_item_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """A decision of the meeting that decides nothing else in the tracker (a § of its
        own: a statement, a request to a group, information noted)."""
        return self.change(
            Meeting,
            meeting_id,
            expected_version,
            lambda m: m.record_decision(
                actor,
                title=title,
                decision=decision,
                today=_today(),
                agenda_item_id=agenda_item_id,
            ),
        )

    def decide_assessment(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        problem_id: UUID,
        approve: bool,
        comments: str = "",
        agenda_item_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Approve or return a submitted uppföljning as the next § of the meeting; the
        problem's decision carries the meeting, the § and the meeting's date."""
        meeting = self._deciding(meeting_id, expected_version)
        problem = self._subject(Problem, problem_id, meeting, "problem_id")
        minuted = MinutedAt(meeting.id, meeting.next_paragraph, meeting.held_on)
        if approve:
            problem.approve_assessment(actor, comments=comments, minuted=minuted)
            kind = DecisionKind.APPROVE_ASSESSMENT
            text = "Lokala BRÅ godkänner uppföljningen."
        else:
            problem.return_assessment(actor, comments=comments, minuted=minuted)
            kind = DecisionKind.RETURN_ASSESSMENT
            text = "Lokala BRÅ återremitterar uppföljningen till arbetsgruppen."
        if comments.strip():
            text = f"{text} {comments.strip()}"
        return self._minuted(
            actor,
            meeting,
            problem,
            title=f"Uppföljning av {problem.reference} {problem.title}"[:200],
            decision=text,
            kind=kind,
            agenda_item_id=agenda_item_id,
        )

    def decide_situation_picture(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        situation_picture_id: UUID,
        agenda_item_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Adopt the lägesbild as the next §; it is adopted on the meeting's date."""
        meeting = self._deciding(meeting_id, expected_version)
        picture = self._subject(
            SituationPicture, situation_picture_id, meeting, "situation_picture_id"
        )
        picture.adopt(actor, adopted_on=meeting.held_on)
        return self._minuted(
            actor,
            meeting,
            picture,
            title=f"Strategisk lägesbild {picture.year}",
            decision=f"Lokala BRÅ fastställer den strategiska lägesbilden för {picture.year}.",
            kind=DecisionKind.ADOPT_SITUATION_PICTURE,
            agenda_item_id=agenda_item_id,
        )

    def decide_citizen_promise(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        citizen_promise_id: UUID,
        agenda_item_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Adopt the medborgarlöfte as the next §; it is adopted on the meeting's date."""
        meeting = self._deciding(meeting_id, expected_version)
        promise = self._subject(CitizenPromise, citizen_promise_id, meeting, "citizen_promise_id")
        promise.adopt(actor, adopted_on=meeting.held_on)
        return self._minuted(
            actor,
            meeting,
            promise,
            title=f"Medborgarlöfte {promise.year}",
            decision=f"Lokala BRÅ antar medborgarlöftet för {promise.year}.",
            kind=DecisionKind.ADOPT_CITIZEN_PROMISE,
            agenda_item_id=agenda_item_id,
        )

    def decide_establish_group(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        name: str,
        kind: GroupKind,
        mandate: str,
        agenda_item_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Establish a working group with its mandate as the next § of the meeting."""
        meeting = self._deciding(meeting_id, expected_version)
        group = WorkingGroup.establish(
            actor, municipality=meeting.municipality, name=name, kind=kind, mandate=mandate
        )
        meeting.record_decision(
            actor,
            title=f"Inrättande av arbetsgrupp: {group.name}"[:200],
            decision=f"Lokala BRÅ inrättar {group.name} med uppdraget: {group.mandate}"[:4000],
            today=_today(),
            kind=DecisionKind.ESTABLISH_GROUP,
            subject_id=group.id,
            agenda_item_id=agenda_item_id,
        )
        result = self.commit(meeting, group)
        return CommandResult(result.aggregate_id, result.version, result.position, group.id)

    def _minuted(
        self,
        actor: Actor,
        meeting: Meeting,
        subject: MunicipalAggregate,
        *,
        title: str,
        decision: str,
        kind: DecisionKind,
        agenda_item_id: UUID | None,
    ) -> CommandResult:
        """The decision already taken on ``subject`` as the meeting's next § (on the agenda
        point about it), and both saved in one transaction."""
        meeting.record_decision(
            actor,
            title=title,
            decision=decision,
            today=_today(),
            kind=kind,
            subject_id=subject.id,
            agenda_item_id=self._agenda_item_for(meeting, agenda_item_id, subject.id),
        )
        return self.commit(meeting, subject)

    def justera_protocol(
        self,
        actor: Actor,
        meeting_id: UUID,
        *,
        justerare: Sequence[str],
        justerat_on: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            Meeting,
            meeting_id,
            expected_version,
            lambda m: m.justera(actor, justerare=justerare, justerat_on=justerat_on),
        )

    # ---------------------------------------------------------------- helpers

    def _deciding(self, meeting_id: UUID, expected_version: int | None) -> Meeting:
        meeting = self.load(Meeting, meeting_id)
        check_version(meeting, expected_version)
        meeting.check_can_decide(_today())
        return meeting

    def _subject(self, cls: type[S], subject_id: UUID, meeting: Meeting, field: str) -> S:
        """What the meeting decides on: of the meeting's municipality (another
        municipality's is refused exactly as one that does not exist)."""
        unknown = InvalidValueError("Nothing with that id in the municipality.", field=field)
        try:
            subject = self.load(cls, subject_id)
        except NotFoundError:
            raise unknown from None
        if subject.municipality != meeting.municipality:
            raise unknown
        return subject

    @staticmethod
    def _agenda_item_for(meeting: Meeting, given: UUID | None, subject_id: UUID) -> UUID | None:
        """The agenda item the decision settles: the one given, or the open one about the
        same matter."""
        if given is not None:
            return given
        for item in meeting.agenda:
            if item.subject_id == subject_id and meeting.decision_on(item.item_id) is None:
                return item.item_id
        return None
