"""The register of Grannsamverkan (neighbourhood watch) areas.

Contact persons are private persons: their details live only in :class:`ContactPerson`
values, one per person, each detail a :class:`PersonalData` of that person, so it is
encrypted with a key of its own and can be erased (crypto-shredding). Never copy them into
other fields or into messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID

from problemorienterat.domain.actor import Actor
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
from problemorienterat.domain.limits import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PHONE_MAX_LENGTH
from problemorienterat.domain.personal_data import PersonalData

# How long a number may be is PHONE_MAX_LENGTH alone, checked before the pattern.
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AreaStatus(Enum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class ContactPerson:
    """A resident who is the area's contact for police and kommun.

    ``person_id`` is the data subject of every detail. Version 0.1 stored the details as
    plain strings; they load as :class:`PersonalData` of the same person.
    """

    person_id: UUID
    name: PersonalData
    phone: PersonalData | None = None
    email: PersonalData | None = None


class GrannsamverkanArea(MunicipalAggregate):
    """A residential area running Grannsamverkan: since when, its contact persons, its status."""

    class Event(MunicipalAggregate.Event):
        pass

    class Registered(MunicipalAggregate.Created):
        area: str
        started_on: date
        group_id: UUID | None
        households: int | None
        # Added after 0.1: areas registered before it load with no number of signs.
        signs: int | None = None

        def apply(self, register: GrannsamverkanArea) -> None:
            super().apply(register)
            register.area = self.area
            register.started_on = self.started_on
            register.group_id = self.group_id
            register.households = self.households
            register.signs = self.signs

    class FiguresUpdated(Event):
        """The households taking part and the Grannsamverkan signs put up, as now counted."""

        households: int | None
        signs: int | None

        def apply(self, register: GrannsamverkanArea) -> None:
            register.households = self.households
            register.signs = self.signs

    class ContactPersonAdded(Event):
        person: ContactPerson

        def apply(self, register: GrannsamverkanArea) -> None:
            register.contact_persons[self.person.person_id.hex] = self.person

    class ContactPersonRemoved(Event):
        person_id: UUID

        def apply(self, register: GrannsamverkanArea) -> None:
            del register.contact_persons[self.person_id.hex]

    class StatusChanged(Event):
        status: AreaStatus
        reason: str

        def apply(self, register: GrannsamverkanArea) -> None:
            register.status = self.status
            register.status_reason = self.reason

    def __init__(self) -> None:
        super().__init__()
        self.area: str = ""
        self.started_on: date = date.min
        self.group_id: UUID | None = None
        self.households: int | None = None
        self.signs: int | None = None
        self.contact_persons: dict[str, ContactPerson] = {}
        self.status: AreaStatus = AreaStatus.ACTIVE
        self.status_reason: str | None = None

    def _check_not_ended(self) -> None:
        if self.status is AreaStatus.ENDED:
            raise ClosedError("Grannsamverkan in this area has ended.")

    @classmethod
    def register(
        cls,
        actor: Actor,
        *,
        municipality: str,
        area: str,
        started_on: date,
        group_id: UUID | None = None,
        households: int | None = None,
        signs: int | None = None,
    ) -> GrannsamverkanArea:
        """Register an area where Grannsamverkan has started."""
        _check_households(households)
        _check_signs(signs)
        return cls._create(
            cls.Registered,
            actor=actor,
            municipality=municipality,
            area=require_text("area", area, max_length=NAME_MAX_LENGTH),
            started_on=started_on,
            group_id=group_id,
            households=households,
            signs=signs,
        )

    def update_figures(self, actor: Actor, *, households: int | None, signs: int | None) -> None:
        """Record the households taking part and the signs put up as now counted."""
        self._check_not_ended()
        _check_households(households)
        _check_signs(signs)
        if households == self.households and signs == self.signs:
            raise RuleViolation("The figures are the same as before.")
        self.record(self.FiguresUpdated, actor, households=households, signs=signs)

    def add_contact_person(
        self, actor: Actor, *, name: str, phone: str = "", email: str = ""
    ) -> UUID:
        """Add a contact person; returns the id under which their data is kept."""
        self._check_not_ended()
        phone_text = (
            optional_text("phone", phone, max_length=PHONE_MAX_LENGTH, personal_data=True) or ""
        )
        if phone_text and not _PHONE.match(phone_text):
            raise InvalidValueError(
                "A phone number has digits, spaces, dashes and an optional leading +.",
                field="phone",
            )
        email_text = (
            optional_text("email", email, max_length=EMAIL_MAX_LENGTH, personal_data=True) or ""
        )
        if email_text and not _EMAIL.match(email_text):
            raise InvalidValueError("That is not an e-mail address.", field="email")
        person_id = new_item_id()
        person = ContactPerson(
            person_id=person_id,
            name=PersonalData(
                person_id,
                require_text("name", name, max_length=NAME_MAX_LENGTH, personal_data=True),
            ),
            phone=PersonalData(person_id, phone_text) if phone_text else None,
            email=PersonalData(person_id, email_text) if email_text else None,
        )
        self.record(self.ContactPersonAdded, actor, person=person)
        return person.person_id

    def remove_contact_person(self, actor: Actor, *, person_id: UUID) -> None:
        """Remove a contact person, also after the area has ended: personal data may always go."""
        if person_id.hex not in self.contact_persons:
            raise NotFoundError("The area has no contact person with that id.", field="person_id")
        self.record(self.ContactPersonRemoved, actor, person_id=person_id)

    def change_status(self, actor: Actor, *, status: AreaStatus, reason: str) -> None:
        """Pause, resume or end Grannsamverkan in the area; ending is final."""
        self._check_not_ended()
        if status is self.status:
            raise RuleViolation(f"The area is already {status.value}.")
        self.record(self.StatusChanged, actor, status=status, reason=require_text("reason", reason))


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_households(households: int | None) -> None:
    if households is not None and (not _is_whole(households) or households < 1):
        raise InvalidValueError(
            "The number of households is a whole number of at least 1.", field="households"
        )


def _check_signs(signs: int | None) -> None:
    if signs is not None and (not _is_whole(signs) or signs < 0):
        raise InvalidValueError(
            "The number of signs is a whole number of at least 0.", field="signs"
        )
