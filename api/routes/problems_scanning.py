"""Identifiera (scanning): record a problem, test it with CHEERS, prioritise, assign, link."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from api.commands import Command, CommandAccepted, command_route
from problemorienterat.contracts.commands.problems import (
    AnswerCheers,
    AssignGroup,
    IdentifyProblem,
    LinkFocusArea,
    Prioritise,
    Reformulate,
    Reject,
)
from problemorienterat.contracts.policy import (
    WRITERS,
    check_municipal_object,
    check_own_group,
)


@dataclass(frozen=True)
class ProblemIdentified(CommandAccepted):
    """The problem was recorded: besides its id, the reference it is known by
    (``KUN-2026-0001``, also the last segment of ``Location``)."""

    reference: str = ""


class ProblemScanningController(Controller):
    path = "/api/v1/problems"
    tags = ["Identifiera (scanning)"]

    @command_route(
        "/",
        summary="Identify a problem (Identified)",
        creates=True,
    )
    def identify_problem(
        self, data: JSONBody[IdentifyProblem], command: NamedDependency[Command]
    ) -> Response[ProblemIdentified]:
        check_municipal_object(
            command.principal,
            municipality=data.municipality,
            roles=WRITERS,
        )
        check_own_group(
            command.application,
            command.principal,
            data.group_id,
            "Choose one of your own working groups for the problem.",
        )
        answered = command.answer(
            data,
            lambda: command.application.identify_problem(command.actor, **data.model_dump()),
            location=lambda result: (
                "/api/v1/problems/" + command.application.get_problem(result.aggregate_id).reference
            ),
        )
        accepted = answered.content
        reference = command.application.get_problem(accepted.id).reference
        return Response(
            ProblemIdentified(**asdict(accepted), reference=reference),
            status_code=answered.status_code,
            headers=answered.headers,
        )

    @command_route(
        "/{reference:str}/reformulations",
        summary="Reformulate the problem (Reformulated)",
    )
    def reformulate(
        self,
        reference: FromPath[str],
        data: JSONBody[Reformulate],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.reformulate(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{reference:str}/cheers-answers",
        summary="Answer a CHEERS question (CheersAnswered)",
    )
    def answer_cheers(
        self,
        reference: FromPath[str],
        data: JSONBody[AnswerCheers],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.answer_cheers(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{reference:str}/priority",
        summary="Prioritise the problem (Prioritised)",
    )
    def prioritise(
        self,
        reference: FromPath[str],
        data: JSONBody[Prioritise],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.prioritise(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{reference:str}/rejection",
        summary="Reject the problem: it fails CHEERS (Rejected)",
    )
    def reject(
        self, reference: FromPath[str], data: JSONBody[Reject], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.reject(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{reference:str}/group",
        summary="Assign a working group (GroupAssigned)",
    )
    def assign_group(
        self,
        reference: FromPath[str],
        data: JSONBody[AssignGroup],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        check_own_group(command.application, command.principal, data.group_id)
        return command.answer(
            data,
            lambda: command.application.assign_group(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{reference:str}/focus-area",
        summary="Link to a focus area of the medborgarlöfte (FocusAreaLinked)",
    )
    def link_focus_area(
        self,
        reference: FromPath[str],
        data: JSONBody[LinkFocusArea],
        command: NamedDependency[Command],
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            data,
            lambda: command.application.link_focus_area(
                command.actor,
                problem.id,
                **data.model_dump(),
                expected_version=command.expected_version,
            ),
        )

    @command_route(
        "/{reference:str}/analysis",
        summary="Start the analysis (AnalysisStarted)",
    )
    def start_analysis(
        self, reference: FromPath[str], command: NamedDependency[Command]
    ) -> Response[CommandAccepted]:
        problem = command.problem(reference)
        return command.answer(
            None,
            lambda: command.application.start_analysis(
                command.actor, problem.id, expected_version=command.expected_version
            ),
        )
