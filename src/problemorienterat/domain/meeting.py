"""Lokala BRÅ:s möten: scheduled, prepared with an agenda, held, minuted and justerat.

A meeting is where lokala BRÅ takes its decisions. Each decision is an item of the protokoll
with its paragraph number (§), numbered consecutively from 1 in the order recorded; a
decision that decides something in the tracker (approve or return an assessment, establish
a working group, adopt the lägesbild or the medborgarlöfte) names it (``kind`` and
``subject_id``), and that decision is recorded in the same transaction on its own aggregate
with the meeting, the § and the meeting's date.

Once the protokoll is justerat nothing of the meeting changes: a correction is a new
decision at a later meeting.

Participants are officials and elected members acting in their role (name, role,
organisation), never private persons; like every recorded value they stay out of the logs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID

from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.base import (
    MunicipalAggregate,
    new_item_id,
    optional_text,
    require_text,
)
from problemorienterat.domain.errors import (
    ClosedError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
    RuleViolation,
)
from problemorienterat.domain.limits import NAME_MAX_LENGTH

MAX_PARTICIPANTS = 60
MAX_AGENDA_ITEMS = 100
MAX_JUSTERARE = 3
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class MeetingStateError(RuleViolation):
    """The meeting is not in a state that allows the command (held, cancelled, not held)."""

    rule = "meeting-state"


class JusteratError(ClosedError):
    """The protokoll is justerat: its decisions can only be followed by new decisions."""

    rule = "protocol-justerat"


class AgendaKind(Enum):
    """What an agenda item is about: a matter to decide, or one for information."""

    ASSESSMENT = "assessment"  # an uppföljning awaiting review
    SITUATION_PICTURE = "situation_picture"  # the year's lägesbild to adopt
    CITIZEN_PROMISE = "citizen_promise"  # the year's medborgarlöfte to adopt
    OVERDUE_ACTIONS = "overdue_actions"  # for information
    STANDING_STILL = "standing_still"  # for information
    OTHER = "other"


INFORMATION_KINDS = frozenset({AgendaKind.OVERDUE_ACTIONS, AgendaKind.STANDING_STILL})


class DecisionKind(Enum):
    """A decision of the meeting that is also a decision in the tracker."""

    APPROVE_ASSESSMENT = "approve_assessment"
    RETURN_ASSESSMENT = "return_assessment"
    ESTABLISH_GROUP = "establish_group"
    ADOPT_SITUATION_PICTURE = "adopt_situation_picture"
    ADOPT_CITIZEN_PROMISE = "adopt_citizen_promise"


@dataclass(frozen=True)
class Participant:
    """Someone at (or invited to) the meeting, in their role: "ordförande", "kommunpolis"."""

    name: str
    role: str
    organisation: Organisation


@dataclass(frozen=True)
class AgendaItem:
    """A point of the agenda; ``subject_id`` names what it is about (a problem, a lägesbild)."""

    item_id: UUID
    title: str
    kind: AgendaKind
    subject_id: UUID | None = None

    @property
    def for_information(self) -> bool:
        return self.kind in INFORMATION_KINDS


@dataclass(frozen=True)
class DecisionItem:
    """A § of the protokoll: what was decided; ``kind`` and ``subject_id`` when it is a
    decision in the tracker; ``agenda_item_id`` the agenda point it settles, if any."""

    paragraph: int
    title: str
    decision: str
    kind: DecisionKind | None = None
    subject_id: UUID | None = None
    agenda_item_id: UUID | None = None


def _participants(field: str, people: Sequence[Participant]) -> list[Participant]:
    if len(people) > MAX_PARTICIPANTS:
        raise InvalidValueError(f"At most {MAX_PARTICIPANTS} participants.", field=field)
    checked: list[Participant] = []
    for person in people:
        checked.append(
            Participant(
                name=require_text(field, person.name, max_length=NAME_MAX_LENGTH),
                role=optional_text(field, person.role, max_length=NAME_MAX_LENGTH) or "",
                organisation=person.organisation,
            )
        )
    return checked


def _start_time(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not _TIME.match(value.strip()):
        raise InvalidValueError("A time is written HH:MM, e.g. 13:30.", field="start_time")
    return value.strip()


class Meeting(MunicipalAggregate):
    """A meeting of lokala BRÅ with its agenda, attendance, decisions (§) and justering."""

    class Event(MunicipalAggregate.Event):
        pass

    class Scheduled(MunicipalAggregate.Created):
        held_on: date
        start_time: str | None
        place: str
        participants: list[Participant]

        def apply(self, meeting: Meeting) -> None:
            super().apply(meeting)
            meeting.held_on = self.held_on
            meeting.start_time = self.start_time
            meeting.place = self.place
            meeting.participants = list(self.participants)

    class Rescheduled(Event):
        held_on: date
        start_time: str | None
        place: str

        def apply(self, meeting: Meeting) -> None:
            meeting.held_on = self.held_on
            meeting.start_time = self.start_time
            meeting.place = self.place

    class Cancelled(Event):
        reason: str

        def apply(self, meeting: Meeting) -> None:
            meeting.cancelled_reason = self.reason

    class AgendaItemAdded(Event):
        item: AgendaItem

        def apply(self, meeting: Meeting) -> None:
            meeting.agenda.append(self.item)

    class AgendaItemRemoved(Event):
        item_id: UUID

        def apply(self, meeting: Meeting) -> None:
            meeting.agenda = [i for i in meeting.agenda if i.item_id != self.item_id]

    class AgendaItemRetitled(Event):
        item_id: UUID
        title: str

        def apply(self, meeting: Meeting) -> None:
            meeting.agenda = [
                AgendaItem(i.item_id, self.title, i.kind, i.subject_id)
                if i.item_id == self.item_id
                else i
                for i in meeting.agenda
            ]

    class AgendaReordered(Event):
        order: list[UUID]

        def apply(self, meeting: Meeting) -> None:
            by_id = {i.item_id: i for i in meeting.agenda}
            meeting.agenda = [by_id[i] for i in self.order]

    class AttendanceRecorded(Event):
        present: list[Participant]

        def apply(self, meeting: Meeting) -> None:
            meeting.present = list(self.present)

    class DecisionRecorded(Event):
        item: DecisionItem

        def apply(self, meeting: Meeting) -> None:
            meeting.decisions.append(self.item)

    class ProtocolJusterat(Event):
        justerare: list[str]
        justerat_on: date

        def apply(self, meeting: Meeting) -> None:
            meeting.justerare = list(self.justerare)
            meeting.justerat_on = self.justerat_on

    # ------------------------------------------------------------------ state

    def __init__(self) -> None:
        super().__init__()
        self.held_on: date = date.min
        self.start_time: str | None = None
        self.place: str = ""
        self.participants: list[Participant] = []
        self.cancelled_reason: str | None = None
        self.agenda: list[AgendaItem] = []
        self.present: list[Participant] = []
        self.decisions: list[DecisionItem] = []
        self.justerare: list[str] = []
        self.justerat_on: date | None = None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_reason is not None

    @property
    def is_justerat(self) -> bool:
        return self.justerat_on is not None

    @property
    def is_held(self) -> bool:
        """Held once attendance or a decision is recorded."""
        return bool(self.present or self.decisions)

    @property
    def next_paragraph(self) -> int:
        return len(self.decisions) + 1

    def agenda_item(self, item_id: UUID, field: str = "agenda_item_id") -> AgendaItem:
        for item in self.agenda:
            if item.item_id == item_id:
                return item
        raise NotFoundError("The meeting's agenda has no such item.", field=field)

    def decision_on(self, agenda_item_id: UUID) -> DecisionItem | None:
        """The decision that settled that agenda item, if one did."""
        for item in self.decisions:
            if item.agenda_item_id == agenda_item_id:
                return item
        return None

    def decisions_about(self, subject_id: UUID) -> list[DecisionItem]:
        return [d for d in self.decisions if d.subject_id == subject_id]

    # ------------------------------------------------------------------ checks

    def _check_open(self) -> None:
        if self.is_justerat:
            raise JusteratError(
                "The protokoll is justerat: its decisions cannot change. Record a new "
                "decision at a later meeting instead."
            )
        if self.is_cancelled:
            raise MeetingStateError("The meeting is cancelled.")

    def _check_not_held(self, doing: str) -> None:
        self._check_open()
        if self.is_held:
            raise MeetingStateError(f"{doing} is only possible before the meeting is held.")

    def check_can_decide(self, today: date) -> None:
        """A decision is recorded at (or after) the meeting, never before its date."""
        self._check_open()
        if self.held_on > today:
            raise MeetingStateError(
                f"The meeting is on {self.held_on.isoformat()}: decisions are recorded at "
                "the meeting, not before it."
            )

    # ------------------------------------------------------------------ commands

    @classmethod
    def schedule(
        cls,
        actor: Actor,
        *,
        municipality: str,
        held_on: date,
        place: str,
        start_time: str | None = None,
        participants: Sequence[Participant] = (),
    ) -> Meeting:
        """Lokala BRÅ calls a meeting: date, time, place, who is invited."""
        return cls._create(
            cls.Scheduled,
            actor=actor,
            municipality=municipality,
            held_on=held_on,
            start_time=_start_time(start_time),
            place=require_text("place", place, max_length=NAME_MAX_LENGTH),
            participants=_participants("participants", participants),
        )

    def reschedule(
        self, actor: Actor, *, held_on: date, place: str, start_time: str | None = None
    ) -> None:
        self._check_not_held("Moving the meeting")
        self.record(
            self.Rescheduled,
            actor,
            held_on=held_on,
            start_time=_start_time(start_time),
            place=require_text("place", place, max_length=NAME_MAX_LENGTH),
        )

    def cancel(self, actor: Actor, *, reason: str) -> None:
        self._check_not_held("Cancelling the meeting")
        self.record(self.Cancelled, actor, reason=require_text("reason", reason))

    def add_agenda_item(
        self,
        actor: Actor,
        *,
        title: str,
        kind: AgendaKind = AgendaKind.OTHER,
        subject_id: UUID | None = None,
    ) -> UUID:
        """Put a point on the agenda; a subject already on it is not added twice."""
        self._check_open()
        if len(self.agenda) >= MAX_AGENDA_ITEMS:
            raise InvalidValueError(
                f"An agenda has at most {MAX_AGENDA_ITEMS} items.", field="title"
            )
        if subject_id is not None and any(
            i.subject_id == subject_id and i.kind is kind for i in self.agenda
        ):
            raise DuplicateError("That matter is already on the agenda.", field="subject_id")
        item = AgendaItem(
            item_id=new_item_id(),
            title=require_text("title", title, max_length=NAME_MAX_LENGTH),
            kind=kind,
            subject_id=subject_id,
        )
        self.record(self.AgendaItemAdded, actor, item=item)
        return item.item_id

    def remove_agenda_item(self, actor: Actor, *, item_id: UUID) -> None:
        self._check_open()
        self.agenda_item(item_id)
        if self.decision_on(item_id) is not None:
            raise MeetingStateError("A decided agenda item stays on the agenda.")
        self.record(self.AgendaItemRemoved, actor, item_id=item_id)

    def retitle_agenda_item(self, actor: Actor, *, item_id: UUID, title: str) -> None:
        self._check_open()
        self.agenda_item(item_id)
        self.record(
            self.AgendaItemRetitled,
            actor,
            item_id=item_id,
            title=require_text("title", title, max_length=NAME_MAX_LENGTH),
        )

    def reorder_agenda(self, actor: Actor, *, order: Sequence[UUID]) -> None:
        """Put the agenda in ``order``: every item exactly once."""
        self._check_open()
        if sorted(order, key=str) != sorted((i.item_id for i in self.agenda), key=str):
            raise InvalidValueError(
                "Name every item of the agenda exactly once, in the new order.", field="order"
            )
        self.record(self.AgendaReordered, actor, order=list(order))

    def move_agenda_item(self, actor: Actor, *, item_id: UUID, steps: int) -> None:
        """Move an item up (negative) or down (positive) the agenda."""
        self.agenda_item(item_id)
        order = [i.item_id for i in self.agenda]
        index = order.index(item_id)
        target = min(max(index + steps, 0), len(order) - 1)
        order.insert(target, order.pop(index))
        self.reorder_agenda(actor, order=order)

    def record_attendance(self, actor: Actor, *, present: Sequence[Participant]) -> None:
        """Who is present (närvarande); may be corrected until the protokoll is justerat."""
        self._check_open()
        checked = _participants("present", present)
        if not checked:
            raise InvalidValueError("Name at least one person present.", field="present")
        self.record(self.AttendanceRecorded, actor, present=checked)

    def record_decision(
        self,
        actor: Actor,
        *,
        title: str,
        decision: str,
        today: date,
        kind: DecisionKind | None = None,
        subject_id: UUID | None = None,
        agenda_item_id: UUID | None = None,
    ) -> DecisionItem:
        """Record the next § of the protokoll. A decision in the tracker names its subject;
        an agenda item is settled by one decision only."""
        self.check_can_decide(today)
        if (kind is None) != (subject_id is None):
            raise InvalidValueError(
                "A decision in the tracker names both its kind and its subject.",
                field="subject_id",
            )
        if agenda_item_id is not None:
            self.agenda_item(agenda_item_id)
            if self.decision_on(agenda_item_id) is not None:
                raise DuplicateError("That agenda item is already decided.", field="agenda_item_id")
        item = DecisionItem(
            paragraph=self.next_paragraph,
            title=require_text("title", title, max_length=NAME_MAX_LENGTH),
            decision=require_text("decision", decision),
            kind=kind,
            subject_id=subject_id,
            agenda_item_id=agenda_item_id,
        )
        self.record(self.DecisionRecorded, actor, item=item)
        return item

    def justera(self, actor: Actor, *, justerare: Sequence[str], justerat_on: date) -> None:
        """The protokoll is checked and signed (justerat): from now on nothing changes."""
        self._check_open()
        if not self.present:
            raise MeetingStateError("Record who was present before the protokoll is justerat.")
        if not self.decisions:
            raise MeetingStateError("A protokoll is justerat with at least one decision (§).")
        names = [require_text("justerare", n, max_length=NAME_MAX_LENGTH) for n in justerare]
        if not 1 <= len(names) <= MAX_JUSTERARE:
            raise InvalidValueError(f"Name 1–{MAX_JUSTERARE} justerare.", field="justerare")
        if justerat_on < self.held_on:
            raise InvalidValueError(
                "The protokoll is justerat on or after the meeting's date.", field="justerat_on"
            )
        self.record(self.ProtocolJusterat, actor, justerare=names, justerat_on=justerat_on)
