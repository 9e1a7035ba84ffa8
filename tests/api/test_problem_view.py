"""The problem view holds every step recorded on the case, and the group's members read their
own case's history (issue 17 item 16); personal data is masked as elsewhere."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from api_fixtures import client_fixture, web_fixture, world_fixture  # noqa: F401
from litestar import Litestar
from litestar.testing import TestClient
from world import HOME, MEASURE, SYSTEM, YEAR, World

from api.schemas import ProblemView
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.personal_data import HIDDEN
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    ProblemSource,
    RepeatPattern,
    SpreadDimension,
    SpreadKind,
    TriangleSide,
)


def _followed_up_case(world: World) -> tuple[str, UUID]:
    """A case of the own group taken through analysis, response and follow-up, one of each
    kind of step recorded; its reference and id."""
    app = world.application
    problem_id = app.identify_problem(
        SYSTEM,
        municipality=HOME,
        title="Skadegörelse vid skolan",
        description="Krossade rutor.",
        place="Skolan",
        source=ProblemSource.COMPLAINT,
        reported_by="Rektorn",
        group_id=world.scopes["own"].group_id,
        year=YEAR,
    ).aggregate_id
    for question in CheersQuestion:
        app.answer_cheers(SYSTEM, problem_id, question=question, met=True, evidence="Ja.")
    app.start_analysis(SYSTEM, problem_id)
    app.record_finding(
        SYSTEM,
        problem_id,
        side=TriangleSide.OFFENDER,
        description="En känd grupp.",
        named_persons=["Kalle Exempel"],
    )
    app.classify_repeat_pattern(
        SYSTEM, problem_id, pattern=RepeatPattern.REPEAT_PLACE, description="Samma skola."
    )
    app.record_data_source(
        SYSTEM, problem_id, name="Skolans incidentrapporter", extracted_on=date(2026, 1, 15)
    )
    app.record_cause(SYSTEM, problem_id, description="Skolgården är obevakad på kvällen.")
    app.state_hypothesis(SYSTEM, problem_id, hypothesis="Mörker och tomhet.")
    app.register_baseline(SYSTEM, problem_id, measure=MEASURE)
    app.complete_analysis(SYSTEM, problem_id)
    action_id = app.plan_action(
        SYSTEM,
        problem_id,
        title="Belysning",
        responsible_organisation=Organisation.KOMMUN,
        responsible_party="Fastighet",
        owner="Fastighetschefen",
        start_date=date(2026, 2, 1),
        due_date=date(2026, 3, 31),
        objective="Ljus.",
        mechanism="Ökad risk.",
        kind=ActionKind.SOCIAL,
    ).item_id
    assert action_id is not None
    app.start_action(SYSTEM, problem_id, action_id=action_id)
    app.complete_action(SYSTEM, problem_id, action_id=action_id)
    app.record_effort(
        SYSTEM, problem_id, organisation=Organisation.SKOLA, partner="Vaktmästeriet", hours=6
    )
    app.start_assessment(SYSTEM, problem_id)
    app.evaluate_process(SYSTEM, problem_id, summary="Enligt plan.", carried_out_as_planned=True)
    app.record_spread(
        SYSTEM,
        problem_id,
        kind=SpreadKind.NONE_FOUND,
        dimension=SpreadDimension.PLACE,
        description="Ingen förflyttning.",
    )
    app.record_lesson(SYSTEM, problem_id, lesson="Belysning hjälper.")
    return app.get_problem(problem_id).reference, problem_id


def test_the_problem_view_holds_every_recorded_step(
    client: TestClient[Litestar], world: World
) -> None:
    """A member of the group reads back who reported the case, its data sources, causes,
    repeat patterns, efforts, process evaluation, spreads and lessons, and the person the
    finding names (they may see personal data)."""
    reference, _ = _followed_up_case(world)
    answer = client.get(f"/api/v1/problems/{reference}", headers=world.headers("member"))
    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert view["reported_by"] == "Rektorn"
    assert [s["name"] for s in view["data_sources"]] == ["Skolans incidentrapporter"]
    assert view["data_sources"][0]["extracted_on"] == "2026-01-15"
    assert view["causes"] == ["Skolgården är obevakad på kvällen."]
    assert [p["pattern"] for p in view["repeat_patterns"]] == ["repeat_place"]
    assert [(e["partner"], e["hours"]) for e in view["efforts"]] == [("Vaktmästeriet", 6)]
    assert view["process_evaluation"] == {
        "summary": "Enligt plan.",
        "carried_out_as_planned": True,
    }
    assert [(s["kind"], s["dimension"]) for s in view["spreads"]] == [("none_found", "place")]
    assert view["lessons"] == ["Belysning hjälper."]
    assert view["findings"][0]["named_persons"] == ["Kalle Exempel"]


def test_personal_data_in_the_problem_view_is_masked_for_those_who_may_not_see_it(
    world: World,
) -> None:
    """The view shows a named person as ``[dold]`` to someone who may not see personal data."""
    _, problem_id = _followed_up_case(world)
    problem = world.application.get_problem(problem_id)
    masked = ProblemView.of(problem, may_see_personal_data=False)
    assert masked.findings[0].named_persons == [HIDDEN]
    assert "Kalle Exempel" not in masked.model_dump_json()


def test_a_member_reads_back_their_own_cases_history_and_no_other(
    client: TestClient[Litestar], world: World
) -> None:
    """GET /problems/{ref}/history: 200 for a member of the case's group, with every event
    and the named person as a member may see it; 404 for a case of another group (as if
    it did not exist)."""
    reference, _ = _followed_up_case(world)
    own = client.get(f"/api/v1/problems/{reference}/history", headers=world.headers("member"))
    assert own.status_code == 200, own.text
    events = [entry["event"] for entry in own.json()]
    assert events[0] == "Identified"
    assert "LessonRecorded" in events
    finding = next(e for e in own.json() if e["event"] == "FindingRecorded")
    assert [p["value"] for p in finding["facts"]["named_persons"]] == ["Kalle Exempel"]
    other = world.scopes["other"].reference
    hidden = client.get(f"/api/v1/problems/{other}/history", headers=world.headers("member"))
    assert hidden.status_code == 404
