"""The problems projection: one row per problem and one per planned action.

It feeds the problem index, the BRÅ overview and the group boards. Only facts those views
show are kept: no CHEERS evidence, findings, names of who recorded what, or personal data.
Title and description are kept only as a case-folded search text.
"""

from __future__ import annotations

from typing import Any

from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import ReviewStatus, Stage
from projections._projection import Handler, Projection, ViewState, day, timestamp
from projections._tables import Column, Table

PROBLEMS = "problems"
ACTIONS = "actions"


def search_text(title: str, description: str) -> str:
    return f"{title}\n{description}".casefold()


def _reference_parts(reference: str, fallback_year: int) -> tuple[int, int]:
    """``KUN-2026-0007`` → (2026, 7); a reference of another shape sorts first in its year."""
    try:
        _, year, number = reference.rsplit("-", 2)
        return int(year), int(number)
    except ValueError:
        return fallback_year, 0


def _problem(state: ViewState, event: Any) -> dict[str, Any] | None:
    row = state.change(PROBLEMS, event.originator_id.hex)
    if row is not None:
        row["last_event_at"] = timestamp(event.timestamp)
        row["version"] = event.originator_version
    return row


def _identified(state: ViewState, event: Problem.Identified, position: int) -> None:
    year, number = _reference_parts(event.reference, event.timestamp.year)
    moment = timestamp(event.timestamp)
    state.put(
        PROBLEMS,
        {
            "id": event.originator_id.hex,
            "municipality": event.municipality,
            "reference": event.reference,
            "year": year,
            "number": number,
            "title": event.title,
            "search": search_text(event.title, event.description),
            "place": event.place,
            "stage": Stage.SCANNING.value,
            "priority": None,
            "group_id": event.group_id.hex if event.group_id else None,
            "citizen_promise_id": None,
            "focus_area_id": None,
            "review_status": ReviewStatus.NOT_SUBMITTED.value,
            "submitted_at": None,
            "review_comments": None,
            "review_minutes": None,
            "reviewed_at": None,
            "outcome": None,
            "identified_at": moment,
            "last_event_at": moment,
            "closed_at": None,
            "version": event.originator_version,
        },
    )


def _touched(state: ViewState, event: Any, position: int) -> None:
    _problem(state, event)


def _setter(**values: Any) -> Handler:
    def handle(state: ViewState, event: Any, position: int) -> None:
        row = _problem(state, event)
        if row is not None:
            row.update(values)

    return handle


def _reformulated(state: ViewState, event: Problem.Reformulated, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["title"] = event.title
        row["search"] = search_text(event.title, event.description)


def _prioritised(state: ViewState, event: Problem.Prioritised, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["priority"] = event.priority.value


def _group_assigned(state: ViewState, event: Problem.GroupAssigned, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["group_id"] = event.group_id.hex


def _focus_area_linked(state: ViewState, event: Problem.FocusAreaLinked, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["citizen_promise_id"] = event.citizen_promise_id.hex
        row["focus_area_id"] = event.focus_area_id.hex


def _action_planned(state: ViewState, event: Problem.ActionPlanned, position: int) -> None:
    row = _problem(state, event)
    if row is None:
        return
    action = event.action
    state.put(
        ACTIONS,
        {
            "id": action.action_id.hex,
            "problem_id": row["id"],
            "municipality": row["municipality"],
            "title": action.title,
            "owner": action.owner,
            "responsible_party": action.responsible_party,
            "responsible_organisation": action.responsible_organisation.value,
            "kind": action.kind.value,
            "start_date": day(action.start_date),
            "due_date": day(action.due_date),
            "status": action.status.value,
            "seq": position,
        },
    )


def _action_status(status: str) -> Handler:
    def handle(state: ViewState, event: Any, position: int) -> None:
        _problem(state, event)
        action = state.change(ACTIONS, event.action_id.hex)
        if action is not None:
            action["status"] = status

    return handle


def _outcome_judged(state: ViewState, event: Problem.OutcomeJudged, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["outcome"] = event.outcome.value


def _submitted(state: ViewState, event: Problem.AssessmentSubmitted, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["review_status"] = ReviewStatus.SUBMITTED.value
        row["submitted_at"] = timestamp(event.timestamp)


def _decided(status: ReviewStatus) -> Handler:
    def handle(state: ViewState, event: Any, position: int) -> None:
        row = _problem(state, event)
        if row is not None:
            row["review_status"] = status.value
            row["review_comments"] = event.comments
            row["review_minutes"] = event.minutes_reference
            row["reviewed_at"] = timestamp(event.timestamp)

    return handle


def _closed(state: ViewState, event: Problem.Closed, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["stage"] = Stage.CLOSED.value
        row["closed_at"] = timestamp(event.timestamp)


def _reopened(state: ViewState, event: Problem.Reopened, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row.update(
            stage=event.to_stage.value,
            review_status=ReviewStatus.NOT_SUBMITTED.value,
            submitted_at=None,
            outcome=None,
            closed_at=None,
        )


class ProblemsProjection(Projection):
    """Every problem with its stage, group, focus area, review and outcome; every action."""

    name = "problems"
    title = "Problem och åtgärder"
    schema_version = 1
    tables = (
        Table(
            PROBLEMS,
            (
                Column("id"),
                Column("municipality"),
                Column("reference"),
                Column("year", "int"),
                Column("number", "int"),
                Column("title"),
                Column("search"),
                Column("place"),
                Column("stage"),
                Column("priority"),
                Column("group_id"),
                Column("citizen_promise_id"),
                Column("focus_area_id"),
                Column("review_status"),
                Column("submitted_at"),
                Column("review_comments"),
                Column("review_minutes"),
                Column("reviewed_at"),
                Column("outcome"),
                Column("identified_at"),
                Column("last_event_at"),
                Column("closed_at"),
                Column("version", "int"),
            ),
            indexes=(
                ("municipality", "year", "number"),
                ("municipality", "group_id"),
                ("municipality", "focus_area_id"),
                ("municipality", "review_status"),
            ),
        ),
        Table(
            ACTIONS,
            (
                Column("id"),
                Column("problem_id"),
                Column("municipality"),
                Column("title"),
                Column("owner"),
                Column("responsible_party"),
                Column("responsible_organisation"),
                Column("kind"),
                Column("start_date"),
                Column("due_date"),
                Column("status"),
                Column("seq", "int"),
            ),
            indexes=(("problem_id",), ("municipality", "status", "due_date")),
        ),
    )
    handlers = {
        Problem.Identified: _identified,
        Problem.Reformulated: _reformulated,
        Problem.CheersAnswered: _touched,
        Problem.Prioritised: _prioritised,
        Problem.Rejected: _setter(stage=Stage.REJECTED.value),
        Problem.GroupAssigned: _group_assigned,
        Problem.FocusAreaLinked: _focus_area_linked,
        Problem.AnalysisStarted: _setter(stage=Stage.ANALYSIS.value),
        Problem.FindingRecorded: _touched,
        Problem.RepeatPatternClassified: _touched,
        Problem.DataSourceRecorded: _touched,
        Problem.CauseRecorded: _touched,
        Problem.CurrentResponseDescribed: _touched,
        Problem.HypothesisStated: _touched,
        Problem.BaselineRegistered: _touched,
        Problem.AnalysisCompleted: _setter(stage=Stage.RESPONSE.value),
        Problem.ActionPlanned: _action_planned,
        Problem.ActionStarted: _action_status("started"),
        Problem.ActionCompleted: _action_status("completed"),
        Problem.ActionCancelled: _action_status("cancelled"),
        Problem.ActionDeviated: _action_status("deviated"),
        Problem.EffortRecorded: _touched,
        Problem.AssessmentStarted: _setter(stage=Stage.ASSESSMENT.value),
        Problem.ProcessEvaluated: _touched,
        Problem.FollowUpRecorded: _touched,
        Problem.SpreadRecorded: _touched,
        Problem.OutcomeJudged: _outcome_judged,
        Problem.LessonRecorded: _touched,
        Problem.AssessmentSubmitted: _submitted,
        Problem.AssessmentApproved: _decided(ReviewStatus.APPROVED),
        Problem.AssessmentReturned: _decided(ReviewStatus.RETURNED),
        Problem.Closed: _closed,
        Problem.Reopened: _reopened,
    }
