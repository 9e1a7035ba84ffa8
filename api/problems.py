"""Problems: read a problem's current state (commands come in a later issue)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import FromPath

from api.schemas import ProblemView
from problemorienterat.application import ProblemorienteratApp


class ProblemController(Controller):
    path = "/api/v1/problems"
    tags = ["problems"]

    @get(
        "/{reference:str}",
        summary="A problem's current state, by its reference (e.g. KUN-2026-0007)",
        sync_to_thread=True,
        response_headers=[
            ResponseHeader(
                name="ETag", description="The problem's version.", documentation_only=True
            )
        ],
    )
    def get_problem(
        self, reference: FromPath[str], application: NamedDependency[ProblemorienteratApp]
    ) -> Response[ProblemView]:
        problem = application.find_problem(reference)
        return Response(ProblemView.of(problem), headers={"ETag": f'"{problem.version}"'})
