"""Events are forever: what version 0.1 stored still loads, on both stores, with today's code."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from support import make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.agreement import Agreement
from problemorienterat.domain.citizen_promise import ActivityStatus, CitizenPromise
from problemorienterat.domain.grannsamverkan import GrannsamverkanArea
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ReviewStatus, Stage, Technique
from problemorienterat.domain.situation_picture import SituationPicture
from problemorienterat.domain.working_group import WorkingGroup

FIXTURE = Path(__file__).parent.parent / "fixtures" / "events-v0.1.jsonl"


def _load_fixture(app: ProblemorienteratApp) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=UUID(str(row["originator_id"])),
                originator_version=int(str(row["originator_version"])),
                topic=str(row["topic"]),
                state=str(row["state"]).encode("utf-8"),
            )
            for row in rows
        ]
    )
    return rows


def _aggregate_ids(rows: list[dict[str, object]], cls: type) -> list[UUID]:
    prefix = f"{cls.__module__}:{cls.__qualname__}."
    return [
        UUID(str(row["originator_id"]))
        for row in rows
        if str(row["topic"]).startswith(prefix) and row["originator_version"] == 1
    ]


def test_every_event_written_by_version_0_1_still_loads(database_url: str, tmp_path: Path) -> None:
    """Each aggregate in the recorded store rebuilds, with the facts it was recorded with."""
    app = make_app(database_url, tmp_path)
    try:
        rows = _load_fixture(app)
        last_versions: dict[str, int] = {}
        for row in rows:
            last_versions[str(row["originator_id"])] = int(str(row["originator_version"]))
        for originator_id, version in last_versions.items():
            assert app.repository.get(UUID(originator_id)).version == version

        closed, returned = (app.get_problem(i) for i in _aggregate_ids(rows, Problem))
        assert closed.stage is Stage.CLOSED
        assert closed.reference.startswith("KUN-")
        assert closed.baseline is not None
        assert closed.baseline.value == 14
        action = next(iter(closed.actions.values()))
        assert action.technique is Technique.ASSIST_NATURAL_SURVEILLANCE
        assert returned.review_status is ReviewStatus.RETURNED
        assert returned.latest_review is not None
        assert returned.latest_review.comments == "Jämför med kontrollområdet."
        assert returned.focus_area_id is not None

        promise = app.get_citizen_promise(_aggregate_ids(rows, CitizenPromise)[0])
        assert next(iter(promise.activities.values())).status is ActivityStatus.ONGOING
        assert app.get_situation_picture(_aggregate_ids(rows, SituationPicture)[0]).adopted_on
        assert len(app.get_agreement(_aggregate_ids(rows, Agreement)[0]).signatories) == 2
        area = app.get_grannsamverkan_area(_aggregate_ids(rows, GrannsamverkanArea)[0])
        assert len(area.contact_persons) == 1
        groups = [app.get_group(i) for i in _aggregate_ids(rows, WorkingGroup)]
        assert any(len(g.members) == 1 for g in groups)
    finally:
        app.close()


def test_a_v1_review_decision_is_upcast_with_no_minutes_reference(
    database_url: str, tmp_path: Path
) -> None:
    """AssessmentApproved/Returned v1 had no minutes_reference; they load with None, and
    new decisions record it."""
    app = make_app(database_url, tmp_path)
    try:
        rows = _load_fixture(app)
        closed, returned = (app.get_problem(i) for i in _aggregate_ids(rows, Problem))
        assert closed.latest_review is not None
        assert closed.latest_review.status is ReviewStatus.APPROVED
        assert closed.latest_review.minutes_reference is None
        assert closed.latest_review.meeting_id is None  # v3: decided in no meeting
        assert returned.latest_review is not None
        assert returned.latest_review.minutes_reference is None

        stored_approval = next(
            r for r in rows if str(r["topic"]).endswith("Problem.AssessmentApproved")
        )
        assert "minutes_reference" not in str(stored_approval["state"])
        assert "class_version" not in str(stored_approval["state"])
    finally:
        app.close()
