"""Åtgärda (response): plan actions, carry them out, record effort, move on to assessment."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.commands import Command, CommandAccepted
from api.documented import COMMAND
from problemorienterat.contracts.commands.problems import PlanAction, Reason, RecordEffort


class ProblemResponseController(Controller):
    path = "/api/v1/problems/{reference:str}"
    tags = ["Åtgärda (response)"]

    @post(
        "/actions",
        summary="Plan an action (ActionPlanned); item_id is the action's id",
        sync_to_thread=True,
        responses=COMMAND,
        status_code=201,
    )
    def plan_action(
        self,
        reference: FromPath[str],
        data: JSONBody[PlanAction],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.plan_action(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
            status_code=201,
        )

    @post(
        "/actions/{action_id:uuid}/start",
        summary="Start an action (ActionStarted)",
        sync_to_thread=True,
        responses=COMMAND,
    )
    def start_action(
        self,
        reference: FromPath[str],
        action_id: FromPath[UUID],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            None,
            lambda: command.application.start_action(
                command.actor,
                problem.id,
                action_id=action_id,
                expected_version=command.expected_version,
            ),
        )

    @post(
        "/actions/{action_id:uuid}/completion",
        summary="Complete an action (ActionCompleted)",
        sync_to_thread=True,
        responses=COMMAND,
    )
    def complete_action(
        self,
        reference: FromPath[str],
        action_id: FromPath[UUID],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            None,
            lambda: command.application.complete_action(
                command.actor,
                problem.id,
                action_id=action_id,
                expected_version=command.expected_version,
            ),
        )

    @post(
        "/actions/{action_id:uuid}/cancellation",
        summary="Cancel an action (ActionCancelled)",
        sync_to_thread=True,
        responses=COMMAND,
    )
    def cancel_action(
        self,
        reference: FromPath[str],
        action_id: FromPath[UUID],
        data: JSONBody[Reason],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.cancel_action(
                command.actor,
                problem.id,
                action_id=action_id,
                reason=data.reason,
                expected_version=command.expected_version,
            ),
        )

    @post(
        "/actions/{action_id:uuid}/deviations",
        summary="Record a deviation from the plan (ActionDeviated)",
        sync_to_thread=True,
        responses=COMMAND,
    )
    def record_deviation(
        self,
        reference: FromPath[str],
        action_id: FromPath[UUID],
        data: JSONBody[Reason],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_deviation(
                command.actor,
                problem.id,
                action_id=action_id,
                reason=data.reason,
                expected_version=command.expected_version,
            ),
        )

    @post(
        "/efforts",
        summary="Record a partner's effort in hours and costs (EffortRecorded)",
        sync_to_thread=True,
        responses=COMMAND,
    )
    def record_effort(
        self,
        reference: FromPath[str],
        data: JSONBody[RecordEffort],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_effort(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @post(
        "/assessment",
        summary="Start the assessment (AssessmentStarted)",
        sync_to_thread=True,
        responses=COMMAND,
    )
    def start_assessment(
        self, reference: FromPath[str], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            None,
            lambda: command.application.start_assessment(
                command.actor, problem.id, expected_version=command.expected_version
            ),
        )
