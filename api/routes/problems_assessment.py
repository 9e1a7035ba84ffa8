"""Följa upp (assessment): evaluate, measure, judge, submit; lokala BRÅ reviews; close, reopen."""

from __future__ import annotations

from litestar import Controller, Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.commands import Command, CommandAccepted
from api.documented import COMMAND
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

    @post(
        "/process-evaluation",
        summary="Evaluate the process: was the plan carried out? (ProcessEvaluated)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/follow-ups",
        summary="Record a follow-up measure on the baseline's indicator (FollowUpRecorded)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/spreads",
        summary="Record displacement or diffusion of benefits (SpreadRecorded)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/outcome",
        summary="Judge the outcome on the impact scale (OutcomeJudged)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/lessons",
        summary="Record a lesson learned (LessonRecorded)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/assessment-submission",
        summary="Submit the assessment to lokala BRÅ (AssessmentSubmitted)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/assessment-approval",
        summary="Lokala BRÅ approves the assessment (AssessmentApproved)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/assessment-return",
        summary="Lokala BRÅ returns the assessment with comments (AssessmentReturned)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/closure",
        summary="Close the problem after an approved assessment (Closed)",
        sync_to_thread=True,
        responses=COMMAND,
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

    @post(
        "/reopening",
        summary="Reopen a closed problem at a stage (Reopened)",
        sync_to_thread=True,
        responses=COMMAND,
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
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )
