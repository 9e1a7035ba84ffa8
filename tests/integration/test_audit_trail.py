"""Auditors replay a case: its history, its state as of a version or a time, the audit feed."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from builders import a_group, approved, in_analysis, submitted
from support import BRA, MEMBER, POLICE

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.audit.ports import FeedFilter
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ReviewStatus, Stage, TriangleSide
from problemorienterat.domain.working_group import WorkingGroup


def test_a_problems_history_lists_every_event_with_position_actor_and_changes(
    store_app: ProblemorienteratApp,
) -> None:
    """In order: position, version, time, who, what type, the payload, and the state diff."""
    problem_id = in_analysis(store_app)
    store_app.record_finding(
        POLICE, problem_id, side=TriangleSide.OFFENDER, description="Samma tre personer."
    )
    history = store_app.history(problem_id)
    problem = store_app.get_problem(problem_id)
    assert [e.version for e in history] == list(range(1, problem.version + 1))
    positions = [e.position for e in history]
    assert all(p is not None for p in positions)
    assert positions == sorted(positions)  # type: ignore[type-var]
    first, last = history[0], history[-1]
    assert first.event_type == "Identified"
    assert first.payload["title"] == "Bostadsinbrott i Valla"
    assert last.event_type == "FindingRecorded"
    assert last.actor == POLICE
    assert last.payload["side"] == "offender"
    changed = {c["field"] for c in last.changes}
    assert changed == {"findings"}
    stage_change = next(c for c in history[-2].changes if c["field"] == "stage")
    assert (stage_change["before"], stage_change["after"]) == ("scanning", "analysis")


def test_the_state_as_of_a_version_is_what_the_bra_saw_when_it_decided(
    store_app: ProblemorienteratApp,
) -> None:
    """The assessment as submitted, before the BRÅ returned it, is still there."""
    problem_id = submitted(store_app)
    submitted_version = store_app.get_problem(problem_id).version
    store_app.return_assessment(BRA, problem_id, comments="Komplettera.")
    then = store_app.state_as_of(Problem, problem_id, version=submitted_version)
    assert then.review_status is ReviewStatus.SUBMITTED
    with pytest.raises(NotFoundError) as caught:
        store_app.state_as_of(Problem, problem_id, version=submitted_version + 5)
    assert caught.value.field == "version"


def test_the_state_as_of_a_time_is_after_the_last_event_at_or_before_it(
    store_app: ProblemorienteratApp,
) -> None:
    """Pick a moment between two events: the state is the earlier one's."""
    problem_id = in_analysis(store_app)
    store_app.record_cause(MEMBER, problem_id, description="Första orsaken.")
    time.sleep(0.01)
    moment = datetime.now(UTC)
    time.sleep(0.01)
    store_app.record_cause(MEMBER, problem_id, description="Andra orsaken.")
    then = store_app.state_as_of(Problem, problem_id, at=moment)
    assert then.causes == ["Första orsaken."]
    assert then.stage is Stage.ANALYSIS
    with pytest.raises(NotFoundError) as caught:
        store_app.state_as_of(Problem, problem_id, at=moment - timedelta(days=1))
    assert caught.value.field == "at"


def test_every_aggregate_has_a_history_and_a_past(store_app: ProblemorienteratApp) -> None:
    """Groups (and every other aggregate) replay the same way as problems."""
    group_id = a_group(store_app)
    store_app.revise_mandate(BRA, group_id, mandate="Nytt uppdrag.", reason="Årlig översyn.")
    assert [e.event_type for e in store_app.history(group_id)] == [
        "Established",
        "MandateRevised",
    ]
    assert store_app.state_as_of(WorkingGroup, group_id, version=1).mandate == ("Förebygga brott.")


def test_the_audit_feed_filters_by_actor_organisation_type_and_period(
    store_app: ProblemorienteratApp,
) -> None:
    """Over the whole store, in log order, paged with a cursor, within the municipalities."""
    start = datetime.now(UTC)
    approved(store_app)
    in_analysis(store_app)
    everything = store_app.audit_feed(FeedFilter(municipalities=["1882"]), limit=1000)
    assert [e.position for e in everything] == sorted(e.position for e in everything)

    by_bra = store_app.audit_feed(FeedFilter(municipalities=["1882"], actor_user_id=BRA.user_id))
    assert {e.event_type for e in by_bra} >= {
        "Problem.AssessmentApproved",
        "WorkingGroup.Established",
    }
    assert all(e.actor_user_id == BRA.user_id for e in by_bra)

    approvals = store_app.audit_feed(
        FeedFilter(municipalities=["1882"], event_type="Problem.AssessmentApproved", since=start)
    )
    assert len(approvals) == 1
    assert approvals[0].actor_organisation == "kommun"
    assert approvals[0].actor_role == "bra"

    assert store_app.audit_feed(FeedFilter(municipalities=["1882"], until=start)) == [
        e for e in everything if e.timestamp <= start
    ]
    assert store_app.audit_feed(FeedFilter(municipalities=["1980"])) == []

    page_one = store_app.audit_feed(FeedFilter(municipalities=["1882"]), limit=10)
    page_two = store_app.audit_feed(
        FeedFilter(municipalities=["1882"]), after=page_one[-1].position, limit=10
    )
    assert page_one + page_two == everything[:20]


def test_reading_a_history_is_itself_recorded(store_app: ProblemorienteratApp) -> None:
    """Who read which case, and when, can be listed afterwards."""
    problem_id = in_analysis(store_app)
    auditor = POLICE
    store_app.record_read(auditor, problem_id, what="history")
    store_app.record_read(BRA, problem_id, what="export-html")
    reads = store_app.reads_of(problem_id)
    assert [(r.actor, r.payload["what"]) for r in reads] == [
        (auditor, "history"),
        (BRA, "export-html"),
    ]
    assert store_app.reads_of(in_analysis(store_app)) == []


def test_a_case_exports_as_json_that_checks_offline_and_as_swedish_html(
    store_app: ProblemorienteratApp,
) -> None:
    """The JSON carries stored bytes and links, so every link recomputes offline; an edited
    export is caught; the HTML shows the SARA stages and the BRÅ's decisions in Swedish."""
    import copy

    from problemorienterat.audit.export import case_html, check_export

    problem_id = submitted(store_app)
    store_app.return_assessment(BRA, problem_id, comments="Jämför med kontrollområdet.")
    exported = store_app.export_problem(problem_id)
    problem = store_app.get_problem(problem_id)
    assert exported["case"]["reference"] == problem.reference
    assert len(exported["events"]) == problem.version
    assert exported["chain_head"]["position"] >= exported["events"][-1]["position"]
    assert check_export(exported) == []

    forged = copy.deepcopy(exported)
    forged["events"][3]["stored_state"] = "e30="  # "{}"
    assert check_export(forged) == [
        f"version 4 (position {forged['events'][3]['position']}) differs"
    ]

    html = case_html(exported)
    for heading in ("Identifiera", "Analysera", "Åtgärda", "Följa upp", "Lokala BRÅ:s beslut"):
        assert heading in html
    assert "Lokala BRÅ återremitterade uppföljningen" in html
    assert "Jämför med kontrollområdet." in html
    assert BRA.name in html
    assert '<html lang="sv">' in html


def test_the_export_command_writes_json_and_html(tmp_path: Path) -> None:
    """`problemorienterat export REF` writes the case; the read is recorded."""
    import json

    from support import SYSTEM, make_app
    from typer.testing import CliRunner

    from problemorienterat.cli import cli

    app = make_app(f"sqlite:///{tmp_path / 'problemorienterat.db'}", tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        problem = app.get_problem(approved(app))
    finally:
        app.close()
    runner = CliRunner()
    env = {"PROBLEMORIENTERAT_DATABASE_URL": ""}
    as_json = runner.invoke(
        cli, ["export", problem.reference, "--data-dir", str(tmp_path)], env=env
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["case"]["reference"] == problem.reference
    as_html = runner.invoke(
        cli,
        [
            "export",
            problem.reference,
            "--format",
            "html",
            "--data-dir",
            str(tmp_path),
            "--out",
            str(tmp_path / "case.html"),
        ],
        env=env,
    )
    assert as_html.exit_code == 0, as_html.output
    readable = (tmp_path / "case.html").read_text(encoding="utf-8")
    assert "Följa upp" in readable
    assert "Kommun: Kungsör (1882)" in readable  # the municipality by name, not its code only
    app = make_app(f"sqlite:///{tmp_path / 'problemorienterat.db'}", tmp_path)
    try:
        assert [r.payload["what"] for r in app.reads_of(problem.id)] == [
            "export-json",
            "export-html",
        ]
    finally:
        app.close()
