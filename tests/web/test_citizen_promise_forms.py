"""Lokala BRÅ writes the medborgarlöfte on its page: drafts it from the year's adopted
lägesbild, adds focus areas, plans activities, changes their status, adopts it and records
the year's follow-up; each refused form is the page again (422/409) with the Swedish message
next to the field and what was typed kept. The handlingsplan prints and downloads as Excel."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient
from openpyxl import load_workbook
from web_helpers import ADMIN, STORY_TODAY, WebWorld, csrf_token, login, post_login, world_of

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.citizen_promise import ActivityStatus
from web.pages.citizen_promise_forms import NO_ADOPTED_PICTURE

BRA = Actor("u-bra-test", "Testare BRÅ", Organisation.KOMMUN, Role.BRA)
NEW_YEAR = 2028  # a year with an adopted lägesbild and no medborgarlöfte (made below)
NO_PICTURE_YEAR = 2029  # a year with no lägesbild at all


@pytest.fixture(scope="module", autouse=True)
def _adopted_picture(world: WebWorld) -> None:
    app = world.application
    picture = app.draw_up_situation_picture(
        BRA, municipality="1882", year=NEW_YEAR, summary="Otrygghet i centrum kvällstid."
    ).aggregate_id
    app.adopt_situation_picture(BRA, picture, adopted_on=date(NEW_YEAR, 2, 1))


def path(year: int, tail: str = "") -> str:
    return f"/medborgarlofte/{year}{tail}"


def error_of(html: str, field_id: str) -> str:
    """The error message shown next to the field whose id is ``field_id``."""
    found = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert found is not None, f"no error next to {field_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("Fel: ", "")


def post(client: TestClient[Litestar], year: int, tail: str, data: dict[str, str]) -> Response:
    """Open the year's page (a year without a promise is a 404 page with the draft form)
    and post ``data`` to ``tail`` with its CSRF token and, unless given, its version."""
    page = client.get(path(year)).text
    given = re.search(r'name="expected_version" value="(\d+)"', page)
    form = {"_csrf_token": csrf_token(page)}
    if given is not None:
        form["expected_version"] = given.group(1)
    return client.post(path(year, tail), data={**form, **data}, follow_redirects=False)


def test_without_an_adopted_lagesbild_the_page_says_so_and_drafts_nothing(
    browser: TestClient[Litestar],
) -> None:
    """A year without an adopted lägesbild: no draft form, a sentence and a link to the
    lägesbild; a draft posted anyway is refused next to the lägesbild (422)."""
    login(browser, "bra")
    page = browser.get(path(NO_PICTURE_YEAR))
    assert page.status_code == 404
    assert f"Det finns ingen lägesbild för {NO_PICTURE_YEAR} ännu." in page.text
    assert 'href="/lagesbild"' in page.text
    assert path(NO_PICTURE_YEAR, "/utkast") not in page.text
    answer = browser.post(
        path(NO_PICTURE_YEAR, "/utkast"),
        data={"_csrf_token": csrf_token(page.text), "title": "Trygghet"},
    )
    assert answer.status_code == 422
    assert NO_ADOPTED_PICTURE.format(year=NO_PICTURE_YEAR) in answer.text
    assert NO_PICTURE_YEAR not in world_of(browser).web_app.state.projections.citizen_promise_years(
        "1882"
    )


def test_lokala_bra_writes_the_promise_from_draft_to_follow_up(
    browser: TestClient[Litestar],
) -> None:
    """Every form in turn, each first refused with the error next to its field and the
    input kept, then saved; the page shows the result after each."""
    login(browser, "bra")
    world = world_of(browser)
    offer = browser.get(path(NEW_YEAR))
    assert "Ta fram utkast" in offer.text
    assert "Medborgarlöftet tas fram utifrån lägesbilden" in offer.text

    refused = post(browser, NEW_YEAR, "/utkast", {"title": " "})
    assert refused.status_code == 422
    assert error_of(refused.text, "f-utkast-title")
    drafted = post(browser, NEW_YEAR, "/utkast", {"title": "Tryggare centrum"})
    assert drafted.status_code == 303
    assert drafted.headers["location"] == path(NEW_YEAR)
    promise = world.application.find_citizen_promise("1882", NEW_YEAR)
    assert promise.situation_picture_id is not None
    assert promise.created_by.user_id == world.user_ids["bra"]  # type: ignore[attr-defined]

    refused = post(browser, NEW_YEAR, "/fokusomraden", {"title": "", "description": "Kvällar"})
    assert refused.status_code == 422
    assert error_of(refused.text, "f-fokus-title")
    assert ">Kvällar</textarea>" in refused.text
    added = post(
        browser,
        NEW_YEAR,
        "/fokusomraden",
        {"title": "Trygg kvällsmiljö", "description": "Kvällar", "expected_version": "1"},
    )
    assert added.status_code == 303
    area = next(iter(world.application.find_citizen_promise("1882", NEW_YEAR).focus_areas))

    activity = {
        "focus_area_id": str(_uuid(area)),
        "description": "Trygghetsvandring i centrum",
        "responsible_party": "",
        "responsible_organisation": "polis",
        "due_date": f"{NEW_YEAR}-05-31",
    }
    refused = post(browser, NEW_YEAR, "/aktiviteter", activity)
    assert refused.status_code == 422
    assert error_of(refused.text, "f-aktivitet-responsible_party")
    assert 'value="2028-05-31"' in refused.text
    planned = post(
        browser, NEW_YEAR, "/aktiviteter", {**activity, "responsible_party": "Kommunpolisen"}
    )
    assert planned.status_code == 303
    page = browser.get(path(NEW_YEAR)).text
    assert "Trygghetsvandring i centrum" in page
    assert "Kommunpolisen" in page
    activity_id = next(iter(world.application.find_citizen_promise("1882", NEW_YEAR).activities))
    status_path = f"/aktiviteter/{_uuid(activity_id)}/status"

    refused = post(browser, NEW_YEAR, status_path, {"status": "cancelled", "note": ""})
    assert refused.status_code == 422
    assert error_of(refused.text, f"f-status-{activity_id}-note") == (
        "Värdet i fältet ”Anteckning” kan inte användas."
    )
    done = post(browser, NEW_YEAR, status_path, {"status": "done"})
    assert done.status_code == 303
    promise = world.application.find_citizen_promise("1882", NEW_YEAR)
    assert promise.activities[activity_id].status is ActivityStatus.DONE
    assert status_path not in browser.get(path(NEW_YEAR)).text  # nothing follows done

    refused = post(browser, NEW_YEAR, "/antagande", {"adopted_on": ""})
    assert refused.status_code == 422
    assert error_of(refused.text, "f-anta-adopted_on")
    adopted = post(browser, NEW_YEAR, "/antagande", {"adopted_on": f"{NEW_YEAR}-03-01"})
    assert adopted.status_code == 303
    page = browser.get(path(NEW_YEAR)).text
    assert "Antaget" in page
    assert "/fokusomraden" not in page  # focus areas are fixed once adopted

    outcome = f"{area}.focus_area_outcome"
    refused = post(browser, NEW_YEAR, "/uppfoljning", {"summary": "", outcome: "Färre larm."})
    assert refused.status_code == 422
    assert error_of(refused.text, "f-uppfoljning-summary")
    assert "Färre larm.</textarea>" in refused.text
    too_long = post(browser, NEW_YEAR, "/uppfoljning", {"summary": "Året.", outcome: "x" * 4001})
    assert too_long.status_code == 422
    assert error_of(too_long.text, f"f-uppfoljning-{area}-focus_area_outcome")
    assert "Resultat för fokusområdet" in too_long.text
    assert not world.application.find_citizen_promise("1882", NEW_YEAR).is_followed_up
    followed = post(
        browser, NEW_YEAR, "/uppfoljning", {"summary": "Ett bra år.", outcome: "Färre larm."}
    )
    assert followed.status_code == 303
    promise = world.application.find_citizen_promise("1882", NEW_YEAR)
    assert promise.is_followed_up
    assert promise.focus_areas[area].outcome == "Färre larm."
    page = browser.get(path(NEW_YEAR)).text
    assert "Ett bra år." in page
    assert "/uppfoljning" not in page
    assert "/aktiviteter" not in page


def _uuid(hex_id: str) -> str:
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"


def test_a_stale_version_is_a_conflict_and_nothing_is_recorded(
    browser: TestClient[Litestar],
) -> None:
    """A form rendered before someone else's change: 409 with the reload link."""
    login(browser, "bra")
    world = world_of(browser)
    year = world.demo.year
    before = world.application.find_citizen_promise("1882", year)
    activity = next(a for a in before.activities.values() if a.status is ActivityStatus.PLANNED)
    answer = post(
        browser,
        year,
        f"/aktiviteter/{activity.activity_id}/status",
        {"status": "ongoing", "expected_version": str(before.version - 1)},
    )
    assert answer.status_code == 409
    assert "Ladda om sidan" in answer.text
    assert world.application.find_citizen_promise("1882", year).version == before.version


@pytest.mark.parametrize("role", ["member", "auditor"])
def test_other_roles_are_refused_as_in_the_api(browser: TestClient[Litestar], role: str) -> None:
    """Only lokala BRÅ writes the promise: a member or an auditor posting is refused (403)."""
    login(browser, role)
    year = world_of(browser).demo.year
    page = browser.get(path(year))
    for tail, data in (
        ("/fokusomraden", {"title": "X", "description": "Y"}),
        ("/antagande", {"adopted_on": f"{year}-03-01"}),
        ("/utkast", {"title": "X"}),
    ):
        answer = browser.post(
            path(year + 5 if tail == "/utkast" else year, tail),
            data={"_csrf_token": csrf_token(page.text), **data},
        )
        assert answer.status_code == 403, tail


def test_the_handlingsplan_page_prints_and_links_the_excel_file(
    browser: TestClient[Litestar],
) -> None:
    """One row per activity with focus area, owner, due date, Swedish status and the linked
    problems; a stacked table; the Excel link; readers may open it."""
    login(browser, "auditor")
    world = world_of(browser)
    year = world.demo.year
    promise = world.application.find_citizen_promise("1882", year)
    answer = browser.get(path(year, "/handlingsplan"))
    assert answer.status_code == 200
    html = answer.text
    assert f"<h1>Handlingsplan {year}" in html
    assert '<table class="stack handlingsplan">' in html
    assert f'href="/medborgarlofte/{year}/handlingsplan.xlsx"' in html
    assert "Ladda ned som Excel" in html
    assert html.count('<th scope="row">') >= len(promise.activities)
    for activity in promise.activities.values():
        assert activity.description in html
    assert browser.get(path(2019, "/handlingsplan")).status_code == 404


def test_the_excel_workbook_reads_back_with_swedish_headers_statuses_and_dates(
    browser: TestClient[Litestar],
) -> None:
    """handlingsplan-KUN-<year>.xlsx: the sheet Handlingsplan has a row per activity (dates
    as dates, statuses in Swedish), frozen headings and a filter; Fokusområden one per area."""
    login(browser, "bra")
    world = world_of(browser)
    year = world.demo.year
    answer = browser.get(path(year, "/handlingsplan.xlsx"))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f'filename="handlingsplan-KUN-{year}.xlsx"' in answer.headers["content-disposition"]
    workbook = load_workbook(BytesIO(answer.content))
    assert workbook.sheetnames == ["Handlingsplan", "Fokusområden"]
    sheet = workbook["Handlingsplan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Fokusområde",
        "Aktivitet",
        "Ansvarig",
        "Ansvarig organisation",
        "Klart senast",
        "Status",
        "Genomförd",
    )
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    promise = world.application.find_citizen_promise("1882", year)
    assert len(rows) == 1 + len(promise.activities)
    statuses = {"Planerad", "Pågår", "Genomförd", "Inställd"}
    by_activity = {r[1]: r for r in rows[1:]}
    for activity in promise.activities.values():
        row = by_activity[activity.description]
        assert row[2] == activity.responsible_party
        assert row[5] in statuses
        if activity.due_date is not None:
            assert row[4].date() == activity.due_date  # an Excel date, read back as datetime
        assert (row[6] is not None) == (activity.status is ActivityStatus.DONE)
    areas = list(workbook["Fokusområden"].iter_rows(values_only=True))
    assert len(areas) == 1 + len(promise.focus_areas)
    assert {a[0] for a in areas[1:]} == {f.title for f in promise.focus_areas.values()}
    assert STORY_TODAY.year == year


def test_the_api_lists_the_municipalitys_promises_newest_first(
    browser: TestClient[Litestar],
) -> None:
    """GET /api/v1/municipalities/1882/citizen-promises: each year's promise with whether it
    is adopted and followed up and its counts (read from the views, on this store)."""
    world = world_of(browser)
    world.wait_for_views()
    answer = browser.get(
        "/api/v1/municipalities/1882/citizen-promises",
        headers={"Authorization": f"Bearer {world.tokens['member']}"},
    )
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    years = [i["year"] for i in items]
    assert years == sorted(years, reverse=True)
    assert world.demo.year in years
    demo = world.application.find_citizen_promise("1882", world.demo.year)
    listed = next(i for i in items if i["year"] == world.demo.year)
    assert listed["adopted"] is True
    assert listed["adopted_on"] == demo.adopted_on.isoformat()  # type: ignore[union-attr]
    assert listed["focus_areas"] == len(demo.focus_areas)
    assert listed["activities"] == len(demo.activities)
    other = browser.get(
        "/api/v1/municipalities/0180/citizen-promises",
        headers={"Authorization": f"Bearer {world.tokens['member']}"},
    )
    assert other.status_code == 404


def test_a_municipality_without_any_promise_offers_this_years_draft_and_keeps_its_choice(
    browser: TestClient[Litestar],
) -> None:
    """A member of lokala BRÅ in two municipalities picks Västerås, which has no promise:
    /medborgarlofte?kommun=1980 offers this year's draft (from the adopted lägesbild), and
    the draft is Västerås's, the page after it still Västerås's."""
    world = world_of(browser)
    app = world.application
    app.register_municipality(ADMIN, code="1980", name="Västerås", reference_prefix="VÄS")
    picture = app.draw_up_situation_picture(
        BRA, municipality="1980", year=STORY_TODAY.year, summary="Lägesbild Västerås."
    ).aggregate_id
    app.adopt_situation_picture(BRA, picture, adopted_on=date(STORY_TODAY.year, 2, 1))
    both = app.add_user(
        ADMIN,
        name="Bo Båda",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=["1882", "1980"],
    )
    assert post_login(browser, both.token).status_code == 303
    page = browser.get("/medborgarlofte?kommun=1980")
    assert page.status_code == 200
    assert 'name="kommun"' in page.text  # the municipality picker
    action = f"/medborgarlofte/{STORY_TODAY.year}/utkast?kommun=1980"
    assert f'action="{action}"' in page.text
    answer = browser.post(
        action,
        data={"_csrf_token": csrf_token(page.text), "title": "Tryggt Västerås"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/medborgarlofte/{STORY_TODAY.year}?kommun=1980"
    assert app.find_citizen_promise("1980", STORY_TODAY.year).title == "Tryggt Västerås"
    assert "Tryggt Västerås" in browser.get(answer.headers["location"]).text
    download = browser.get(f"/medborgarlofte/{STORY_TODAY.year}/handlingsplan.xlsx?kommun=1980")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == (
        f'attachment; filename="handlingsplan-VAS-{STORY_TODAY.year}.xlsx"; '
        f"filename*=UTF-8''handlingsplan-V%C3%84S-{STORY_TODAY.year}.xlsx"
    )
