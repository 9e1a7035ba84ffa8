"""The strategic lägesbild: one per municipality and year, fixed once adopted."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.errors import (
    ClosedError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
)
from problemorienterat.domain.situation_picture import (
    Observation,
    SituationPicture,
    Trend,
    situation_picture_id,
)


def lagesbild_2026() -> SituationPicture:
    return SituationPicture.draw_up(
        MEMBER, municipality="1882", year=2026, summary="Gemensam lägesbild för Kungsör 2026."
    )


def observe_valla(picture: SituationPicture) -> None:
    picture.record_observation(
        MEMBER,
        area="Valla",
        description="Bostadsinbrott i radhusområdet.",
        trend=Trend.INCREASING,
        source="Anmälda brott",
    )


# ---------------------------------------------------------------- the aggregate


def test_the_id_of_a_lagesbild_follows_from_municipality_and_year() -> None:
    """There is one lägesbild per municipality and year: its id says which."""
    picture = lagesbild_2026()

    assert picture.id == situation_picture_id("1882", 2026)
    assert picture.id != situation_picture_id("1882", 2027)
    assert picture.id != situation_picture_id("1980", 2026)
    assert (picture.year, picture.municipality) == (2026, "1882")


def test_a_lagesbild_is_for_a_plausible_year() -> None:
    """The year is a calendar year, not a typo."""
    with pytest.raises(InvalidValueError) as caught:
        SituationPicture.draw_up(MEMBER, municipality="1882", year=26, summary="Lägesbild.")
    assert caught.value.field == "year"


def test_an_observation_records_area_trend_and_source() -> None:
    """Each observation says where, what, which way it is going and how we know."""
    picture = lagesbild_2026()

    observation_id = picture.record_observation(
        MEMBER,
        area="Centrum",
        description="Skadegörelse kring busstationen.",
        trend=Trend.STABLE,
        source="EST-rapporter",
    )

    assert picture.observations == {
        observation_id.hex: Observation(
            observation_id,
            "Centrum",
            "Skadegörelse kring busstationen.",
            Trend.STABLE,
            "EST-rapporter",
        )
    }


def test_an_observation_names_its_source() -> None:
    """An observation without a source cannot be checked, so the source is required."""
    with pytest.raises(InvalidValueError) as caught:
        lagesbild_2026().record_observation(
            MEMBER, area="Valla", description="Inbrott.", trend=Trend.UNKNOWN, source=""
        )
    assert caught.value.field == "source"


def test_an_observation_recorded_in_error_can_be_withdrawn_before_adoption() -> None:
    """Before adoption, a wrong observation is withdrawn with a reason."""
    picture = lagesbild_2026()
    observe_valla(picture)
    (observation_id,) = [o.observation_id for o in picture.observations.values()]

    picture.withdraw_observation(MEMBER, observation_id=observation_id, reason="Fel område.")

    assert picture.observations == {}


def test_withdrawing_an_unknown_observation_is_not_found() -> None:
    """Only recorded observations can be withdrawn."""
    with pytest.raises(NotFoundError) as caught:
        lagesbild_2026().withdraw_observation(MEMBER, observation_id=uuid4(), reason="Fel.")
    assert caught.value.field == "observation_id"


def test_an_adopted_lagesbild_is_fixed() -> None:
    """Once lokala BRÅ has adopted the lägesbild, nothing more is recorded in it."""
    picture = lagesbild_2026()
    observe_valla(picture)
    (observation_id,) = [o.observation_id for o in picture.observations.values()]

    picture.adopt(BRA, adopted_on=date(2026, 2, 10))

    assert picture.is_adopted
    assert picture.adopted_on == date(2026, 2, 10)
    with pytest.raises(ClosedError):
        observe_valla(picture)
    with pytest.raises(ClosedError):
        picture.withdraw_observation(MEMBER, observation_id=observation_id, reason="Fel.")
    with pytest.raises(ClosedError):
        picture.adopt(BRA, adopted_on=date(2026, 3, 1))


# ---------------------------------------------------------------- the use cases


def test_a_lagesbild_is_drawn_up_and_found_by_year(app: ProblemorienteratApp) -> None:
    """The year's lägesbild can be found by municipality and year."""
    result = app.draw_up_situation_picture(
        MEMBER, municipality="1882", year=2026, summary="Lägesbild 2026."
    )

    assert app.find_situation_picture("1882", 2026).id == result.aggregate_id


def test_an_observation_recorded_through_the_application_returns_its_id(
    app: ProblemorienteratApp,
) -> None:
    """The command's result carries the new observation's id."""
    picture_id = app.draw_up_situation_picture(
        MEMBER, municipality="1882", year=2026, summary="Lägesbild 2026."
    ).aggregate_id

    result = app.record_observation(
        MEMBER,
        picture_id,
        area="Valla",
        description="Bostadsinbrott.",
        trend=Trend.INCREASING,
        source="Anmälda brott",
    )

    assert result.item_id is not None
    assert result.item_id.hex in app.get_situation_picture(picture_id).observations


def test_a_second_lagesbild_for_the_same_year_is_a_duplicate(app: ProblemorienteratApp) -> None:
    """One lägesbild per municipality and year."""
    app.draw_up_situation_picture(MEMBER, municipality="1882", year=2026, summary="Första.")

    with pytest.raises(DuplicateError) as caught:
        app.draw_up_situation_picture(MEMBER, municipality="1882", year=2026, summary="Andra.")
    assert caught.value.field == "year"


def test_a_missing_lagesbild_is_not_found(app: ProblemorienteratApp) -> None:
    """Asking for a year without a lägesbild says so."""
    with pytest.raises(NotFoundError):
        app.find_situation_picture("1882", 2030)


def test_a_lagesbild_needs_a_registered_municipality(app: ProblemorienteratApp) -> None:
    """Every lägesbild belongs to a registered municipality."""
    with pytest.raises(NotFoundError) as caught:
        app.draw_up_situation_picture(MEMBER, municipality="0999", year=2026, summary="X.")
    assert caught.value.field == "municipality"


def test_an_adopted_lagesbild_refuses_changes_through_the_application(
    app: ProblemorienteratApp,
) -> None:
    """The adopted lägesbild is fixed, also for the use cases."""
    picture_id = app.draw_up_situation_picture(
        MEMBER, municipality="1882", year=2026, summary="Lägesbild 2026."
    ).aggregate_id
    app.adopt_situation_picture(BRA, picture_id, adopted_on=date(2026, 2, 10))

    with pytest.raises(ClosedError):
        app.record_observation(
            MEMBER, picture_id, area="Valla", description="X.", trend=Trend.STABLE, source="Y"
        )


def test_a_lagesbild_survives_a_round_trip_through_the_store_and_a_snapshot(
    app: ProblemorienteratApp,
) -> None:
    """Observations, trends and the adoption date are stored and loaded back as they were."""
    picture_id = app.draw_up_situation_picture(
        MEMBER, municipality="1882", year=2026, summary="Lägesbild 2026."
    ).aggregate_id
    app.record_observation(
        MEMBER,
        picture_id,
        area="Valla",
        description="Bostadsinbrott.",
        trend=Trend.DECREASING,
        source="Anmälda brott",
    )
    app.adopt_situation_picture(BRA, picture_id, adopted_on=date(2026, 2, 10))
    original = app.get_situation_picture(picture_id)

    app.take_snapshot(picture_id)

    assert app.snapshots is not None
    assert len(list(app.snapshots.get(picture_id))) == 1
    assert app.repository.get(picture_id) == original
