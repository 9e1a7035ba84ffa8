"""The yearly medborgarlöfte: prioritised focus areas and the action plan's activities."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
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
    InvalidValueError,
    NotFoundError,
    RuleViolation,
)
from problemorienterat.domain.limits import NAME_MAX_LENGTH
from problemorienterat.domain.yearly import require_year, yearly_id


class ActivityStatus(Enum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    CANCELLED = "cancelled"


_NEXT_STATUSES = {
    ActivityStatus.PLANNED: (ActivityStatus.ONGOING, ActivityStatus.DONE, ActivityStatus.CANCELLED),
    ActivityStatus.ONGOING: (ActivityStatus.DONE, ActivityStatus.CANCELLED),
    ActivityStatus.DONE: (),
    ActivityStatus.CANCELLED: (),
}


def next_statuses(status: ActivityStatus) -> tuple[ActivityStatus, ...]:
    """The statuses an activity that is ``status`` may move on to (none once done or
    cancelled)."""
    return _NEXT_STATUSES[status]


class ActivityStateError(RuleViolation):
    rule = "activity-state"


@dataclass(frozen=True)
class FocusArea:
    """A prioritised fokusområde; ``outcome`` is what the year-end follow-up says of it."""

    focus_area_id: UUID
    title: str
    description: str
    outcome: str | None = None


@dataclass(frozen=True)
class Activity:
    """A concrete activity of the action plan (handlingsplan) under one focus area."""

    activity_id: UUID
    focus_area_id: UUID
    description: str
    responsible_organisation: Organisation
    responsible_party: str
    due_date: date | None
    status: ActivityStatus = ActivityStatus.PLANNED
    status_note: str = ""


def citizen_promise_id(municipality: str, year: int) -> UUID:
    """One medborgarlöfte per municipality and year."""
    return yearly_id("citizen-promise", municipality, year)


class CitizenPromise(MunicipalAggregate):
    """A medborgarlöfte: drafted, focus areas added, adopted, carried out, followed up."""

    class Event(MunicipalAggregate.Event):
        pass

    class Drafted(MunicipalAggregate.Created):
        year: int
        title: str
        situation_picture_id: UUID | None

        def apply(self, promise: CitizenPromise) -> None:
            super().apply(promise)
            promise.year = self.year
            promise.title = self.title
            promise.situation_picture_id = self.situation_picture_id

    class FocusAreaAdded(Event):
        focus_area: FocusArea

        def apply(self, promise: CitizenPromise) -> None:
            promise.focus_areas[self.focus_area.focus_area_id.hex] = self.focus_area

    class ActivityPlanned(Event):
        activity: Activity

        def apply(self, promise: CitizenPromise) -> None:
            promise.activities[self.activity.activity_id.hex] = self.activity

    class ActivityStatusChanged(Event):
        activity_id: UUID
        status: ActivityStatus
        note: str

        def apply(self, promise: CitizenPromise) -> None:
            key = self.activity_id.hex
            promise.activities[key] = replace(
                promise.activities[key], status=self.status, status_note=self.note
            )
            if self.status is ActivityStatus.DONE:
                promise.activities_done_at[key] = self.timestamp

    class Adopted(Event):
        adopted_on: date

        def apply(self, promise: CitizenPromise) -> None:
            promise.adopted_on = self.adopted_on

    class FollowedUp(Event):
        summary: str
        outcomes: dict[str, str]  # focus_area_id.hex -> what came of it

        def apply(self, promise: CitizenPromise) -> None:
            promise.follow_up_summary = self.summary
            promise.followed_up_at = self.timestamp
            for key, outcome in self.outcomes.items():
                promise.focus_areas[key] = replace(promise.focus_areas[key], outcome=outcome)

    def __init__(self) -> None:
        super().__init__()
        self.year: int = 0
        self.title: str = ""
        self.situation_picture_id: UUID | None = None
        self.focus_areas: dict[str, FocusArea] = {}
        self.activities: dict[str, Activity] = {}
        # when each activity was marked done (activity_id.hex -> the event's time)
        self.activities_done_at: dict[str, datetime] = {}
        self.adopted_on: date | None = None
        self.follow_up_summary: str | None = None
        self.followed_up_at: datetime | None = None

    # ------------------------------------------------------------------ derived facts

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def is_followed_up(self) -> bool:
        return self.followed_up_at is not None

    def focus_area(self, focus_area_id: UUID) -> FocusArea:
        try:
            return self.focus_areas[focus_area_id.hex]
        except KeyError:
            raise NotFoundError(
                "The medborgarlöfte has no focus area with that id.", field="focus_area_id"
            ) from None

    def activity(self, activity_id: UUID) -> Activity:
        try:
            return self.activities[activity_id.hex]
        except KeyError:
            raise NotFoundError(
                "The medborgarlöfte has no activity with that id.", field="activity_id"
            ) from None

    def done_at(self, activity_id: UUID) -> datetime | None:
        """When the activity was marked done (None while it is not)."""
        return self.activities_done_at.get(activity_id.hex)

    def _check_not_followed_up(self) -> None:
        if self.is_followed_up:
            raise ClosedError("The medborgarlöfte has been followed up; its year is over.")

    # ------------------------------------------------------------------ commands

    @classmethod
    def draft(
        cls,
        actor: Actor,
        *,
        municipality: str,
        year: int,
        title: str,
        situation_picture_id: UUID | None = None,
    ) -> CitizenPromise:
        """Start the year's medborgarlöfte, optionally based on a lägesbild."""
        year = require_year(year)
        return cls._create(
            cls.Drafted,
            id=citizen_promise_id(municipality, year),
            actor=actor,
            municipality=municipality,
            year=year,
            title=require_text("title", title, max_length=NAME_MAX_LENGTH),
            situation_picture_id=situation_picture_id,
        )

    def add_focus_area(self, actor: Actor, *, title: str, description: str) -> UUID:
        """Add a prioritised focus area; the set is fixed when the promise is adopted."""
        self._check_not_followed_up()
        if self.is_adopted:
            raise ClosedError(
                "The medborgarlöfte has been adopted; its focus areas can no longer change."
            )
        focus_area = FocusArea(
            focus_area_id=new_item_id(),
            title=require_text("title", title, max_length=NAME_MAX_LENGTH),
            description=require_text("description", description),
        )
        self.record(self.FocusAreaAdded, actor, focus_area=focus_area)
        return focus_area.focus_area_id

    def plan_activity(
        self,
        actor: Actor,
        *,
        focus_area_id: UUID,
        description: str,
        responsible_organisation: Organisation,
        responsible_party: str,
        due_date: date | None = None,
    ) -> UUID:
        """Plan an activity under a focus area, before or after adoption."""
        self._check_not_followed_up()
        self.focus_area(focus_area_id)
        activity = Activity(
            activity_id=new_item_id(),
            focus_area_id=focus_area_id,
            description=require_text("description", description),
            responsible_organisation=responsible_organisation,
            responsible_party=require_text(
                "responsible_party", responsible_party, max_length=NAME_MAX_LENGTH
            ),
            due_date=due_date,
        )
        self.record(self.ActivityPlanned, actor, activity=activity)
        return activity.activity_id

    def change_activity_status(
        self, actor: Actor, *, activity_id: UUID, status: ActivityStatus, note: str = ""
    ) -> None:
        """Move an activity on: planned → ongoing → done, or cancelled (with a note why)."""
        self._check_not_followed_up()
        current = self.activity(activity_id).status
        if status not in _NEXT_STATUSES[current]:
            raise ActivityStateError(
                f"An activity that is {current.value} cannot become {status.value}."
            )
        text = optional_text("note", note) or ""
        if status is ActivityStatus.CANCELLED and not text:
            raise InvalidValueError("Say why the activity was cancelled.", field="note")
        self.record(
            self.ActivityStatusChanged, actor, activity_id=activity_id, status=status, note=text
        )

    def adopt(self, actor: Actor, *, adopted_on: date) -> None:
        """Adopt the medborgarlöfte with at least one focus area."""
        if self.is_adopted:
            raise ClosedError("The medborgarlöfte has already been adopted.")
        if not self.focus_areas:
            raise RuleViolation("A medborgarlöfte is adopted with at least one focus area.")
        self.record(self.Adopted, actor, adopted_on=adopted_on)

    def follow_up(
        self, actor: Actor, *, summary: str, outcomes: dict[UUID, str] | None = None
    ) -> None:
        """The year-end follow-up: a summary and, per focus area, what came of it."""
        self._check_not_followed_up()
        if not self.is_adopted:
            raise RuleViolation("Only an adopted medborgarlöfte can be followed up.")
        texts: dict[str, str] = {}
        for focus_area_id, outcome in (outcomes or {}).items():
            self.focus_area(focus_area_id)
            texts[focus_area_id.hex] = require_text("outcomes", outcome)
        self.record(
            self.FollowedUp, actor, summary=require_text("summary", summary), outcomes=texts
        )
