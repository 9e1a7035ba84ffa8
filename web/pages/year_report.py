"""Årsrapporten: "Uppföljning av medborgarlöftet och det brottsförebyggande arbetet ÅR" at
``/rapport/{år}``, as a web page, as a PDF (``/rapport/{år}.pdf``) and its figures as an
Excel workbook (``/rapport/{år}.xlsx``).

The report is made from the events (``problemorienterat.reports.year_report``), not from the
views: ``?per=YYYY-MM-DD`` makes it as the store stood at the end of that day (Swedish time),
so an auditor regenerates last year's report exactly as lokala BRÅ saw it. For lokala BRÅ and
auditors, as the BRÅ-översikt; a member is sent to their start page with a note, and gets no
file (404). Another municipality's report is 404; ``?kommun=`` picks one of several.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from problemorienterat.contracts.policy import hidden
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.swedish_day import swedish_today
from problemorienterat.domain.yearly import require_year
from problemorienterat.formatting import LOCAL_TIME
from problemorienterat.reports.html import report_body, report_document
from problemorienterat.reports.pdf import render_pdf
from problemorienterat.reports.workbook import XLSX_MEDIA_TYPE, year_report_workbook
from problemorienterat.reports.year_report import YearReport, build_year_report, report_title
from web.auth import WebUser, start_page
from web.navigation import REPORT_PATH
from web.pages._municipal import Municipality, application_of, is_overseer, municipality_for
from web.rendering import render, see_other
from web.session import flash

PDF = "application/pdf"
XLSX = XLSX_MEDIA_TYPE
MEMBERS_NOTE = "Årsrapporten är till för lokala BRÅ och revisorer. Här är din startsida."


def report_path(year: int, suffix: str = "", *, kommun: str = "", per: date | None = None) -> str:
    """The report's address (``suffix``: "", ".pdf" or ".xlsx"), keeping the choices made."""
    query = [f"kommun={kommun}"] if kommun else []
    if per is not None:
        query.append(f"per={per.isoformat()}")
    return f"{REPORT_PATH}/{year}{suffix}" + (f"?{'&'.join(query)}" if query else "")


def as_of_moment(per: date | None, now: datetime) -> datetime:
    """The end of the day ``per`` in Swedish time (now, when it has not ended yet, or no day
    is given)."""
    if per is None:
        return now
    end = datetime.combine(per + timedelta(days=1), time(), tzinfo=LOCAL_TIME)
    return min(end.astimezone(UTC) - timedelta(microseconds=1), now)


def _parse_year(text: str) -> int:
    try:
        return require_year(int(text))
    except (ValueError, InvalidValueError):
        raise NotFoundException from None


def _per(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _report(
    request: Request[Any, Any, Any],
    principal: Principal,
    year: int,
    kommun: str | None,
    per: date | None,
) -> tuple[Municipality | None, YearReport | None]:
    application = application_of(request)
    municipality = municipality_for(application, principal, kommun, overseers_only=True)
    if municipality is None:
        return None, None
    now = datetime.now(UTC)
    report = build_year_report(application, municipality.code, year, as_of=as_of_moment(per, now))
    return municipality, report


@get(REPORT_PATH, name="year-report-start", sync_to_thread=True)
def year_report_start(kommun: FromQuery[str | None] = None) -> Redirect:
    """This year's report."""
    year = swedish_today().year
    return see_other(report_path(year, kommun=kommun or ""))


@get(f"{REPORT_PATH}/{{name:str}}", name="year-report", sync_to_thread=True)
def year_report(  # noqa: PLR0917 - the path, the query and the user
    request: Request[Any, Any, Any],
    name: FromPath[str],
    principal: NamedDependency[Principal],
    web_user: NamedDependency[WebUser],
    kommun: FromQuery[str | None] = None,
    per: FromQuery[str | None] = None,
) -> Template | Redirect | Response[bytes]:
    """The page (``/rapport/2026``), the PDF (``2026.pdf``) or the workbook (``2026.xlsx``)."""
    stem, dot, suffix = name.partition(".")
    if dot and suffix not in ("pdf", "xlsx"):
        raise NotFoundException
    year = _parse_year(stem)
    day = _per(per)
    if not is_overseer(principal):
        if dot:
            raise hidden()
        flash(request, MEMBERS_NOTE)
        return see_other(start_page(web_user))
    municipality, report = _report(request, principal, year, kommun, day)
    if dot and report is None:
        raise hidden()
    if report is not None and suffix:
        per_part = f"-per-{day.isoformat()}" if day else ""
        filename = f"arsrapport-{report.municipality_code}-{year}{per_part}.{suffix}"
        if suffix == "pdf":
            content = render_pdf(report_document(report), created=report.as_of)
            media_type = PDF
        else:
            content = year_report_workbook(report)
            media_type = XLSX
        return Response(
            content,
            media_type=media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "no-store",
            },
        )
    code = municipality.code if municipality and len(municipality.choices) > 1 else ""
    invalid_per = bool(per) and day is None
    return render(
        request,
        "arsrapport.html.j2",
        status_code=422 if invalid_per else 200,
        title=report_title(year),
        year=year,
        municipality=municipality,
        report=report,
        body=report_body(report) if report else None,
        per=day,
        invalid_per=invalid_per,
        typed_per=per or "",
        pdf_path=report_path(year, ".pdf", kommun=code, per=day),
        xlsx_path=report_path(year, ".xlsx", kommun=code, per=day),
        previous_path=report_path(year - 1, kommun=code),
        path=f"{REPORT_PATH}/{year}",
    )


ROUTES = [year_report_start, year_report]
