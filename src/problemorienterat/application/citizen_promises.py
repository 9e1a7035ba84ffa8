"""Use cases for the yearly medborgarlöfte and its action plan."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from problemorienterat.application.results import CommandResult
from problemorienterat.application.situation_pictures import SituationPictureUseCases
from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.citizen_promise import (
    ActivityStatus,
    CitizenPromise,
    citizen_promise_id,
)
from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
)


class CitizenPromiseUseCases(SituationPictureUseCases):
    """Draft, adopt, carry out and follow up the medborgarlöfte of a year."""

    def get_citizen_promise(self, promise_id: UUID) -> CitizenPromise:
        return self.load(CitizenPromise, promise_id)

    def find_citizen_promise(self, municipality: str, year: int) -> CitizenPromise:
        """The medborgarlöfte of that municipality and year."""
        try:
            return self.get_citizen_promise(citizen_promise_id(municipality, year))
        except NotFoundError:
            raise NotFoundError(
                f"No medborgarlöfte has been drafted for {municipality} and {year}.", field="year"
            ) from None

    def check_focus_area(
        self, citizen_promise_id: UUID, focus_area_id: UUID, municipality: str
    ) -> None:
        """A problem links only to a focus area of its own municipality's medborgarlöfte
        (another municipality's is refused exactly as one that does not exist)."""
        unknown = InvalidValueError(
            "No medborgarlöfte with that id in the municipality.", field="citizen_promise_id"
        )
        try:
            promise = self.get_citizen_promise(citizen_promise_id)
        except NotFoundError:
            raise unknown from None
        if promise.municipality != municipality:
            raise unknown
        promise.focus_area(focus_area_id)

    def draft_citizen_promise(
        self,
        actor: Actor,
        *,
        municipality: str,
        year: int,
        title: str,
        situation_picture_id: UUID | None = None,
    ) -> CommandResult:
        """Start the medborgarlöfte of a year, optionally based on a lägesbild."""
        self.get_municipality(municipality)
        if situation_picture_id is not None:
            self.check_situation_picture(situation_picture_id, municipality)
        promise = CitizenPromise.draft(
            actor,
            municipality=municipality,
            year=year,
            title=title,
            situation_picture_id=situation_picture_id,
        )
        duplicate = DuplicateError(
            f"A medborgarlöfte for {municipality} and {promise.year} has already been drafted.",
            field="year",
        )
        if promise.id in self.repository:
            raise duplicate
        try:
            return self.commit(promise)
        except ConcurrentWriteError:
            raise duplicate from None

    def add_focus_area(
        self,
        actor: Actor,
        promise_id: UUID,
        *,
        title: str,
        description: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Add a focus area; the result's ``item_id`` is its id."""
        return self.change(
            CitizenPromise,
            promise_id,
            expected_version,
            lambda p: p.add_focus_area(actor, title=title, description=description),
        )

    def plan_activity(
        self,
        actor: Actor,
        promise_id: UUID,
        *,
        focus_area_id: UUID,
        description: str,
        responsible_organisation: Organisation,
        responsible_party: str,
        due_date: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Plan an activity of the action plan; the result's ``item_id`` is its id."""
        return self.change(
            CitizenPromise,
            promise_id,
            expected_version,
            lambda p: p.plan_activity(
                actor,
                focus_area_id=focus_area_id,
                description=description,
                responsible_organisation=responsible_organisation,
                responsible_party=responsible_party,
                due_date=due_date,
            ),
        )

    def change_activity_status(
        self,
        actor: Actor,
        promise_id: UUID,
        *,
        activity_id: UUID,
        status: ActivityStatus,
        note: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            CitizenPromise,
            promise_id,
            expected_version,
            lambda p: p.change_activity_status(
                actor, activity_id=activity_id, status=status, note=note
            ),
        )

    def adopt_citizen_promise(
        self,
        actor: Actor,
        promise_id: UUID,
        *,
        adopted_on: date,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            CitizenPromise,
            promise_id,
            expected_version,
            lambda p: p.adopt(actor, adopted_on=adopted_on),
        )

    def follow_up_citizen_promise(
        self,
        actor: Actor,
        promise_id: UUID,
        *,
        summary: str,
        outcomes: dict[UUID, str] | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """The year-end follow-up; ``outcomes`` says per focus area id what came of it."""
        return self.change(
            CitizenPromise,
            promise_id,
            expected_version,
            lambda p: p.follow_up(actor, summary=summary, outcomes=outcomes),
        )
