"""Lokala BRÅ:s möten: § numbered consecutively, justerat locks the protokoll, a decision in
a meeting is the review decision (with the meeting, the § and the meeting's date), and
either both are saved or neither."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from builders import submitted
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.errors import (
    DuplicateError,
    InvalidValueError,
    NotFoundError,
    ReviewStateError,
)
from problemorienterat.domain.meeting import (
    AgendaKind,
    DecisionKind,
    JusteratError,
    Meeting,
    MeetingStateError,
    Participant,
)
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ReviewStatus
from problemorienterat.domain.swedish_day import swedish_today

HELD_ON = date(2026, 3, 12)
TODAY = date(2026, 3, 12)
CHAIR = Participant("Helena Ström", "ordförande", Organisation.KOMMUN)
POLICE = Participant("Jonas Berg", "kommunpolis", Organisation.POLIS)


def a_meeting() -> Meeting:
    return Meeting.schedule(
        BRA,
        municipality="1882",
        held_on=HELD_ON,
        start_time="13:30",
        place="Kommunhuset, sal A",
        participants=[CHAIR, POLICE],
    )


def decided(meeting: Meeting, title: str = "Information") -> int:
    return meeting.record_decision(
        BRA, title=title, decision="Informationen läggs till handlingarna.", today=TODAY
    ).paragraph


def test_paragraphs_are_numbered_consecutively_from_one() -> None:
    meeting = a_meeting()
    assert [decided(meeting, f"Punkt {n}") for n in range(3)] == [1, 2, 3]
    assert [d.paragraph for d in meeting.decisions] == [1, 2, 3]


def test_a_decision_is_not_recorded_before_the_meeting_day() -> None:
    meeting = a_meeting()
    with pytest.raises(MeetingStateError):
        meeting.record_decision(
            BRA, title="Tidigt", decision="Beslut.", today=HELD_ON - timedelta(days=1)
        )


def test_a_justerat_protocol_cannot_change() -> None:
    meeting = a_meeting()
    item_id = meeting.add_agenda_item(BRA, title="Övrigt")
    meeting.record_attendance(BRA, present=[CHAIR])
    decided(meeting)
    meeting.justera(BRA, justerare=["Jonas Berg"], justerat_on=HELD_ON + timedelta(days=3))
    for change in (
        lambda: decided(meeting),
        lambda: meeting.add_agenda_item(BRA, title="Sent"),
        lambda: meeting.retitle_agenda_item(BRA, item_id=item_id, title="Nytt"),
        lambda: meeting.record_attendance(BRA, present=[POLICE]),
        lambda: meeting.justera(BRA, justerare=["Någon"], justerat_on=HELD_ON),
    ):
        with pytest.raises(JusteratError):
            change()
    assert len(meeting.decisions) == 1


def test_justering_needs_attendance_a_decision_and_a_date_not_before_the_meeting() -> None:
    meeting = a_meeting()
    with pytest.raises(MeetingStateError):
        meeting.justera(BRA, justerare=["Jonas Berg"], justerat_on=HELD_ON)
    meeting.record_attendance(BRA, present=[CHAIR, POLICE])
    with pytest.raises(MeetingStateError):
        meeting.justera(BRA, justerare=["Jonas Berg"], justerat_on=HELD_ON)
    decided(meeting)
    with pytest.raises(InvalidValueError) as early:
        meeting.justera(BRA, justerare=["Jonas Berg"], justerat_on=HELD_ON - timedelta(days=1))
    assert early.value.field == "justerat_on"
    with pytest.raises(InvalidValueError):
        meeting.justera(BRA, justerare=[], justerat_on=HELD_ON)


def test_a_held_meeting_is_neither_moved_nor_cancelled() -> None:
    meeting = a_meeting()
    meeting.reschedule(BRA, held_on=HELD_ON + timedelta(days=7), place="Stadshuset")
    assert (meeting.held_on, meeting.place) == (HELD_ON + timedelta(days=7), "Stadshuset")
    meeting.record_attendance(BRA, present=[CHAIR])
    with pytest.raises(MeetingStateError):
        meeting.reschedule(BRA, held_on=HELD_ON, place="Stadshuset")
    with pytest.raises(MeetingStateError):
        meeting.cancel(BRA, reason="Inställt.")


def test_the_agenda_is_edited_and_reordered() -> None:
    meeting = a_meeting()
    first = meeting.add_agenda_item(BRA, title="Ett")
    second = meeting.add_agenda_item(BRA, title="Två")
    meeting.move_agenda_item(BRA, item_id=second, steps=-1)
    meeting.retitle_agenda_item(BRA, item_id=first, title="Ett, omformulerad")
    assert [i.title for i in meeting.agenda] == ["Två", "Ett, omformulerad"]
    meeting.remove_agenda_item(BRA, item_id=second)
    assert [i.item_id for i in meeting.agenda] == [first]
    with pytest.raises(InvalidValueError):
        meeting.reorder_agenda(BRA, order=[first, first])


def test_an_agenda_item_is_decided_once() -> None:
    meeting = a_meeting()
    item_id = meeting.add_agenda_item(BRA, title="Information från polisen")
    meeting.record_decision(
        BRA, title="Information", decision="Noteras.", today=TODAY, agenda_item_id=item_id
    )
    with pytest.raises(DuplicateError) as twice:
        meeting.record_decision(
            BRA, title="Igen", decision="Noteras.", today=TODAY, agenda_item_id=item_id
        )
    assert twice.value.field == "agenda_item_id"
    with pytest.raises(MeetingStateError):  # a decided point stays on the agenda
        meeting.remove_agenda_item(BRA, item_id=item_id)


def test_a_time_is_hours_and_minutes() -> None:
    with pytest.raises(InvalidValueError) as error:
        Meeting.schedule(BRA, municipality="1882", held_on=HELD_ON, place="A", start_time="25:00")
    assert error.value.field == "start_time"


# ------------------------------------------------------------------ in the application


def scheduled(app: ProblemorienteratApp, held_on: date | None = None) -> UUID:
    return app.schedule_meeting(
        BRA,
        municipality="1882",
        held_on=held_on or swedish_today(),
        place="Kommunhuset",
        participants=[CHAIR, POLICE],
    ).aggregate_id


def test_deciding_an_assessment_in_a_meeting_is_the_review_decision(
    app: ProblemorienteratApp,
) -> None:
    approve_id, return_id = submitted(app), submitted(app)
    meeting_id = scheduled(app)
    app.accept_proposed_agenda(BRA, meeting_id)
    meeting = app.get_meeting(meeting_id)
    assert [(i.kind, i.subject_id) for i in meeting.agenda][:2] == [
        (AgendaKind.ASSESSMENT, approve_id),
        (AgendaKind.ASSESSMENT, return_id),
    ]
    app.decide_assessment(BRA, meeting_id, problem_id=approve_id, approve=True)
    app.decide_assessment(
        BRA, meeting_id, problem_id=return_id, approve=False, comments="Komplettera analysen."
    )
    meeting = app.get_meeting(meeting_id)
    assert [(d.paragraph, d.kind, d.subject_id) for d in meeting.decisions] == [
        (1, DecisionKind.APPROVE_ASSESSMENT, approve_id),
        (2, DecisionKind.RETURN_ASSESSMENT, return_id),
    ]
    assert meeting.decision_on(meeting.agenda[0].item_id) == meeting.decisions[0]
    approved = app.get_problem(approve_id).latest_review
    returned = app.get_problem(return_id).latest_review
    assert approved is not None
    assert returned is not None
    assert approved.status is ReviewStatus.APPROVED
    assert (approved.meeting_id, approved.paragraph, approved.decided_on) == (
        meeting_id,
        1,
        meeting.held_on,
    )
    assert approved.minutes_reference is None
    assert (returned.status, returned.paragraph) == (ReviewStatus.RETURNED, 2)


def test_an_assessment_not_awaiting_review_cannot_be_decided_and_nothing_is_saved(
    app: ProblemorienteratApp,
) -> None:
    problem_id = submitted(app)
    meeting_id = scheduled(app)
    app.decide_assessment(BRA, meeting_id, problem_id=problem_id, approve=True)
    before = app.get_meeting(meeting_id).version
    with pytest.raises(ReviewStateError):
        app.decide_assessment(BRA, meeting_id, problem_id=problem_id, approve=False, comments="X")
    assert app.get_meeting(meeting_id).version == before
    assert len(app.get_meeting(meeting_id).decisions) == 1


def test_when_the_meeting_refuses_the_problem_is_not_decided_either(
    app: ProblemorienteratApp,
) -> None:
    problem_id = submitted(app)
    meeting_id = scheduled(app)
    version = app.get_problem(problem_id).version
    with pytest.raises(NotFoundError):  # an agenda item that is not the meeting's
        app.decide_assessment(
            BRA, meeting_id, problem_id=problem_id, approve=True, agenda_item_id=uuid4()
        )
    assert app.get_problem(problem_id).version == version
    assert app.get_problem(problem_id).review_status is ReviewStatus.SUBMITTED
    future = scheduled(app, held_on=swedish_today() + timedelta(days=10))
    with pytest.raises(MeetingStateError):
        app.decide_assessment(BRA, future, problem_id=problem_id, approve=True)
    assert app.get_problem(problem_id).review_status is ReviewStatus.SUBMITTED


def test_the_agenda_as_of_a_past_moment_is_what_waited_then(
    app: ProblemorienteratApp,
) -> None:
    early = submitted(app)
    then = datetime.now(UTC)
    later = submitted(app)
    meeting_id = scheduled(app)
    app.decide_assessment(BRA, meeting_id, problem_id=early, approve=True)
    assessments_then = [
        p.subject_id
        for p in app.proposed_agenda("1882", at=then)
        if p.kind is AgendaKind.ASSESSMENT
    ]
    assessments_now = [
        p.subject_id for p in app.proposed_agenda("1882") if p.kind is AgendaKind.ASSESSMENT
    ]
    assert assessments_then == [early]  # the later one did not exist yet
    assert assessments_now == [later]  # the early one is decided


def test_another_municipalitys_problem_is_not_decided(app: ProblemorienteratApp) -> None:
    problem_id = submitted(app)
    app.register_municipality(BRA, code="1980", name="Västerås", reference_prefix="VÄS")
    other = app.schedule_meeting(
        BRA, municipality="1980", held_on=swedish_today(), place="Stadshuset"
    ).aggregate_id
    with pytest.raises(InvalidValueError) as error:
        app.decide_assessment(BRA, other, problem_id=problem_id, approve=True)
    assert error.value.field == "problem_id"


def test_the_proposal_leaves_out_what_is_already_on_the_agenda(
    app: ProblemorienteratApp,
) -> None:
    submitted(app)
    meeting_id = scheduled(app)
    app.accept_proposed_agenda(BRA, meeting_id)
    count = len(app.get_meeting(meeting_id).agenda)
    app.accept_proposed_agenda(BRA, meeting_id)
    assert len(app.get_meeting(meeting_id).agenda) == count


def test_a_problem_decided_in_a_meeting_is_a_problem_as_before(
    app: ProblemorienteratApp,
) -> None:
    problem_id = submitted(app)
    meeting_id = scheduled(app)
    app.decide_assessment(BRA, meeting_id, problem_id=problem_id, approve=True)
    app.close_problem(MEMBER, problem_id)
    assert not app.get_problem(problem_id).is_open
    assert isinstance(app.get_problem(problem_id), Problem)
