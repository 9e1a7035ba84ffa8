"""The listings the web pages find their way with: a municipality's groups and the years
that have a medborgarlöfte, on SQLite and PostgreSQL."""

from __future__ import annotations

from builders import a_group
from support import BRA, SYSTEM, caught_up

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.working_group import GroupKind
from projections import ProjectionService


def test_the_groups_of_a_municipality_active_first_by_name(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """Every group of the municipality is listed, active ones by name (case-insensitive),
    dissolved ones last and marked; another municipality's groups are not."""
    store_app.register_municipality(SYSTEM, code="1980", name="Västerås", reference_prefix="VÄS")
    youth = a_group(store_app, "UNG-gruppen")
    project = a_group(store_app, "projektgrupp centrum")
    old = a_group(store_app, "Arbetsgrupp 2019")
    store_app.dissolve_group(BRA, old, reason="Uppdraget är slutfört.")
    store_app.establish_group(
        BRA,
        municipality="1980",
        name="Västerås grupp",
        kind=GroupKind.YOUTH,
        mandate="Förebygga brott.",
    )
    caught_up(store_app, views)

    listed = views.groups("1882")

    assert [(g.group_id, g.name, g.dissolved) for g in listed] == [
        (project, "projektgrupp centrum", False),
        (youth, "UNG-gruppen", False),
        (old, "Arbetsgrupp 2019", True),
    ]
    assert all(g.kind == "ung" for g in listed)
    assert [g.name for g in views.groups("1980")] == ["Västerås grupp"]


def test_the_years_with_a_citizen_promise_newest_first(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    """Drafted and adopted promises both count; years without one do not appear."""
    for year in (2024, 2026):
        store_app.draft_citizen_promise(
            BRA, municipality="1882", year=year, title=f"Medborgarlöfte {year}"
        )
    caught_up(store_app, views)

    assert views.citizen_promise_years("1882") == (2026, 2024)
    assert views.citizen_promise_years("1980") == ()
