"""Controllers, one module per resource (and per SARA stage for problems).

:func:`api_router` puts them under one router that requires a bearer token and provides
the request's principal, its command context and the views.
"""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from api.auth import RequireToken, provide_principal
from api.commands import provide_command
from api.routes.agreements import AgreementController, MunicipalAgreementsController
from api.routes.audit import AuditController
from api.routes.citizen_promises import CitizenPromiseController
from api.routes.grannsamverkan import GrannsamverkanController, MunicipalAreasController
from api.routes.groups import GroupController
from api.routes.me import MeController
from api.routes.meetings import MeetingController
from api.routes.municipalities import MunicipalityController
from api.routes.problems_analysis import ProblemAnalysisController
from api.routes.problems_assessment import ProblemAssessmentController
from api.routes.problems_queries import ProblemQueryController
from api.routes.problems_response import ProblemResponseController
from api.routes.problems_scanning import ProblemScanningController
from api.routes.reports import ReportController
from api.routes.situation_pictures import (
    MunicipalSituationPictureController,
    SituationPictureController,
)
from api.routes.users import UserController
from api.routes.views import ViewController
from api.views import provide_views

CONTROLLERS = [
    MeController,
    UserController,
    MunicipalityController,
    ViewController,
    ProblemQueryController,
    ProblemScanningController,
    ProblemAnalysisController,
    ProblemResponseController,
    ProblemAssessmentController,
    GroupController,
    SituationPictureController,
    MunicipalSituationPictureController,
    CitizenPromiseController,
    AgreementController,
    GrannsamverkanController,
    MunicipalAgreementsController,
    MunicipalAreasController,
    AuditController,
    ReportController,
    MeetingController,
]


def api_router() -> Router:
    """Every ``/api/v1`` route, behind the bearer-token check."""
    return Router(
        path="/",
        route_handlers=CONTROLLERS,
        middleware=[RequireToken],
        dependencies={
            "principal": Provide(provide_principal, sync_to_thread=False),
            "command": Provide(provide_command, sync_to_thread=False),
            "views": Provide(provide_views, sync_to_thread=False),
        },
    )
