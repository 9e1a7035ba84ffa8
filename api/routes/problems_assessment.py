"""Följa upp (assessment): evaluate, measure, judge, submit; lokala BRÅ reviews; close, reopen."""

from __future__ import annotations

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.commands import Command, CommandAccepted, command_route
from problemorienterat.contracts.commands.problems import (
    ApproveAssessment,
    EvaluateProcess,
    JudgeOutcome,
    RecordFollowUp,
    RecordLesson,
    RecordSpread,
    Reopen,
    ReturnAssessment,
)
from problemorienterat.contracts.policy import BRA_ONLY


class ProblemAssessmentController(Controller):
    path = "/api/v1/problems/{reference:str}"
    tags = ["Följa upp (assessment)"]

    @command_route(
        "/process-evaluation",
        summary="Evaluate the process: was the plan carried out? (ProcessEvaluated)",
    )
    def evaluate_process(
        self,
        reference: FromPath[str],
        data: JSONBody[EvaluateProcess],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.evaluate_process(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/follow-ups",
        summary="Record a follow-up measure on the baseline's indicator (FollowUpRecorded)",
    )
    def record_follow_up(
        self,
        reference: FromPath[str],
        data: JSONBody[RecordFollowUp],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_follow_up(
                command.actor,
                problem.id,
                measure=data.measure.to_measure(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/spreads",
        summary="Record displacement or diffusion of benefits (SpreadRecorded)",
    )
    def record_spread(
        self,
        reference: FromPath[str],
        data: JSONBody[RecordSpread],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_spread(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/outcome",
        summary="Judge the outcome on the impact scale (OutcomeJudged)",
    )
    def judge_outcome(
        self,
        reference: FromPath[str],
        data: JSONBody[JudgeOutcome],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.judge_outcome(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/lessons",
        summary="Record a lesson learned (LessonRecorded)",
    )
    def record_lesson(
        self,
        reference: FromPath[str],
        data: JSONBody[RecordLesson],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_lesson(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/assessment-submission",
        summary="Submit the assessment to lokala BRÅ (AssessmentSubmitted)",
    )
    def submit_assessment(
        self, reference: FromPath[str], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            None,
            lambda: command.application.submit_assessment(
                command.actor, problem.id, expected_version=command.expected_version
            ),
        )

    @command_route(
        "/assessment-approval",
        summary="Lokala BRÅ approves the assessment (AssessmentApproved)",
    )
    def approve_assessment(
        self,
        reference: FromPath[str],
        data: JSONBody[ApproveAssessment],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference, BRA_ONLY)
        return command.answer(
            data,
            lambda: command.application.approve_assessment(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/assessment-return",
        summary="Lokala BRÅ returns the assessment with comments (AssessmentReturned)",
    )
    def return_assessment(
        self,
        reference: FromPath[str],
        data: JSONBody[ReturnAssessment],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference, BRA_ONLY)
        return command.answer(
            data,
            lambda: command.application.return_assessment(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/closure",
        summary="Close the problem after an approved assessment (Closed)",
    )
    def close_problem(
        self, reference: FromPath[str], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            None,
            lambda: command.application.close_problem(
                command.actor, problem.id, expected_version=command.expected_version
            ),
        )

    @command_route(
        "/reopening",
        summary="Reopen a closed problem at a stage (Reopened)",
    )
    def reopen(
        self,
        reference: FromPath[str],
        data: JSONBody[Reopen],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.reopen(
                command.actor,
                problem.id,
                to_stage=data.to_stage.stage,
                reason=data.reason,
                expected_version=command.expected_version,
            ),
        )
