"""Meetings on SQLite and PostgreSQL: a decision in a meeting saves the meeting and the
problem in one transaction (or neither), the agenda as of a past moment comes from the event
store, and review decisions stored as version 1 and 2 still load (with no meeting)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
from builders import submitted
from eventsourcing.persistence import StoredEvent
from support import BRA, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.errors import VersionConflictError
from problemorienterat.domain.meeting import AgendaKind
from problemorienterat.domain.sara import ReviewStatus
from problemorienterat.domain.swedish_day import swedish_today

FIXTURE = Path(__file__).parent.parent / "fixtures" / "events-v0.1.jsonl"


def test_a_meeting_decision_and_the_review_are_saved_together(
    store_app: ProblemorienteratApp,
) -> None:
    first, second = submitted(store_app), submitted(store_app)
    before_meeting = datetime.now(UTC)
    meeting_id = store_app.schedule_meeting(
        BRA, municipality="1882", held_on=swedish_today(), place="Kommunhuset"
    ).aggregate_id
    store_app.accept_proposed_agenda(BRA, meeting_id)
    version = store_app.get_meeting(meeting_id).version
    store_app.decide_assessment(
        BRA, meeting_id, problem_id=first, approve=True, expected_version=version
    )
    # A stale version of the meeting: refused, and the second problem stays undecided.
    with pytest.raises(VersionConflictError):
        store_app.decide_assessment(
            BRA, meeting_id, problem_id=second, approve=True, expected_version=version
        )
    assert store_app.get_problem(second).review_status is ReviewStatus.SUBMITTED
    store_app.forget_cached_aggregates()
    meeting = store_app.get_meeting(meeting_id)
    review = store_app.get_problem(first).latest_review
    assert review is not None
    assert [d.paragraph for d in meeting.decisions] == [1]
    assert (review.meeting_id, review.paragraph, review.decided_on) == (
        meeting_id,
        1,
        meeting.held_on,
    )
    # The agenda as the BRÅ saw it before the meeting: both were waiting then.
    then = [p.subject_id for p in store_app.proposed_agenda("1882", at=before_meeting)]
    now = [p.subject_id for p in store_app.proposed_agenda("1882")]
    assert {first, second} <= set(then)
    assert first not in now
    assert second in now
    assert [m.id for m in store_app.meetings_of("1882")] == [meeting_id]
    assert meeting.agenda[0].kind is AgendaKind.ASSESSMENT


def test_review_decisions_of_version_1_and_2_load_with_no_meeting(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(database_url, tmp_path)
    try:
        rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
        approval = next(r for r in rows if str(r["topic"]).endswith("AssessmentApproved"))
        problem_id = UUID(str(approval["originator_id"]))
        stored = []
        for row in rows:
            if str(row["originator_id"]) != str(problem_id):
                continue
            state = str(row["state"])
            if row is approval:  # as version 0.2 stored it: v2, with a typed reference
                as_dict = json.loads(state)
                as_dict["minutes_reference"] = "BRÅ 2026-03-12 § 4"
                as_dict["class_version"] = 2
                state = json.dumps(as_dict, ensure_ascii=False)
            stored.append(
                StoredEvent(
                    originator_id=problem_id,
                    originator_version=int(str(row["originator_version"])),
                    topic=str(row["topic"]),
                    state=state.encode("utf-8"),
                )
            )
        app.recorder.insert_events(stored)
        decisions = app.get_problem(problem_id).reviews
        assert [(d.minutes_reference, d.meeting_id, d.paragraph, d.decided_on) for d in decisions][
            -1
        ] == ("BRÅ 2026-03-12 § 4", None, None, None)
        assert decisions[-1].decision_date == decisions[-1].decided_at.date()
    finally:
        app.close()
