"""Årsrapporten (/rapport/{år}): the year's report from the demo as a web page, a PDF and an
Excel workbook, read back (pdftotext, openpyxl) and compared with the figures taken from the
views and the aggregates themselves; the report as of an earlier moment; the other files
(/oversikt.xlsx, /grupper/{id}/tavla.xlsx, /arenden/{referens}.pdf) and who may have them.

The PDF tests need WeasyPrint's Pango and poppler-utils (``scripts/ensure-pdf.sh``): without
them they skip on a laptop, and fail under CI=true, REQUIRE_PDF=1 or REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from openpyxl import load_workbook
from pdf_support import pdf_text
from web_helpers import CLOSED_CASE, DEMO_YEAR, WebWorld, login

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.sara import Stage
from problemorienterat.formatting import number_text
from problemorienterat.labels import label
from problemorienterat.reports.html import report_document
from problemorienterat.reports.year_report import build_year_report

REPORT = f"/rapport/{DEMO_YEAR}"
TITLE = f"Uppföljning av medborgarlöftet och det brottsförebyggande arbetet {DEMO_YEAR}"
HEADINGS = (
    "Sammanfattning",
    "Lägesbilden",
    "Medborgarlöftet och fokusområdena",
    "Ärenden per skede",
    "Vad som prövades",
    "Effekter jämfört med nollmätningen",
    "Förflyttning och spridning av vinster",
    "Lärdomar",
    "Insatser per part",
)
SHEETS = [
    "Lägesbild",
    "Fokusområden och aktiviteter",
    "Problem per steg",
    "Metoder",
    "Utfall",
    "Insatser per part",
]
IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}", re.I)
STAGE_ORDER = (
    Stage.SCANNING,
    Stage.ANALYSIS,
    Stage.RESPONSE,
    Stage.ASSESSMENT,
    Stage.CLOSED,
    Stage.REJECTED,
)


def plain(value: float) -> str:
    return number_text(value).replace("\xa0", " ")


@pytest.fixture(scope="module")
def browser_of(world: WebWorld) -> Iterator[TestClient[Litestar]]:
    """One browser for the module (one client per app: closing one stops the app's views)."""
    with TestClient(app=world.web_app) as client:
        world.wait_for_views()
        yield client


def signed_in(client: TestClient[Litestar], role: str) -> TestClient[Litestar]:
    """The module's browser, signed in afresh as ``role``."""
    client.cookies.clear()
    return login(client, role)


@dataclass(frozen=True)
class Expected:
    """The year's figures taken from the views and the aggregates, not from the report."""

    by_stage: dict[str, int]
    observation_areas: list[str]
    focus_areas: list[str]
    activities: int
    activities_done: int
    closed_baseline: float
    closed_follow_up: float
    closed_outcome: str
    closed_unit: str
    hours_by_partner: dict[str, float]
    hours: float
    cost: float


def expected_figures(world: WebWorld) -> Expected:
    app = world.application
    world.wait_for_views()
    overview = world.web_app.state.projections.bra_overview(world.demo.municipality)
    by_stage = {label(c.stage): c.count for c in overview.by_stage}
    picture = app.find_situation_picture(world.demo.municipality, DEMO_YEAR)
    promise = app.find_citizen_promise(world.demo.municipality, DEMO_YEAR)
    closed = app.find_problem(CLOSED_CASE)
    assert closed.baseline is not None
    assert closed.outcome is not None
    hours: dict[str, float] = defaultdict(float)
    cost = 0.0
    for problem_id in world.demo.problems.values():  # every demo problem is of DEMO_YEAR
        for effort in app.get_problem(problem_id).efforts:
            hours[effort.partner] += effort.hours
            cost += effort.cost_sek
    return Expected(
        by_stage=by_stage,
        observation_areas=sorted(o.area for o in picture.observations.values()),
        focus_areas=sorted(f.title for f in promise.focus_areas.values()),
        activities=len(promise.activities),
        activities_done=sum(
            1 for a in promise.activities.values() if a.status is ActivityStatus.DONE
        ),
        closed_baseline=closed.baseline.value,
        closed_follow_up=closed.follow_ups[-1].value,
        closed_outcome=label(closed.outcome.outcome),
        closed_unit=closed.baseline.unit,
        hours_by_partner=dict(hours),
        hours=sum(hours.values()),
        cost=cost,
    )


@dataclass(frozen=True)
class Downloaded:
    expected: Expected
    pdf: bytes
    text: str
    workbook: Any


@pytest.fixture(scope="module")
def downloaded(world: WebWorld, browser_of: TestClient[Litestar], pdf_tools: None) -> Downloaded:
    """The report's PDF and workbook fetched once by lokala BRÅ, with the figures expected."""
    bra = signed_in(browser_of, "bra")
    expected = expected_figures(world)
    pdf = bra.get(f"{REPORT}.pdf")
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert f'filename="arsrapport-1882-{DEMO_YEAR}.pdf"' in pdf.headers["content-disposition"]
    xlsx = bra.get(f"{REPORT}.xlsx")
    assert xlsx.status_code == 200
    workbook = load_workbook(BytesIO(xlsx.content))
    return Downloaded(expected, pdf.content, pdf_text(pdf.content), workbook)


def test_the_pdf_has_the_years_title_the_swedish_sections_and_names_not_ids(
    downloaded: Downloaded,
) -> None:
    """The PDF reads back with the year in its title, every section's Swedish heading, the
    lägesbild's areas and the focus areas by name, and no id anywhere."""
    text = downloaded.text
    assert TITLE in text
    assert "Kungsör" in text
    for heading in HEADINGS:
        assert heading in text, heading
    for area in downloaded.expected.observation_areas + downloaded.expected.focus_areas:
        assert area in text, area
    assert "Sida 1 av" in text
    assert IDS.findall(text) == []


def test_the_pdf_has_the_figures_of_the_views_and_the_aggregates(
    downloaded: Downloaded,
) -> None:
    """Problems per stage as the BRÅ-översikt counts them, the action plan's activities done,
    the closed case's baseline against its follow-up, and the hours and cost in Swedish."""
    text, expected = downloaded.text, downloaded.expected
    total = sum(expected.by_stage.values())
    assert f"Ärenden under året {total}" in text
    for stage in STAGE_ORDER:
        assert f"– {label(stage)} {expected.by_stage.get(label(stage), 0)}" in text
    assert f"– genomförda {expected.activities_done}" in text
    not_done = expected.activities - expected.activities_done
    assert f"– inte genomförda {not_done}" in text
    assert f"Insatta timmar {plain(expected.hours)}" in text
    assert f"Kostnad (kr) {plain(expected.cost)}" in text
    effects = text[text.index("Effekter jämfört med nollmätningen") :]
    closed = effects[effects.index(CLOSED_CASE) :]
    unit = expected.closed_unit
    assert re.match(
        rf"{CLOSED_CASE} .*?\b{plain(expected.closed_baseline)} {unit}\b.*?"
        rf"\b{plain(expected.closed_follow_up)} {unit}\b.*?{expected.closed_outcome}",
        closed,
    ), closed[:400]


def test_the_workbook_holds_the_figures_as_numbers_under_swedish_headers(
    downloaded: Downloaded,
) -> None:
    """Six sheets; the stage of every problem as the overview counts them, every activity
    of the action plan, the closed case's baseline and follow-up as numbers with their
    dates, and each partner's hours."""
    book, expected = downloaded.workbook, downloaded.expected
    assert book.sheetnames == SHEETS
    problems = list(book["Problem per steg"].iter_rows(values_only=True))
    assert problems[0] == ("Skede", "Ärende", "Titel", "Arbetsgrupp", "Fokusområde")
    counted: dict[str, int] = defaultdict(int)
    for row in problems[1:]:
        counted[row[0]] += 1
        assert not IDS.search(" ".join(str(v) for v in row if v))
    assert dict(counted) == {s: n for s, n in expected.by_stage.items() if n}
    activities = list(book["Fokusområden och aktiviteter"].iter_rows(values_only=True))[1:]
    assert len(activities) == expected.activities
    assert sum(1 for row in activities if row[5] == "Ja") == expected.activities_done
    outcomes = list(book["Utfall"].iter_rows(values_only=True))
    assert outcomes[0][:6] == (
        "Ärende",
        "Fokusområde",
        "Indikator",
        "Område",
        "Enhet",
        "Nollmätning",
    )
    closed = next(row for row in outcomes if str(row[0]).startswith(CLOSED_CASE))
    assert closed[5] == expected.closed_baseline
    assert isinstance(closed[6], datetime)  # a date cell, not text
    assert closed[8] == expected.closed_follow_up
    assert closed[12] == expected.closed_outcome
    efforts = list(book["Insatser per part"].iter_rows(values_only=True))
    assert efforts[0] == ("Organisation", "Part", "Timmar", "Kostnad (kr)")
    hours = {row[1]: row[2] for row in efforts[1:]}
    assert hours == pytest.approx(expected.hours_by_partner)
    assert book["Lägesbild"]["A1"].value == "Område"
    assert sorted(r[0] for r in book["Lägesbild"].iter_rows(min_row=2, values_only=True)) == (
        expected.observation_areas
    )


def test_the_web_page_shows_the_report_with_its_charts_and_the_downloads(
    browser_of: TestClient[Litestar],
) -> None:
    bra = signed_in(browser_of, "bra")
    page = bra.get(REPORT)
    assert page.status_code == 200
    html = page.text
    assert f"<h1>{TITLE}</h1>" in html
    assert html.count('role="img"') >= 2  # stages, and baseline against follow-up
    assert f'href="{REPORT}.pdf"' in html
    assert "Ladda ned som PDF" in html
    assert f'href="{REPORT}.xlsx"' in html
    assert "Ladda ned som Excel" in html
    assert "<script" not in html


def test_only_lokala_bra_and_auditors_get_the_report_and_only_their_municipalitys(
    browser_of: TestClient[Litestar],
) -> None:
    """A member is sent to the start page (and gets no file); another municipality's report
    and a year that is none are 404; the auditor reads it."""
    member = signed_in(browser_of, "member")
    sent = member.get(REPORT, follow_redirects=False)
    assert sent.status_code == 303
    assert member.get(f"{REPORT}.xlsx").status_code == 404
    auditor = signed_in(browser_of, "auditor")
    assert auditor.get(f"{REPORT}.xlsx").status_code == 200
    bra = signed_in(browser_of, "bra")
    assert bra.get(f"{REPORT}?kommun=0180").status_code == 404
    assert bra.get(f"{REPORT}.xlsx?kommun=0180").status_code == 404
    assert bra.get("/rapport/tjugo").status_code == 404
    assert bra.get(f"{REPORT}.docx").status_code == 404


def test_the_report_as_of_an_earlier_moment_leaves_out_what_came_later_and_stays_the_same(
    world: WebWorld, browser_of: TestClient[Litestar]
) -> None:
    """An effort recorded after a moment is not in the report as of that moment, is in
    today's, and the report as of that moment made again is the same, to the letter."""
    app = world.application
    before = datetime.now(UTC)
    earlier = build_year_report(app, world.demo.municipality, DEMO_YEAR, as_of=before)
    actor = Actor(
        user_id="bra-test", name="Helena Ström", organisation=Organisation.KOMMUN, role=Role.BRA
    )
    response_stage = next(
        pid for pid in world.demo.problems.values() if app.get_problem(pid).stage is Stage.RESPONSE
    )
    app.record_effort(
        actor,
        response_stage,
        organisation=Organisation.FORENING,
        partner="Revisorernas testförening",
        hours=7.5,
        cost_sek=1200,
    )
    now = build_year_report(app, world.demo.municipality, DEMO_YEAR)
    assert "Revisorernas testförening" not in [e.partner for e in earlier.efforts]
    assert "Revisorernas testförening" in [e.partner for e in now.efforts]
    assert now.hours == pytest.approx(earlier.hours + 7.5)
    again = build_year_report(app, world.demo.municipality, DEMO_YEAR, as_of=before)
    assert again == earlier
    assert report_document(again) == report_document(earlier)
    # The page as of a day before the demo was written: nothing of the year yet.
    yesterday = (before - timedelta(days=1)).date().isoformat()
    page = signed_in(browser_of, "bra").get(f"{REPORT}?per={yesterday}")
    assert page.status_code == 200
    assert f"Ingen lägesbild var upprättad för {DEMO_YEAR}" in page.text
    assert 'Ärenden under året</th><td class="number">0<' in page.text
    wrong = signed_in(browser_of, "bra").get(f"{REPORT}?per=31/12")
    assert wrong.status_code == 422
    assert "Ange dagen som ÅÅÅÅ-MM-DD" in wrong.text
    assert 'value="31/12" aria-invalid="true"' in wrong.text


def test_the_case_pdf_is_the_case_and_is_recorded_as_an_export_read(
    world: WebWorld, browser_of: TestClient[Litestar], pdf_tools: None
) -> None:
    bra = signed_in(browser_of, "bra")
    problem_id = world.demo.problems[CLOSED_CASE]
    reads = len(world.application.reads_of(problem_id))
    answer = bra.get(f"/arenden/{CLOSED_CASE}.pdf")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert CLOSED_CASE in text
    assert "Bostadsinbrott i Valla" in text
    after = world.application.reads_of(problem_id)
    assert len(after) == reads + 1
    assert after[-1].payload["what"] == "export-pdf"
    assert after[-1].actor is not None
    assert after[-1].actor.user_id == world.user_ids["bra"]
    # The member of UNG-gruppen may not read Grannsamverkan Valla's case: 404, nothing read.
    member = signed_in(browser_of, "member")
    assert member.get(f"/arenden/{CLOSED_CASE}.pdf").status_code == 404
    assert len(world.application.reads_of(problem_id)) == reads + 1


def test_the_overview_and_a_groups_board_as_excel(
    world: WebWorld, browser_of: TestClient[Litestar]
) -> None:
    """/oversikt.xlsx has the overview's counts per stage (lokala BRÅ, not members); the
    group's board has its open problems (its members; another group's board is 404)."""
    world.wait_for_views()
    views = world.web_app.state.projections
    overview = views.bra_overview(world.demo.municipality)
    bra = signed_in(browser_of, "bra")
    answer = bra.get("/oversikt.xlsx")
    assert answer.status_code == 200
    assert "Ladda ned som PDF" in bra.get(f"/arenden/{CLOSED_CASE}").text
    book = load_workbook(BytesIO(answer.content))
    rows = list(book["Per skede"].iter_rows(values_only=True))
    assert rows[0] == ("Skede", "Ärenden")
    assert dict(rows[1:]) == {label(c.stage): c.count for c in overview.by_stage}
    member = signed_in(browser_of, "member")
    assert member.get("/oversikt.xlsx").status_code == 404
    youth = world.demo.groups["UNG-gruppen"]
    board = views.group_board(world.demo.municipality, youth)
    answer = member.get(f"/grupper/{youth}/tavla.xlsx")
    assert answer.status_code == 200
    problems = list(load_workbook(BytesIO(answer.content))["Ärenden"].iter_rows(values_only=True))
    assert problems[0][:3] == ("Skede", "Ärende", "Titel")
    assert sorted(r[1] for r in problems[1:]) == sorted(p.reference for p in board.problems)
    other = world.demo.groups["Grannsamverkan Valla"]
    assert member.get(f"/grupper/{other}/tavla.xlsx").status_code == 404
    assert "Ladda ned som Excel" in member.get(f"/grupper/{youth}").text


def test_the_api_gives_the_report_as_data_as_of_a_moment(
    world: WebWorld, browser_of: TestClient[Litestar]
) -> None:
    """GET /api/v1/municipalities/{code}/reports/{year}: the stages as the overview counts
    them; ``as_of`` before the demo was written gives a report with nothing in it; a member
    is refused, another municipality is 404, a moment without a time zone is 400."""
    browser_of.cookies.clear()
    world.wait_for_views()
    overview = world.web_app.state.projections.bra_overview(world.demo.municipality)
    path = f"/api/v1/municipalities/1882/reports/{DEMO_YEAR}"

    def get(token: str, **params: str) -> Any:
        return browser_of.get(path, params=params, headers={"Authorization": f"Bearer {token}"})

    answer = get(world.tokens["auditor"])
    assert answer.status_code == 200, answer.text
    report = answer.json()
    counts = {s["stage"]: len(s["problems"]) for s in report["stages"]}
    assert counts == {label(stage): 0 for stage in STAGE_ORDER} | {
        label(c.stage): c.count for c in overview.by_stage
    }
    assert report["municipality"] == "Kungsör"
    earlier = get(world.tokens["bra"], as_of="2000-01-01T00:00:00+01:00").json()
    assert earlier["situation_picture"] is None
    assert earlier["efforts"] == []
    assert get(world.tokens["member"]).status_code == 403
    other = browser_of.get(
        f"/api/v1/municipalities/0180/reports/{DEMO_YEAR}",
        headers={"Authorization": f"Bearer {world.tokens['bra']}"},
    )
    assert other.status_code == 404
    assert get(world.tokens["bra"], as_of="2026-01-01T00:00:00").status_code == 400


def test_the_pdf_has_the_lagesbild_figures_with_their_charts(
    world: WebWorld, downloaded: Downloaded, browser_of: TestClient[Litestar]
) -> None:
    """Every figure series of the lägesbild, read from the aggregate, is in the PDF: its
    indicator and each period with its value written in Swedish (the chart's table), and the
    chart itself (its description names the indicator)."""
    picture = world.application.find_situation_picture(world.demo.municipality, DEMO_YEAR)
    series = list(picture.figures.values())
    assert series  # the demo's lägesbild has figures
    text = downloaded.text
    for one in series:
        assert one.indicator in text, one.indicator
        for point in one.points:
            assert f"{point.period} {plain(point.value)}" in text, (one.indicator, point)
    page = signed_in(browser_of, "bra").get(REPORT).text
    assert page.count('class="figure-chart"') == len(series)
