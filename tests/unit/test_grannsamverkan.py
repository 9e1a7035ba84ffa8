"""The Grannsamverkan register: areas, their contact persons (personal data) and status."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from uuid import uuid4

import pytest
from support import BRA

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.errors import (
    ClosedError,
    InvalidValueError,
    NotFoundError,
    RuleViolation,
)
from problemorienterat.domain.grannsamverkan import AreaStatus, ContactPerson, GrannsamverkanArea
from problemorienterat.domain.personal_data import PersonalData
from problemorienterat.domain.working_group import GroupKind

KOMMUNPOLIS = Actor("u-erik", "Erik Holm", Organisation.POLIS, Role.MEMBER)
RESIDENT = "Lisa Persson"


def valla() -> GrannsamverkanArea:
    return GrannsamverkanArea.register(
        KOMMUNPOLIS, municipality="1882", area="Valla", started_on=date(2024, 4, 1), households=42
    )


# ---------------------------------------------------------------- the aggregate


def test_a_registered_area_is_active() -> None:
    """A newly registered area runs Grannsamverkan from its start date."""
    area = valla()

    assert area.area == "Valla"
    assert area.started_on == date(2024, 4, 1)
    assert area.households == 42
    assert area.status is AreaStatus.ACTIVE


def test_households_are_a_positive_whole_number() -> None:
    """The number of households, when given, is at least one."""
    with pytest.raises(InvalidValueError) as caught:
        GrannsamverkanArea.register(
            KOMMUNPOLIS,
            municipality="1882",
            area="Valla",
            started_on=date(2024, 4, 1),
            households=0,
        )
    assert caught.value.field == "households"


def test_a_contact_person_is_kept_only_in_their_own_record() -> None:
    """Personal data lives in one ContactPerson per person, keyed by person id, nowhere else."""
    area = valla()

    person_id = area.add_contact_person(
        KOMMUNPOLIS, name=RESIDENT, phone="070-123 45 67", email="lisa@example.se"
    )

    assert area.contact_persons == {
        person_id.hex: ContactPerson(
            person_id,
            PersonalData(person_id, RESIDENT),
            PersonalData(person_id, "070-123 45 67"),
            PersonalData(person_id, "lisa@example.se"),
        )
    }
    area.collect_events()
    other_state = {k: v for k, v in vars(area).items() if k != "contact_persons"}
    assert RESIDENT not in repr(other_state)
    assert RESIDENT not in repr(area.contact_persons), "personal data never shows in a repr"


def test_the_contact_persons_event_carries_the_name_only_in_the_contact_person() -> None:
    """The event's only personal-data field is the ContactPerson value, ready for encryption."""
    area = valla()
    area.add_contact_person(KOMMUNPOLIS, name=RESIDENT)

    event = area.collect_events()[-1]

    assert isinstance(event, GrannsamverkanArea.ContactPersonAdded)
    other_fields = {f.name: getattr(event, f.name) for f in fields(event) if f.name != "person"}
    assert RESIDENT not in repr(other_fields)


def test_a_bad_phone_number_is_refused_without_echoing_personal_data() -> None:
    """Invalid contact details are refused; the message names the field, not the person."""
    with pytest.raises(InvalidValueError) as caught:
        valla().add_contact_person(KOMMUNPOLIS, name=RESIDENT, phone="ring Lisa")

    assert caught.value.field == "phone"
    assert "Lisa" not in caught.value.message


def test_a_bad_email_address_is_refused() -> None:
    """An e-mail address, when given, looks like one."""
    with pytest.raises(InvalidValueError) as caught:
        valla().add_contact_person(KOMMUNPOLIS, name=RESIDENT, email="lisa-at-example")
    assert caught.value.field == "email"


def test_a_removed_contact_person_is_gone_from_the_register() -> None:
    """Removing a contact person deletes their record from the area's state."""
    area = valla()
    person_id = area.add_contact_person(KOMMUNPOLIS, name=RESIDENT)

    area.remove_contact_person(KOMMUNPOLIS, person_id=person_id)

    assert area.contact_persons == {}


def test_removing_an_unknown_contact_person_is_not_found() -> None:
    """Only registered contact persons can be removed."""
    with pytest.raises(NotFoundError) as caught:
        valla().remove_contact_person(KOMMUNPOLIS, person_id=uuid4())
    assert caught.value.field == "person_id"


def test_an_area_can_be_paused_and_resumed() -> None:
    """Grannsamverkan may pause and start again, each time with a reason."""
    area = valla()

    area.change_status(KOMMUNPOLIS, status=AreaStatus.PAUSED, reason="Ingen kontaktperson.")
    area.change_status(KOMMUNPOLIS, status=AreaStatus.ACTIVE, reason="Ny kontaktperson.")

    assert area.status is AreaStatus.ACTIVE
    assert area.status_reason == "Ny kontaktperson."


def test_a_status_change_must_change_the_status() -> None:
    """Setting the status it already has is refused."""
    with pytest.raises(RuleViolation):
        valla().change_status(KOMMUNPOLIS, status=AreaStatus.ACTIVE, reason="Igen.")


def test_an_ended_area_takes_no_new_contact_persons_or_status() -> None:
    """Ending Grannsamverkan in an area is final."""
    area = valla()
    area.change_status(KOMMUNPOLIS, status=AreaStatus.ENDED, reason="Föreningen upplöst.")

    with pytest.raises(ClosedError):
        area.add_contact_person(KOMMUNPOLIS, name=RESIDENT)
    with pytest.raises(ClosedError):
        area.change_status(KOMMUNPOLIS, status=AreaStatus.ACTIVE, reason="Igen.")


def test_contact_persons_can_be_removed_after_the_area_has_ended() -> None:
    """Personal data may always be removed, also when the area no longer takes changes."""
    area = valla()
    person_id = area.add_contact_person(KOMMUNPOLIS, name=RESIDENT)
    area.change_status(KOMMUNPOLIS, status=AreaStatus.ENDED, reason="Föreningen upplöst.")

    area.remove_contact_person(KOMMUNPOLIS, person_id=person_id)

    assert area.contact_persons == {}


# ---------------------------------------------------------------- the use cases


def test_an_area_is_registered_with_the_group_that_runs_it(app: ProblemorienteratApp) -> None:
    """The area names an active group of its own municipality."""
    group_id = app.establish_group(
        BRA,
        municipality="1882",
        name="Grannsamverkan Valla",
        kind=GroupKind.NEIGHBOURHOOD_WATCH,
        mandate="Grannsamverkan i Valla.",
    ).aggregate_id

    area_id = app.register_grannsamverkan_area(
        KOMMUNPOLIS,
        municipality="1882",
        area="Valla",
        started_on=date(2024, 4, 1),
        group_id=group_id,
    ).aggregate_id

    assert app.get_grannsamverkan_area(area_id).group_id == group_id


def test_an_area_cannot_name_a_group_that_does_not_exist(app: ProblemorienteratApp) -> None:
    """An unknown group id is refused on ``group_id`` (as another municipality's group is)."""
    with pytest.raises(InvalidValueError) as caught:
        app.register_grannsamverkan_area(
            KOMMUNPOLIS,
            municipality="1882",
            area="Valla",
            started_on=date(2024, 4, 1),
            group_id=uuid4(),
        )
    assert caught.value.field == "group_id"


def test_an_area_cannot_name_another_municipalitys_group(app: ProblemorienteratApp) -> None:
    """A Kungsör area is not run by a Västerås group."""
    app.register_municipality(BRA, code="1980", name="Västerås", reference_prefix="VÄS")
    group_id = app.establish_group(
        BRA, municipality="1980", name="GSV", kind=GroupKind.NEIGHBOURHOOD_WATCH, mandate="X."
    ).aggregate_id

    with pytest.raises(InvalidValueError) as caught:
        app.register_grannsamverkan_area(
            KOMMUNPOLIS,
            municipality="1882",
            area="Valla",
            started_on=date(2024, 4, 1),
            group_id=group_id,
        )
    assert caught.value.field == "group_id"


def test_contact_persons_are_added_and_removed_through_the_application(
    app: ProblemorienteratApp,
) -> None:
    """Adding returns the person id; removing by it takes the person out."""
    area_id = app.register_grannsamverkan_area(
        KOMMUNPOLIS, municipality="1882", area="Valla", started_on=date(2024, 4, 1)
    ).aggregate_id

    person_id = app.add_contact_person(
        KOMMUNPOLIS, area_id, name=RESIDENT, phone="0227-123 45"
    ).item_id
    assert person_id is not None
    assert person_id.hex in app.get_grannsamverkan_area(area_id).contact_persons
    app.remove_contact_person(KOMMUNPOLIS, area_id, person_id=person_id)

    assert app.get_grannsamverkan_area(area_id).contact_persons == {}


def test_an_area_survives_a_round_trip_through_the_store_and_a_snapshot(
    app: ProblemorienteratApp,
) -> None:
    """Contact persons, status and dates are stored and loaded back as they were."""
    area_id = app.register_grannsamverkan_area(
        KOMMUNPOLIS, municipality="1882", area="Valla", started_on=date(2024, 4, 1), households=42
    ).aggregate_id
    app.add_contact_person(KOMMUNPOLIS, area_id, name=RESIDENT, email="lisa@example.se")
    app.change_area_status(KOMMUNPOLIS, area_id, status=AreaStatus.PAUSED, reason="Sommaruppehåll.")
    original = app.get_grannsamverkan_area(area_id)

    app.take_snapshot(area_id)

    assert app.snapshots is not None
    assert len(list(app.snapshots.get(area_id))) == 1
    assert app.repository.get(area_id) == original


# ---------------------------------------------------------------- figures (signs put up)


def test_households_and_signs_are_updated_and_an_unchanged_update_is_refused() -> None:
    """A kommunpolis records the households taking part and the signs put up as now counted;
    the same figures again change nothing (refused), a negative count is no count."""
    area = valla()
    area.update_figures(KOMMUNPOLIS, households=50, signs=7)
    assert (area.households, area.signs) == (50, 7)
    with pytest.raises(RuleViolation):
        area.update_figures(KOMMUNPOLIS, households=50, signs=7)
    with pytest.raises(InvalidValueError) as error:
        area.update_figures(KOMMUNPOLIS, households=50, signs=-1)
    assert error.value.field == "signs"
    area.change_status(KOMMUNPOLIS, status=AreaStatus.ENDED, reason="Avslutat.")
    with pytest.raises(ClosedError):
        area.update_figures(KOMMUNPOLIS, households=51, signs=7)


def test_an_area_registered_before_signs_were_kept_loads_with_no_signs() -> None:
    """A Registered event stored by 0.1 has no ``signs``: it loads (as the store's mapper
    builds it, from its stored fields alone) with no number of signs."""
    event = valla().collect_events()[0]
    stored = {k: v for k, v in vars(event).items() if k != "signs"}
    old = object.__new__(GrannsamverkanArea.Registered)
    object.__setattr__(old, "__dict__", stored)
    area = old.mutate(None)
    assert area is not None
    assert (area.area, area.households, area.signs) == ("Valla", 42, None)


def test_the_municipalitys_areas_are_listed_from_the_store(
    store_app: ProblemorienteratApp,
) -> None:
    """grannsamverkan_areas_of lists that municipality's areas only, by name, with their
    figures, on SQLite and PostgreSQL (through the event index)."""
    store_app.register_municipality(BRA, code="1980", name="Västerås", reference_prefix="VÄS")
    for municipality, name in [("1882", "Valla"), ("1980", "Bjurhovda"), ("1882", "Hagalund")]:
        result = store_app.register_grannsamverkan_area(
            KOMMUNPOLIS, municipality=municipality, area=name, started_on=date(2025, 1, 1)
        )
        store_app.update_area_figures(KOMMUNPOLIS, result.aggregate_id, households=9, signs=2)
    listed = store_app.grannsamverkan_areas_of("1882")
    assert [(a.area, a.households, a.signs) for a in listed] == [
        ("Hagalund", 9, 2),
        ("Valla", 9, 2),
    ]
    assert store_app.agreements_of("1882") == []
