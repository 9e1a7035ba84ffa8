"""The plans projection: working groups, and each year's lägesbild and medborgarlöfte.

It gives the other views their names (groups, focus areas) and the citizen-promise follow-up
its chain: lägesbild → focus area → medborgarlöfte → activity. Members of groups and
contact persons are not kept: no view needs them.
"""

from __future__ import annotations

from problemorienterat.domain.citizen_promise import CitizenPromise
from problemorienterat.domain.situation_picture import SituationPicture
from problemorienterat.domain.working_group import WorkingGroup
from projections._projection import Projection, ViewState, day, timestamp
from projections._tables import Column, Table

GROUPS = "groups"
PICTURES = "situation_pictures"
OBSERVATIONS = "observations"
PROMISES = "promises"
FOCUS_AREAS = "focus_areas"
ACTIVITIES = "activities"


def _group_established(state: ViewState, event: WorkingGroup.Established, position: int) -> None:
    state.put(
        GROUPS,
        {
            "id": event.originator_id.hex,
            "municipality": event.municipality,
            "name": event.name,
            "kind": event.kind.value,
            "dissolved": 0,
            "seq": position,
        },
    )


def _group_dissolved(state: ViewState, event: WorkingGroup.Dissolved, position: int) -> None:
    row = state.change(GROUPS, event.originator_id.hex)
    if row is not None:
        row["dissolved"] = 1


def _picture_drawn_up(state: ViewState, event: SituationPicture.DrawnUp, position: int) -> None:
    state.put(
        PICTURES,
        {
            "id": event.originator_id.hex,
            "municipality": event.municipality,
            "year": event.year,
            "summary": event.summary,
            "adopted_on": None,
        },
    )


def _observation_recorded(
    state: ViewState, event: SituationPicture.ObservationRecorded, position: int
) -> None:
    observation = event.observation
    state.put(
        OBSERVATIONS,
        {
            "id": observation.observation_id.hex,
            "picture_id": event.originator_id.hex,
            "area": observation.area,
            "description": observation.description,
            "trend": observation.trend.value,
            "source": observation.source,
            "seq": position,
        },
    )


def _observation_withdrawn(
    state: ViewState, event: SituationPicture.ObservationWithdrawn, position: int
) -> None:
    state.delete(OBSERVATIONS, event.observation_id.hex)


def _picture_adopted(state: ViewState, event: SituationPicture.Adopted, position: int) -> None:
    row = state.change(PICTURES, event.originator_id.hex)
    if row is not None:
        row["adopted_on"] = day(event.adopted_on)


def _promise_drafted(state: ViewState, event: CitizenPromise.Drafted, position: int) -> None:
    picture = event.situation_picture_id
    state.put(
        PROMISES,
        {
            "id": event.originator_id.hex,
            "municipality": event.municipality,
            "year": event.year,
            "title": event.title,
            "situation_picture_id": picture.hex if picture else None,
            "adopted_on": None,
            "followed_up_at": None,
            "follow_up_summary": None,
        },
    )


def _focus_area_added(
    state: ViewState, event: CitizenPromise.FocusAreaAdded, position: int
) -> None:
    area = event.focus_area
    state.put(
        FOCUS_AREAS,
        {
            "id": area.focus_area_id.hex,
            "promise_id": event.originator_id.hex,
            "title": area.title,
            "description": area.description,
            "outcome": area.outcome,
            "seq": position,
        },
    )


def _activity_planned(
    state: ViewState, event: CitizenPromise.ActivityPlanned, position: int
) -> None:
    activity = event.activity
    state.put(
        ACTIVITIES,
        {
            "id": activity.activity_id.hex,
            "promise_id": event.originator_id.hex,
            "focus_area_id": activity.focus_area_id.hex,
            "description": activity.description,
            "responsible_organisation": activity.responsible_organisation.value,
            "responsible_party": activity.responsible_party,
            "due_date": day(activity.due_date),
            "status": activity.status.value,
            "status_note": activity.status_note,
            "seq": position,
        },
    )


def _activity_status_changed(
    state: ViewState, event: CitizenPromise.ActivityStatusChanged, position: int
) -> None:
    row = state.change(ACTIVITIES, event.activity_id.hex)
    if row is not None:
        row["status"] = event.status.value
        row["status_note"] = event.note


def _promise_adopted(state: ViewState, event: CitizenPromise.Adopted, position: int) -> None:
    row = state.change(PROMISES, event.originator_id.hex)
    if row is not None:
        row["adopted_on"] = day(event.adopted_on)


def _promise_followed_up(state: ViewState, event: CitizenPromise.FollowedUp, position: int) -> None:
    row = state.change(PROMISES, event.originator_id.hex)
    if row is not None:
        row["followed_up_at"] = timestamp(event.timestamp)
        row["follow_up_summary"] = event.summary
    for key, outcome in event.outcomes.items():
        area = state.change(FOCUS_AREAS, key)
        if area is not None:
            area["outcome"] = outcome


class PlansProjection(Projection):
    """Working groups; lägesbilder with observations; medborgarlöften with focus areas and
    activities."""

    name = "plans"
    title = "Arbetsgrupper, lägesbilder och medborgarlöften"
    schema_version = 1
    tables = (
        Table(
            GROUPS,
            (
                Column("id"),
                Column("municipality"),
                Column("name"),
                Column("kind"),
                Column("dissolved", "int"),
                Column("seq", "int"),
            ),
            indexes=(("municipality",),),
        ),
        Table(
            PICTURES,
            (
                Column("id"),
                Column("municipality"),
                Column("year", "int"),
                Column("summary"),
                Column("adopted_on"),
            ),
            indexes=(("municipality", "year"),),
        ),
        Table(
            OBSERVATIONS,
            (
                Column("id"),
                Column("picture_id"),
                Column("area"),
                Column("description"),
                Column("trend"),
                Column("source"),
                Column("seq", "int"),
            ),
            indexes=(("picture_id",),),
        ),
        Table(
            PROMISES,
            (
                Column("id"),
                Column("municipality"),
                Column("year", "int"),
                Column("title"),
                Column("situation_picture_id"),
                Column("adopted_on"),
                Column("followed_up_at"),
                Column("follow_up_summary"),
            ),
            indexes=(("municipality", "year"),),
        ),
        Table(
            FOCUS_AREAS,
            (
                Column("id"),
                Column("promise_id"),
                Column("title"),
                Column("description"),
                Column("outcome"),
                Column("seq", "int"),
            ),
            indexes=(("promise_id",),),
        ),
        Table(
            ACTIVITIES,
            (
                Column("id"),
                Column("promise_id"),
                Column("focus_area_id"),
                Column("description"),
                Column("responsible_organisation"),
                Column("responsible_party"),
                Column("due_date"),
                Column("status"),
                Column("status_note"),
                Column("seq", "int"),
            ),
            indexes=(("promise_id",),),
        ),
    )
    handlers = {
        WorkingGroup.Established: _group_established,
        WorkingGroup.Dissolved: _group_dissolved,
        SituationPicture.DrawnUp: _picture_drawn_up,
        SituationPicture.ObservationRecorded: _observation_recorded,
        SituationPicture.ObservationWithdrawn: _observation_withdrawn,
        SituationPicture.Adopted: _picture_adopted,
        CitizenPromise.Drafted: _promise_drafted,
        CitizenPromise.FocusAreaAdded: _focus_area_added,
        CitizenPromise.ActivityPlanned: _activity_planned,
        CitizenPromise.ActivityStatusChanged: _activity_status_changed,
        CitizenPromise.Adopted: _promise_adopted,
        CitizenPromise.FollowedUp: _promise_followed_up,
    }
