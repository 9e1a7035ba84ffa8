"""The medborgarlöfte: focus areas fixed at adoption, an action plan that lives through the year."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from builders import identified
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.citizen_promise import (
    ActivityStateError,
    ActivityStatus,
    CitizenPromise,
    citizen_promise_id,
    next_statuses,
)
from problemorienterat.domain.errors import (
    ClosedError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
    RuleViolation,
)


def drafted() -> CitizenPromise:
    return CitizenPromise.draft(
        BRA, municipality="1882", year=2026, title="Medborgarlöfte Kungsör 2026"
    )


def add_trygg_centrum(promise: CitizenPromise) -> UUID:
    return promise.add_focus_area(
        BRA, title="Trygg centrummiljö", description="Minska skadegörelse och otrygghet."
    )


def plan_walk(promise: CitizenPromise, focus_area_id: UUID) -> UUID:
    return promise.plan_activity(
        MEMBER,
        focus_area_id=focus_area_id,
        description="Trygghetsvandring i centrum.",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Säkerhetssamordnaren",
        due_date=date(2026, 5, 31),
    )


def adopted() -> tuple[CitizenPromise, UUID]:
    promise = drafted()
    focus_area_id = add_trygg_centrum(promise)
    promise.adopt(BRA, adopted_on=date(2026, 2, 20))
    return promise, focus_area_id


def drafted_in(app: ProblemorienteratApp, situation_picture_id: UUID | None = None) -> UUID:
    return app.draft_citizen_promise(
        BRA,
        municipality="1882",
        year=2026,
        title="Medborgarlöfte 2026",
        situation_picture_id=situation_picture_id,
    ).aggregate_id


# ---------------------------------------------------------------- the aggregate


def test_one_medborgarlofte_per_municipality_and_year() -> None:
    """Its id follows from municipality and year."""
    assert drafted().id == citizen_promise_id("1882", 2026)


def test_an_activity_belongs_to_an_existing_focus_area() -> None:
    """Every activity of the action plan serves one of the promise's focus areas."""
    with pytest.raises(NotFoundError) as caught:
        plan_walk(drafted(), uuid4())
    assert caught.value.field == "focus_area_id"


def test_a_planned_activity_starts_as_planned() -> None:
    """A new activity is planned, under its focus area, with who is responsible."""
    promise = drafted()
    focus_area_id = add_trygg_centrum(promise)

    activity = promise.activity(plan_walk(promise, focus_area_id))

    assert activity.status is ActivityStatus.PLANNED
    assert activity.focus_area_id == focus_area_id
    assert activity.responsible_organisation is Organisation.KOMMUN


def test_focus_areas_cannot_be_added_after_adoption() -> None:
    """The adopted promise's prioritised focus areas are fixed."""
    promise, _ = adopted()

    with pytest.raises(ClosedError):
        add_trygg_centrum(promise)


def test_activities_may_be_planned_and_moved_on_after_adoption() -> None:
    """The action plan lives through the year: activities are added and done after adoption."""
    promise, focus_area_id = adopted()

    activity_id = plan_walk(promise, focus_area_id)
    promise.change_activity_status(MEMBER, activity_id=activity_id, status=ActivityStatus.ONGOING)
    promise.change_activity_status(
        MEMBER, activity_id=activity_id, status=ActivityStatus.DONE, note="Genomförd 12 maj."
    )

    assert promise.activity(activity_id).status is ActivityStatus.DONE
    assert promise.activity(activity_id).status_note == "Genomförd 12 maj."


def test_a_done_activity_cannot_change_status_again() -> None:
    """Done and cancelled are final states of an activity."""
    promise, focus_area_id = adopted()
    activity_id = plan_walk(promise, focus_area_id)
    promise.change_activity_status(MEMBER, activity_id=activity_id, status=ActivityStatus.DONE)

    with pytest.raises(ActivityStateError):
        promise.change_activity_status(
            MEMBER, activity_id=activity_id, status=ActivityStatus.ONGOING
        )


def test_a_cancelled_activity_says_why() -> None:
    """Cancelling an activity needs a note with the reason."""
    promise, focus_area_id = adopted()
    activity_id = plan_walk(promise, focus_area_id)

    with pytest.raises(InvalidValueError) as caught:
        promise.change_activity_status(
            MEMBER, activity_id=activity_id, status=ActivityStatus.CANCELLED
        )
    assert caught.value.field == "note"


def test_changing_the_status_of_an_unknown_activity_is_not_found() -> None:
    """Only planned activities change status."""
    promise, _ = adopted()

    with pytest.raises(NotFoundError) as caught:
        promise.change_activity_status(MEMBER, activity_id=uuid4(), status=ActivityStatus.DONE)
    assert caught.value.field == "activity_id"


def test_a_medborgarlofte_is_adopted_with_at_least_one_focus_area() -> None:
    """A promise without focus areas promises nothing."""
    with pytest.raises(RuleViolation):
        drafted().adopt(BRA, adopted_on=date(2026, 2, 20))


def test_a_medborgarlofte_is_adopted_only_once() -> None:
    """Adopting it again is refused."""
    promise, _ = adopted()

    with pytest.raises(ClosedError):
        promise.adopt(BRA, adopted_on=date(2026, 3, 1))


def test_follow_up_only_after_adoption() -> None:
    """Only an adopted promise can be followed up."""
    promise = drafted()
    add_trygg_centrum(promise)

    with pytest.raises(RuleViolation):
        promise.follow_up(BRA, summary="Året gick bra.")


def test_the_follow_up_records_each_focus_areas_outcome() -> None:
    """The year-end follow-up says, per focus area, what came of it."""
    promise, focus_area_id = adopted()

    promise.follow_up(
        BRA,
        summary="Två av tre aktiviteter genomförda.",
        outcomes={focus_area_id: "Färre klotter."},
    )

    assert promise.is_followed_up
    assert promise.follow_up_summary == "Två av tre aktiviteter genomförda."
    assert promise.focus_area(focus_area_id).outcome == "Färre klotter."


def test_a_follow_up_outcome_names_an_existing_focus_area() -> None:
    """Outcomes are given only for the promise's own focus areas."""
    promise, _ = adopted()

    with pytest.raises(NotFoundError) as caught:
        promise.follow_up(BRA, summary="Klart.", outcomes={uuid4(): "Bättre."})
    assert caught.value.field == "focus_area_id"


def test_a_followed_up_medborgarlofte_is_closed() -> None:
    """After the year-end follow-up, the year's action plan is closed."""
    promise, focus_area_id = adopted()
    promise.follow_up(BRA, summary="Klart.")

    with pytest.raises(ClosedError):
        plan_walk(promise, focus_area_id)
    with pytest.raises(ClosedError):
        promise.follow_up(BRA, summary="Igen.")


# ---------------------------------------------------------------- the use cases


def test_a_medborgarlofte_is_drafted_and_planned_through_the_application(
    app: ProblemorienteratApp,
) -> None:
    """Focus area and activity ids come back in the command results."""
    promise_id = drafted_in(app)
    focus_area_id = app.add_focus_area(
        BRA, promise_id, title="Trygg centrummiljö", description="Minska skadegörelse."
    ).item_id
    assert focus_area_id is not None

    activity_id = app.plan_activity(
        MEMBER,
        promise_id,
        focus_area_id=focus_area_id,
        description="Trygghetsvandring.",
        responsible_organisation=Organisation.POLIS,
        responsible_party="Kommunpolisen",
    ).item_id
    assert activity_id is not None
    app.change_activity_status(
        MEMBER, promise_id, activity_id=activity_id, status=ActivityStatus.ONGOING
    )

    promise = app.find_citizen_promise("1882", 2026)
    assert promise.id == promise_id
    assert promise.activity(activity_id).status is ActivityStatus.ONGOING


def test_a_second_medborgarlofte_for_the_same_year_is_a_duplicate(
    app: ProblemorienteratApp,
) -> None:
    """One medborgarlöfte per municipality and year."""
    drafted_in(app)

    with pytest.raises(DuplicateError) as caught:
        drafted_in(app)
    assert caught.value.field == "year"


def test_a_medborgarlofte_builds_on_an_existing_lagesbild(app: ProblemorienteratApp) -> None:
    """The lägesbild it names must exist (refused as one of another municipality is)."""
    with pytest.raises(InvalidValueError) as caught:
        drafted_in(app, situation_picture_id=uuid4())
    assert caught.value.field == "situation_picture_id"


def test_a_medborgarlofte_builds_on_its_own_municipalitys_lagesbild(
    app: ProblemorienteratApp,
) -> None:
    """Kungsör's promise cannot rest on Västerås's lägesbild."""
    app.register_municipality(BRA, code="1980", name="Västerås", reference_prefix="VÄS")
    picture_id = app.draw_up_situation_picture(
        BRA, municipality="1980", year=2026, summary="Västerås 2026."
    ).aggregate_id

    with pytest.raises(InvalidValueError) as caught:
        drafted_in(app, situation_picture_id=picture_id)
    assert caught.value.field == "situation_picture_id"


def test_a_problem_links_to_a_focus_area_of_the_medborgarlofte(app: ProblemorienteratApp) -> None:
    """The chain focus area → problem holds only for focus areas that exist."""
    picture_id = app.draw_up_situation_picture(
        BRA, municipality="1882", year=2026, summary="Lägesbild."
    ).aggregate_id
    promise_id = drafted_in(app, situation_picture_id=picture_id)
    focus_area_id = app.add_focus_area(
        BRA, promise_id, title="Trygg centrummiljö", description="Minska skadegörelse."
    ).item_id
    assert focus_area_id is not None
    problem_id = identified(app)

    with pytest.raises(NotFoundError) as caught:
        app.link_focus_area(
            MEMBER, problem_id, citizen_promise_id=promise_id, focus_area_id=uuid4()
        )
    assert caught.value.field == "focus_area_id"
    app.link_focus_area(
        MEMBER, problem_id, citizen_promise_id=promise_id, focus_area_id=focus_area_id
    )
    assert app.get_problem(problem_id).focus_area_id == focus_area_id


def test_a_problem_cannot_link_to_another_municipalitys_medborgarlofte(
    app: ProblemorienteratApp,
) -> None:
    """A Kungsör problem serves Kungsör's promise, not Västerås's."""
    app.register_municipality(BRA, code="1980", name="Västerås", reference_prefix="VÄS")
    promise_id = app.draft_citizen_promise(
        BRA, municipality="1980", year=2026, title="Västerås 2026"
    ).aggregate_id
    focus_area_id = app.add_focus_area(BRA, promise_id, title="Trygg", description="X.").item_id
    assert focus_area_id is not None
    problem_id = identified(app)

    with pytest.raises(InvalidValueError) as caught:
        app.link_focus_area(
            MEMBER, problem_id, citizen_promise_id=promise_id, focus_area_id=focus_area_id
        )
    assert caught.value.field == "citizen_promise_id"


def test_a_medborgarlofte_survives_a_round_trip_through_the_store_and_a_snapshot(
    app: ProblemorienteratApp,
) -> None:
    """Focus areas, activities, dates and the follow-up are stored and loaded back."""
    promise_id = drafted_in(app)
    focus_area_id = app.add_focus_area(
        BRA, promise_id, title="Trygg centrummiljö", description="Minska skadegörelse."
    ).item_id
    assert focus_area_id is not None
    activity_id = app.plan_activity(
        MEMBER,
        promise_id,
        focus_area_id=focus_area_id,
        description="Trygghetsvandring.",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Säkerhetssamordnaren",
        due_date=date(2026, 5, 31),
    ).item_id
    assert activity_id is not None
    app.adopt_citizen_promise(BRA, promise_id, adopted_on=date(2026, 2, 20))
    app.change_activity_status(
        MEMBER,
        promise_id,
        activity_id=activity_id,
        status=ActivityStatus.CANCELLED,
        note="Ställd in.",
    )
    app.follow_up_citizen_promise(
        BRA, promise_id, summary="Året följt upp.", outcomes={focus_area_id: "Oförändrat."}
    )
    original = app.get_citizen_promise(promise_id)

    app.take_snapshot(promise_id)

    assert app.snapshots is not None
    assert len(list(app.snapshots.get(promise_id))) == 1
    assert app.repository.get(promise_id) == original


def test_an_activity_moves_on_only_to_the_statuses_the_rule_allows() -> None:
    """What a page may offer: planned → ongoing, done or cancelled; ongoing → done or
    cancelled; nothing after done or cancelled."""
    assert next_statuses(ActivityStatus.PLANNED) == (
        ActivityStatus.ONGOING,
        ActivityStatus.DONE,
        ActivityStatus.CANCELLED,
    )
    assert next_statuses(ActivityStatus.ONGOING) == (ActivityStatus.DONE, ActivityStatus.CANCELLED)
    assert next_statuses(ActivityStatus.DONE) == ()
    assert next_statuses(ActivityStatus.CANCELLED) == ()


def test_an_activity_is_done_when_its_status_became_done(app: ProblemorienteratApp) -> None:
    """The done date is the time of the ActivityStatusChanged event that made it done (the
    events are as before: loaded from the store, the date follows from them)."""
    promise_id = drafted_in(app)
    focus_area_id = app.add_focus_area(
        BRA, promise_id, title="Trygg centrummiljö", description="Minska skadegörelse."
    ).item_id
    assert focus_area_id is not None
    ids = [
        app.plan_activity(
            BRA,
            promise_id,
            focus_area_id=focus_area_id,
            description=f"Aktivitet {n}.",
            responsible_organisation=Organisation.KOMMUN,
            responsible_party="Säkerhetssamordnaren",
        ).item_id
        for n in (1, 2)
    ]
    done, ongoing = ids
    assert done is not None
    assert ongoing is not None
    app.change_activity_status(BRA, promise_id, activity_id=ongoing, status=ActivityStatus.ONGOING)
    app.change_activity_status(BRA, promise_id, activity_id=done, status=ActivityStatus.ONGOING)
    app.change_activity_status(BRA, promise_id, activity_id=done, status=ActivityStatus.DONE)

    loaded = app.get_citizen_promise(promise_id)
    last = list(app.repository.event_store.get(promise_id))[-1]
    assert loaded.done_at(done) == last.timestamp
    assert loaded.done_at(ongoing) is None
