"""Analysera (analysis): the problem triangle, patterns, sources, causes, hypothesis, baseline."""

from __future__ import annotations

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.commands import Command, CommandAccepted, command_route
from problemorienterat.contracts.commands.problems import (
    ClassifyRepeatPattern,
    Description,
    RecordDataSource,
    RecordFinding,
    RegisterBaseline,
    StateHypothesis,
)


class ProblemAnalysisController(Controller):
    path = "/api/v1/problems/{reference:str}"
    tags = ["Analysera (analysis)"]

    @command_route(
        "/findings",
        summary="Record a finding on a side of the problem triangle (FindingRecorded)",
        description=(
            "`named_persons`: private persons the finding names, kept as personal data (each "
            "under a key of the person's own) and shown only to those who may see it."
        ),
        creates=True,
    )
    def record_finding(
        self,
        reference: FromPath[str],
        data: JSONBody[RecordFinding],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_finding(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/repeat-patterns",
        summary="Classify a repeat pattern (RepeatPatternClassified)",
    )
    def classify_repeat_pattern(
        self,
        reference: FromPath[str],
        data: JSONBody[ClassifyRepeatPattern],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.classify_repeat_pattern(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/data-sources",
        summary="Record a data source and its extraction date (DataSourceRecorded)",
    )
    def record_data_source(
        self,
        reference: FromPath[str],
        data: JSONBody[RecordDataSource],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_data_source(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route("/causes", summary="Record a cause (CauseRecorded)")
    def record_cause(
        self,
        reference: FromPath[str],
        data: JSONBody[Description],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.record_cause(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/current-response",
        summary="Describe the current response and its limits (CurrentResponseDescribed)",
    )
    def describe_current_response(
        self,
        reference: FromPath[str],
        data: JSONBody[Description],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.describe_current_response(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/hypothesis",
        summary="State the working hypothesis (HypothesisStated)",
    )
    def state_hypothesis(
        self,
        reference: FromPath[str],
        data: JSONBody[StateHypothesis],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.state_hypothesis(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/baseline",
        summary="Register the baseline before any response (BaselineRegistered)",
    )
    def register_baseline(
        self,
        reference: FromPath[str],
        data: JSONBody[RegisterBaseline],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.register_baseline(
                command.actor,
                problem.id,
                measure=data.measure.to_measure(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/analysis-completion",
        summary="Complete the analysis (AnalysisCompleted)",
    )
    def complete_analysis(
        self, reference: FromPath[str], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            None,
            lambda: command.application.complete_analysis(
                command.actor, problem.id, expected_version=command.expected_version
            ),
        )
