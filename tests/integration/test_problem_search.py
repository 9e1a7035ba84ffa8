"""The problem index's free-text search, on SQLite and PostgreSQL: words of the title, the
description or the place, whatever their case (å, ä and ö too)."""

from __future__ import annotations

from support import MEMBER, caught_up

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.sara import ProblemSource
from projections import ProjectionService


def test_the_search_finds_the_place_in_any_case(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """ "ÖSTRA hamnkajen" finds the problem at Östra hamnkajen, "stationen" the one whose
    title names it, and neither finds the other; a reformulated title keeps the place
    searchable."""
    ids = {}
    for title, place in (
        ("Nedskräpning vid bryggan", "Östra hamnkajen"),
        ("Klotter vid stationen", "Centrum"),
    ):
        ids[place] = store_app.identify_problem(
            MEMBER,
            municipality="1882",
            title=title,
            description="Återkommer varje vecka.",
            place=place,
            source=ProblemSource.COMPLAINT,
            reported_by="Testdata",
        ).aggregate_id
    store_app.reformulate(
        MEMBER, ids["Östra hamnkajen"], title="Skräp vid bryggan", description="Varje helg."
    )
    caught_up(store_app, views)

    def found(text: str) -> list[object]:
        return [p.problem_id for p in views.problem_index("1882", text=text).items]

    assert found("ÖSTRA hamnkajen") == [ids["Östra hamnkajen"]]
    assert found("stationen") == [ids["Centrum"]]
    assert found("skräp vid") == [ids["Östra hamnkajen"]]
    assert found("nedskräpning") == []
