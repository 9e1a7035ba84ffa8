"""The year's report as HTML: the sections the web page shows inside its layout
(:func:`report_body`), and the whole document the PDF is made from (:func:`report_document`).
One template, ``_arsrapport_innehall.html.j2``, holds the sections for both."""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from problemorienterat.formatting import date_text, number_text, time_text
from problemorienterat.reports.charts import baseline_pairs, stage_bars
from problemorienterat.reports.year_report import YearReport

_templates = Environment(
    loader=PackageLoader("problemorienterat.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters["tal"] = number_text
_templates.filters["tid"] = time_text


def _date(value: date | None) -> str:
    return date_text(value) if value is not None else ""


_templates.filters["datum"] = _date


def _context(report: YearReport) -> dict[str, Any]:
    promise = report.citizen_promise
    activities = [a for area in promise.focus_areas for a in area.activities] if promise else []
    return {
        "report": report,
        "picture": report.situation_picture,
        "promise": promise,
        "activities_total": len(activities),
        "activities_done": sum(1 for a in activities if a.done),
        "stage_chart": stage_bars(report.stages),
        "outcome_chart": baseline_pairs(report.outcomes),
        "as_of_words": f"den {time_text(report.as_of)}",
    }


def report_body(report: YearReport) -> Markup:
    """The report's sections, for a page that has its own layout around them."""
    return Markup(_templates.get_template("_arsrapport_innehall.html.j2").render(_context(report)))  # noqa: S704 - autoescaped template


def report_document(report: YearReport) -> str:
    """The report as a whole HTML document with its print styles (A4, page numbers)."""
    return _templates.get_template("arsrapport.html.j2").render(_context(report))
