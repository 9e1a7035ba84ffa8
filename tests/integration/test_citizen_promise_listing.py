"""The medborgarlöften of a municipality in brief (the API's list), on SQLite and PostgreSQL:
newest year first, whether each is adopted and followed up, its focus areas and activities."""

from __future__ import annotations

from datetime import date

from support import BRA, caught_up

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation
from projections import ProjectionService


def test_each_promise_with_its_state_and_counts_newest_first(
    store_app: ProblemorienteratApp, views: ProjectionService
) -> None:
    old = store_app.draft_citizen_promise(
        BRA, municipality="1882", year=2024, title="Medborgarlöfte 2024"
    ).aggregate_id
    store_app.draft_citizen_promise(BRA, municipality="1882", year=2026, title="Trygg 2026")
    area = store_app.add_focus_area(BRA, old, title="Centrum", description="Kvällar").item_id
    assert area is not None
    for description in ("Trygghetsvandring", "Belysning"):
        store_app.plan_activity(
            BRA,
            old,
            focus_area_id=area,
            description=description,
            responsible_organisation=Organisation.KOMMUN,
            responsible_party="Gatukontoret",
        )
    store_app.adopt_citizen_promise(BRA, old, adopted_on=date(2024, 3, 1))
    store_app.follow_up_citizen_promise(BRA, old, summary="Ett år av vandringar.")
    caught_up(store_app, views)

    listed = views.citizen_promises("1882")

    assert [(p.year, p.title) for p in listed] == [
        (2026, "Trygg 2026"),
        (2024, "Medborgarlöfte 2024"),
    ]
    new, done = listed
    assert (new.adopted, new.followed_up, new.focus_areas, new.activities) == (False, False, 0, 0)
    assert (done.adopted, done.adopted_on, done.followed_up) == (True, date(2024, 3, 1), True)
    assert done.followed_up_at is not None
    assert (done.focus_areas, done.activities) == (1, 2)
    assert done.citizen_promise_id == old
    assert views.citizen_promises("1980") == ()
