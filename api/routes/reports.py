"""The year's report as data: ``GET /api/v1/municipalities/{code}/reports/{year}``, the model
the web page, the PDF and the workbook are made from (``problemorienterat.reports``), as the
store stood now or at ``as_of``. For lokala BRÅ and auditors, as the BRÅ-översikt."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter

from api.documented import errors
from api.routes.audit import At, _moment
from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.policy import OVERSEERS, check_municipal_object
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.yearly import FIRST_YEAR, LAST_YEAR
from problemorienterat.reports.year_report import YearReport, build_year_report

REPORT_ERRORS = errors(400, 401, 403, 404, 429, 503)


class ReportController(Controller):
    path = "/api/v1/municipalities"
    tags = ["Rapporter (reports)"]

    @get(
        "/{code:str}/reports/{year:int}",
        summary="The year's report (Uppföljning av medborgarlöftet och det brottsförebyggande "
        "arbetet): lägesbild, focus areas and activities, problems per stage, methods, "
        "outcomes against baselines, displacement, lessons, effort per partner",
        sync_to_thread=True,
        responses=REPORT_ERRORS,
    )
    def year_report(
        self,
        code: FromPath[str],
        year: Annotated[int, Parameter(ge=FIRST_YEAR, le=LAST_YEAR)],
        principal: NamedDependency[Principal],
        application: NamedDependency[ProblemorienteratApp],
        as_of: At = None,
    ) -> YearReport:
        check_municipal_object(principal, municipality=code, roles=OVERSEERS)
        now = datetime.now(UTC)
        moment = _moment("as_of", as_of)
        return build_year_report(
            application, code, year, as_of=min(moment, now) if moment is not None else now
        )
