"""Problems of UNG-gruppen brought to a chosen point of SARA through the use cases, for the
problem page's and the review page's tests; and how those tests read a page's forms."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from web_helpers import WebWorld

from problemorienterat.domain.actor import Actor, Organisation
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    Outcome,
    ProblemSource,
    TriangleSide,
)

SETUP = Actor.system("Testdata")
POINTS = (
    "scanning",
    "analysis",
    "response",
    "action-planned",
    "action-started",
    "assessment",
    "submitted",
    "returned",
)
INDICATOR = "Anmälda skadegörelser per halvår"


def baseline() -> Measure:
    return Measure.of(
        indicator=INDICATOR,
        area="Centrum",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        value=14,
        unit="anmälningar",
    )


def problem_at(world: WebWorld, point: str, *, group: str = "UNG-gruppen") -> str:
    """A new problem of ``group`` at ``point`` (one of POINTS); its reference."""
    app = world.application
    pid = app.identify_problem(
        SETUP,
        municipality=world.demo.municipality,
        title=f"Testproblem ({point})",
        description="Skadegörelse vid busshållplatsen.",
        place="Centrum",
        source=ProblemSource.COMPLAINT,
        reported_by="Testdata",
        group_id=world.demo.groups[group],
    ).aggregate_id
    reference = app.get_problem(pid).reference
    steps = POINTS.index(point)
    if steps >= 1:
        for question in CheersQuestion:
            app.answer_cheers(SETUP, pid, question=question, met=True, evidence="Underlag.")
        app.start_analysis(SETUP, pid)
    if steps >= 2:
        app.record_finding(SETUP, pid, side=TriangleSide.PLACE, description="Mörk plats.")
        app.state_hypothesis(SETUP, pid, hypothesis="Belysning minskar skadegörelsen.")
        app.register_baseline(SETUP, pid, measure=baseline())
        app.complete_analysis(SETUP, pid)
    if steps >= 3:
        action_id = app.plan_action(
            SETUP,
            pid,
            title="Ny belysning",
            responsible_organisation=Organisation.KOMMUN,
            responsible_party="Tekniska förvaltningen",
            owner="Gatuchefen",
            start_date=date(2025, 7, 1),
            due_date=date(2025, 8, 1),
            objective="Belysning på plats.",
            mechanism="Platsen syns.",
            kind=ActionKind.SOCIAL,
        ).item_id
        assert action_id is not None
    if steps >= 4:
        app.start_action(SETUP, pid, action_id=action_id)
    if steps >= 5:
        app.start_assessment(SETUP, pid)
    if steps >= 6:
        app.evaluate_process(SETUP, pid, summary="Enligt plan.", carried_out_as_planned=True)
        app.record_follow_up(
            SETUP,
            pid,
            measure=Measure.of(
                indicator=INDICATOR,
                area="Centrum",
                period_start=date(2025, 7, 1),
                period_end=date(2025, 12, 31),
                value=6,
                unit="anmälningar",
            ),
        )
        app.judge_outcome(SETUP, pid, outcome=Outcome.REDUCED, motivation="Från 14 till 6.")
        app.submit_assessment(SETUP, pid)
    if steps >= 7:
        app.return_assessment(SETUP, pid, comments="Beskriv förflyttningen till torget.")
    world.wait_for_views()
    return reference


def problem_id(world: WebWorld, reference: str) -> UUID:
    return world.application.find_problem(reference).id


def version_on(html: str) -> str:
    """The version the page's forms carry."""
    found = re.search(r'name="expected_version" value="(\d+)"', html)
    assert found is not None, "the page has no form with a version"
    return found.group(1)


def field_error(html: str, field_id: str) -> str | None:
    """The error shown next to the field with id ``field_id`` (inside its field block)."""
    pattern = (
        r'<div class="field field-error[^"]*">(?:(?!<div class="field).)*?'
        r'<p class="error-message" id="' + re.escape(field_id) + r'-error">'
        r'<span class="visually-hidden">Fel: </span>([^<]*)</p>'
    )
    found = re.search(pattern, html, re.S)
    return found.group(1) if found else None


def post_forms(html: str) -> list[str]:
    """The actions of the page's POST forms, but the layout's logout."""
    return [
        a for a in re.findall(r'<form method="post" action="([^"]+)"', html) if a != "/logga-ut"
    ]
