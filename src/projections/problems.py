"""The problems projection: one row per problem and one per planned action, and the counts.

It feeds the problem index, the BRÅ overview and the group boards. Only facts those views
show are kept: no CHEERS evidence, findings, names of who recorded what, or personal data.
Title and description are kept only as a case-folded search text (with the place).

Every handler is wrapped (:func:`_kept`): it notes the problem as changed in the batch. At
the batch's end (:meth:`ProblemsProjection.finish`) each such problem's columns the work
lists are read by are settled (``open_last_event_at`` of an open problem, ``open_due_date``
of an open action of an open problem; NULL otherwise, so each list is one index range) and
its cells in the ``counts`` table moved (:mod:`projections.problem_counts`).
"""

from __future__ import annotations

from typing import Any

from problemorienterat.domain.problem import PROBLEM_EVENTS, Problem, stage_entered
from problemorienterat.domain.sara import ReviewStatus, Stage
from projections import problem_counts
from projections._database import Row
from projections._projection import Handler, Projection, ViewState, day, timestamp
from projections._tables import Column, Table
from projections.problem_counts import COUNTS_TABLE, OPEN_ACTION_STATUSES, OPEN_STAGE_VALUES

PROBLEMS = "problems"
ACTIONS = "actions"


def search_text(title: str, description: str, place: str) -> str:
    """What the problem index's free-text search looks in: title, description and place."""
    return f"{title}\n{description}\n{place}".casefold()


def _reference_parts(reference: str, fallback_year: int) -> tuple[int, int]:
    """``KUN-2026-0007`` → (2026, 7); a reference of another shape sorts first in its year."""
    try:
        _, year, number = reference.rsplit("-", 2)
        return int(year), int(number)
    except ValueError:
        return fallback_year, 0


def _problem(state: ViewState, event: Any) -> dict[str, Any] | None:
    """The problem's row, changed by ``event``: its time, version and the stage it enters."""
    row = state.change(PROBLEMS, event.originator_id.hex)
    if row is not None:
        row["last_event_at"] = timestamp(event.timestamp)
        row["version"] = event.originator_version
        entered = stage_entered(event)
        if entered is not None:
            row["stage"] = entered.value
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
            "search": search_text(event.title, event.description, event.place),
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
            "action_ids": "",
            "open_last_event_at": None,
            "next_deadline": None,
        },
    )


def _touched(state: ViewState, event: Any, position: int) -> None:
    _problem(state, event)


def _reformulated(state: ViewState, event: Problem.Reformulated, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row["title"] = event.title
        row["search"] = search_text(event.title, event.description, row["place"])


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
    row["action_ids"] = " ".join((*_action_ids(row), action.action_id.hex))
    state.put(
        ACTIONS,
        {
            "id": action.action_id.hex,
            "problem_id": row["id"],
            "municipality": row["municipality"],
            "year": row["year"],
            "number": row["number"],
            "group_id": row["group_id"],
            "title": action.title,
            "owner": action.owner,
            "responsible_party": action.responsible_party,
            "responsible_organisation": action.responsible_organisation.value,
            "kind": action.kind.value,
            "start_date": day(action.start_date),
            "due_date": day(action.due_date),
            "status": action.status.value,
            "seq": position,
            "open_due_date": None,
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
        row["closed_at"] = timestamp(event.timestamp)


def _reopened(state: ViewState, event: Problem.Reopened, position: int) -> None:
    row = _problem(state, event)
    if row is not None:
        row.update(
            review_status=ReviewStatus.NOT_SUBMITTED.value,
            submitted_at=None,
            outcome=None,
            closed_at=None,
        )


def _action_ids(problem: Row) -> list[str]:
    return str(problem["action_ids"] or "").split()


def _actions(state: ViewState, problem: Row) -> list[Row]:
    ids = problem["action_ids"]
    if not ids:  # a problem with no actions (yet): no split, no loop
        return []
    get = state.get
    return [action for key in str(ids).split() if (action := get(ACTIONS, key)) is not None]


def _settle(state: ViewState, problem: Row, actions: list[Row]) -> None:
    """Set the columns the work lists read: NULL unless the problem (and action) is open;
    an action's ``group_id`` is its problem's (the group board reads actions by group). And
    the problem's next deadline, the earliest due date of its open actions (whatever the
    problem's stage), which the index and the board show for every problem they list. One
    pass over the actions: this runs after every event of a problem."""
    is_open = problem["stage"] in OPEN_STAGE_VALUES
    group = problem["group_id"]
    deadline = None
    for action in actions:
        action_open = action["status"] in OPEN_ACTION_STATUSES
        due = action["due_date"]
        if action_open and due and (deadline is None or due < deadline):
            deadline = due
        open_due = due if is_open and action_open else None
        # state.change marks the cached row (the one in hand) to be written at the flush
        if action["open_due_date"] != open_due or action["group_id"] != group:
            state.change(ACTIONS, str(action["id"]))
            action["open_due_date"] = open_due
            action["group_id"] = group
    last_change = problem["last_event_at"] if is_open else None
    if problem["open_last_event_at"] != last_change or problem["next_deadline"] != deadline:
        state.change(PROBLEMS, str(problem["id"]))
        problem["open_last_event_at"] = last_change
        problem["next_deadline"] = deadline


def _kept(handler: Handler) -> Handler:
    """The handler, after noting the problem as changed in this batch with its cells before
    it (remembered from the end of its last batch while the rows stay cached): the batch's
    end settles and counts it (:func:`_settle_and_count`)."""

    def handle(state: ViewState, event: Any, position: int) -> None:
        problem_id = event.originator_id.hex
        pending = state.pending
        if problem_id not in pending:
            before = state.derived.get(problem_id)
            if before is None:
                problem = state.get(PROBLEMS, problem_id)
                before = problem_counts.cells(problem, _actions(state, problem) if problem else ())
            pending[problem_id] = before
        handler(state, event, position)

    return handle


def _settle_and_count(state: ViewState) -> None:
    """At the end of a batch, for every problem its events changed: settle the work-list
    columns and move its cells in the counts from those before the batch to those after.
    Both depend only on the rows as they end up, so once a batch is enough, however many of
    the problem's events the batch holds (a rebuild reads most of a case's steps in one)."""
    remembered = state.derived
    for problem_id, before in state.pending.items():
        problem = state.get(PROBLEMS, problem_id)
        if problem is None:
            continue
        actions = _actions(state, problem)
        _settle(state, problem, actions)
        after = problem_counts.cells(problem, actions)
        remembered[problem_id] = after
        problem_counts.apply(state, before, after)
    state.pending.clear()


class ProblemsProjection(Projection):
    """Every problem with its stage, group, focus area, review and outcome; every action; the
    counts of the BRÅ overview."""

    name = "problems"
    title = "Problem och åtgärder"
    # 4: problems.next_deadline; 5: the histograms by month as well; 6: the place searched
    schema_version = 6
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
                Column("action_ids"),  # the problem's actions, space-separated
                Column("open_last_event_at"),  # last_event_at while open, else NULL
                # the earliest due date of the problem's open actions (ISO date), else NULL:
                # kept here so a list of problems needs no lookup in the actions per problem
                Column("next_deadline"),
            ),
            indexes=(
                ("municipality", "year", "number"),
                # the index by group, and the group board's column per stage, newest first
                ("municipality", "group_id", "year", "number"),
                ("municipality", "group_id", "stage", "year", "number"),
                # the board's returned assessments, oldest decision first
                (
                    "municipality",
                    "group_id",
                    "review_status",
                    "stage",
                    "reviewed_at",
                    "year",
                    "number",
                ),
                # the follow-up's problems per focus area (a member's: per group too)
                ("municipality", "focus_area_id", "year", "number"),
                ("municipality", "focus_area_id", "group_id", "year", "number"),
                # the overview's review queue, oldest first
                ("municipality", "review_status", "stage", "submitted_at", "year", "number"),
                # the overview's problems standing still, longest first
                ("municipality", "open_last_event_at", "year", "number"),
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
                Column("year", "int"),  # the problem's, for the order of the overdue list
                Column("number", "int"),
                Column("open_due_date"),  # due_date while action and problem are open
                Column("group_id"),  # the problem's working group
            ),
            indexes=(
                ("problem_id",),
                # the overview's overdue actions, earliest due first
                ("municipality", "open_due_date", "year", "number", "seq"),
                # the group board's open actions, earliest due first
                ("municipality", "group_id", "open_due_date", "year", "number", "seq"),
            ),
        ),
        COUNTS_TABLE,
    )
    # every problem event moves its row (time, version, stage entered); these keep more
    handlers = {
        **{event: _kept(_touched) for event in PROBLEM_EVENTS.values()},
        Problem.Identified: _kept(_identified),
        Problem.Reformulated: _kept(_reformulated),
        Problem.Prioritised: _kept(_prioritised),
        Problem.GroupAssigned: _kept(_group_assigned),
        Problem.FocusAreaLinked: _kept(_focus_area_linked),
        Problem.ActionPlanned: _kept(_action_planned),
        Problem.ActionStarted: _kept(_action_status("started")),
        Problem.ActionCompleted: _kept(_action_status("completed")),
        Problem.ActionCancelled: _kept(_action_status("cancelled")),
        Problem.ActionDeviated: _kept(_action_status("deviated")),
        Problem.OutcomeJudged: _kept(_outcome_judged),
        Problem.AssessmentSubmitted: _kept(_submitted),
        Problem.AssessmentApproved: _kept(_decided(ReviewStatus.APPROVED)),
        Problem.AssessmentReturned: _kept(_decided(ReviewStatus.RETURNED)),
        Problem.Closed: _kept(_closed),
        Problem.Reopened: _kept(_reopened),
    }

    @classmethod
    def finish(cls, state: ViewState) -> None:
        _settle_and_count(state)
