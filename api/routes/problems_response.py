"""Åtgärda (response): plan actions, carry them out, record effort, move on to assessment."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.commands import Command, CommandAccepted, command_route
from problemorienterat.contracts.commands.problems import PlanAction, Reason, RecordEffort


class ProblemResponseController(Controller):
    path = "/api/v1/problems/{reference:str}"
    tags = ["Åtgärda (response)"]

    @command_route(
        "/actions",
        summary="Plan an action (ActionPlanned); item_id is the action's id",
        creates=True,
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
        )

    @command_route(
        "/actions/{action_id:uuid}/start",
        summary="Start an action (ActionStarted)",
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

    @command_route(
        "/actions/{action_id:uuid}/completion",
        summary="Complete an action (ActionCompleted)",
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

    @command_route(
        "/actions/{action_id:uuid}/cancellation",
        summary="Cancel an action (ActionCancelled)",
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

    @command_route(
        "/actions/{action_id:uuid}/deviations",
        summary="Record a deviation from the plan (ActionDeviated)",
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

    @command_route(
        "/efforts",
        summary="Record a partner's effort in hours and costs (EffortRecorded)",
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

    @command_route(
        "/assessment",
        summary="Start the assessment (AssessmentStarted)",
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
