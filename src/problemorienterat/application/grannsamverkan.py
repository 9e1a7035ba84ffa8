"""Use cases for the register of Grannsamverkan areas."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from problemorienterat.application.results import CommandResult
from problemorienterat.application.working_groups import WorkingGroupUseCases
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.grannsamverkan import AreaStatus, GrannsamverkanArea


class GrannsamverkanUseCases(WorkingGroupUseCases):
    """Register areas, keep their contact persons, change their status."""

    def get_grannsamverkan_area(self, area_id: UUID) -> GrannsamverkanArea:
        return self.load(GrannsamverkanArea, area_id)

    def register_grannsamverkan_area(
        self,
        actor: Actor,
        *,
        municipality: str,
        area: str,
        started_on: date,
        group_id: UUID | None = None,
        households: int | None = None,
        signs: int | None = None,
    ) -> CommandResult:
        """Register an area; ``group_id`` names the active group of the municipality behind it."""
        self.get_municipality(municipality)
        if group_id is not None:
            self.check_active_group(group_id, municipality)
        register = GrannsamverkanArea.register(
            actor,
            municipality=municipality,
            area=area,
            started_on=started_on,
            group_id=group_id,
            households=households,
            signs=signs,
        )
        return self.commit(register)

    def update_area_figures(
        self,
        actor: Actor,
        area_id: UUID,
        *,
        households: int | None,
        signs: int | None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            GrannsamverkanArea,
            area_id,
            expected_version,
            lambda a: a.update_figures(actor, households=households, signs=signs),
        )

    def add_contact_person(
        self,
        actor: Actor,
        area_id: UUID,
        *,
        name: str,
        phone: str = "",
        email: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        """Add a contact person; the result's ``item_id`` is their person id."""
        return self.change(
            GrannsamverkanArea,
            area_id,
            expected_version,
            lambda a: a.add_contact_person(actor, name=name, phone=phone, email=email),
        )

    def remove_contact_person(
        self,
        actor: Actor,
        area_id: UUID,
        *,
        person_id: UUID,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            GrannsamverkanArea,
            area_id,
            expected_version,
            lambda a: a.remove_contact_person(actor, person_id=person_id),
        )

    def change_area_status(
        self,
        actor: Actor,
        area_id: UUID,
        *,
        status: AreaStatus,
        reason: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.change(
            GrannsamverkanArea,
            area_id,
            expected_version,
            lambda a: a.change_status(actor, status=status, reason=reason),
        )
