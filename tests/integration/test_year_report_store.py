"""The year's report as of a moment on each store (SQLite and PostgreSQL): the problems are
found through the event index, each loaded as it was then; what came later is left out."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.sara import ProblemSource
from problemorienterat.domain.situation_picture import Trend
from problemorienterat.reports.year_report import build_year_report

YEAR = 2026


def identify(app: ProblemorienteratApp, title: str) -> None:
    app.identify_problem(
        MEMBER,
        municipality="1882",
        title=title,
        description="Något som återkommer.",
        place="Centrum",
        source=ProblemSource.COMPLAINT,
        reported_by="Kommunen",
        year=YEAR,
    )


def test_the_report_as_of_a_moment_holds_what_was_recorded_by_then(
    store_app: ProblemorienteratApp,
) -> None:
    picture = store_app.draw_up_situation_picture(
        BRA, municipality="1882", year=YEAR, summary="Årets lägesbild."
    )
    store_app.record_observation(
        BRA,
        picture.aggregate_id,
        area="Hamnen",
        description="Stölder av båtmotorer.",
        trend=Trend.INCREASING,
        source="Polisens statistik",
    )
    identify(store_app, "Klotter vid skolan")
    time.sleep(0.01)
    moment = datetime.now(UTC)
    time.sleep(0.01)
    identify(store_app, "Buskörning i parken")
    store_app.record_observation(
        BRA,
        picture.aggregate_id,
        area="Valla",
        description="Fler inbrott i förråd.",
        trend=Trend.INCREASING,
        source="Polisens statistik",
    )

    then = build_year_report(store_app, "1882", YEAR, as_of=moment)
    now = build_year_report(store_app, "1882", YEAR)

    assert [p.title for s in then.stages for p in s.problems] == ["Klotter vid skolan"]
    assert sorted(p.title for s in now.stages for p in s.problems) == [
        "Buskörning i parken",
        "Klotter vid skolan",
    ]
    assert then.situation_picture is not None
    assert [o.area for o in then.situation_picture.observations] == ["Hamnen"]
    assert now.situation_picture is not None
    assert [o.area for o in now.situation_picture.observations] == ["Hamnen", "Valla"]
    assert then.municipality == "Kungsör"
    assert build_year_report(store_app, "1882", YEAR, as_of=moment) == then
    before_anything = build_year_report(
        store_app, "1882", YEAR, as_of=datetime(2000, 1, 1, tzinfo=UTC)
    )
    assert before_anything.situation_picture is None
    assert before_anything.problems == 0
