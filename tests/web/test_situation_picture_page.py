"""Lägesbild (/lagesbild/{year}): readers see the year's observations and their figures as
charts and tables; lokala BRÅ draws it up, adds and withdraws observations, attaches figures
(typed or from a CSV file) and adopts it, with Swedish errors next to the fields."""

from __future__ import annotations

import re

from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, heading_levels_in_order, section_of
from web_helpers import ADMIN, STORY_NOW, WebWorld, csrf_token, login, post_login, structure

from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.situation_picture import SituationPicture

YEAR = 2024  # the demo has no lägesbild this year: lokala BRÅ draws it up here
PAGE = f"/lagesbild/{YEAR}"


def _post(client: TestClient[Litestar], action: str, data: dict[str, str]) -> Response:
    page = client.get(PAGE)
    assert page.status_code == 200, page.text
    return client.post(
        action, data={"_csrf_token": csrf_token(page.text), **data}, follow_redirects=False
    )


def _upload(client: TestClient[Litestar], content: bytes) -> Response:
    page = client.get(PAGE)
    return client.post(
        f"{PAGE}/csv",
        data={"_csrf_token": csrf_token(page.text)},
        files={"csv": ("siffror.csv", content, "text/csv")},
        follow_redirects=False,
    )


def _picture(world: WebWorld) -> SituationPicture:
    return world.application.find_situation_picture("1882", YEAR)


def _error_next_to(html: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-error">(.*?)</p>', html, re.S)
    assert found is not None, f"no error next to {field_id}"
    return found.group(1)


def test_the_navigation_leads_to_this_years_lagesbild(browser: TestClient[Litestar]) -> None:
    """ "Lägesbild" is in the menu; /lagesbild is a 303 to this year's (the demo's)."""
    login(browser, "member")
    start = browser.get("/")
    assert '<a href="/lagesbild"' in start.text
    answer = browser.get("/lagesbild", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/lagesbild/{STORY_NOW.year}"


def test_readers_see_the_adopted_lagesbild_without_forms(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """A member and an auditor read every observation with its trend and source; nothing on
    the page writes, and the headings are in order."""
    demo = world.application.find_situation_picture("1882", STORY_NOW.year)
    for role in ("member", "auditor"):
        browser.cookies.clear()
        login(browser, role)
        html = browser.get(f"/lagesbild/{STORY_NOW.year}").text
        assert f"<h1>Lägesbild {STORY_NOW.year}" in html
        assert "Antagen" in html
        assert forms_that_write(html) == []
        assert heading_levels_in_order(html)
        assert structure(html).unlabelled_inputs() == []
        table = section_of(html, "iakttagelser")
        for observation in demo.observations.values():
            assert f">{observation.area}</a></th>" in table
            assert observation.source in table


def test_only_lokala_bra_writes(browser: TestClient[Litestar]) -> None:
    """A member's form post is refused (403) and nothing is drawn up."""
    login(browser, "member")
    token = csrf_token(browser.get(PAGE).text)
    answer = browser.post(
        f"/lagesbild/{YEAR + 1}/ta-fram",
        data={"_csrf_token": token, "summary": "Läget."},
        follow_redirects=False,
    )
    assert answer.status_code == 403


def test_lokala_bra_draws_up_fills_in_and_adopts_the_lagesbild(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The year without a lägesbild offers a button; each form answers 422 with the Swedish
    error next to its field and keeps what was typed; figures become a chart with the numbers
    also in a table; a bad CSV file lists its errors by line and saves nothing; once adopted
    the page has no forms."""
    login(browser, "bra")
    empty = browser.get(PAGE).text
    assert f"Det finns ingen lägesbild för {YEAR}" in empty
    assert "Ta fram lägesbilden</button>" in empty

    blank = _post(browser, f"{PAGE}/ta-fram", {"summary": "  "})
    assert blank.status_code == 422
    assert "Fältet måste fyllas i" in _error_next_to(blank.text, "f-ta-fram-summary")
    drawn = _post(browser, f"{PAGE}/ta-fram", {"summary": "Skadegörelsen i centrum ökar."})
    assert drawn.status_code == 303
    assert drawn.headers["location"] == PAGE
    again = browser.post(
        f"{PAGE}/ta-fram",
        data={"_csrf_token": csrf_token(empty), "summary": "En andra gång."},
        follow_redirects=False,
    )
    assert again.status_code == 303  # drawn up already (another tab): nothing more
    assert _picture(world).summary == "Skadegörelsen i centrum ökar."

    missing = _post(
        browser,
        f"{PAGE}/iakttagelser",
        {"area": "Centrum", "description": "Klotter vid busstationen.", "source": ""},
    )
    assert missing.status_code == 422
    assert "Fältet måste fyllas i" in _error_next_to(missing.text, "f-iakttagelse-source")
    assert "Klotter vid busstationen." in missing.text  # what was typed is kept
    for area in ("Centrum", "Valla"):
        added = _post(
            browser,
            f"{PAGE}/iakttagelser",
            {
                "area": area,
                "description": f"Skadegörelse i {area}.",
                "trend": "increasing",
                "source": "Polisens anmälningsstatistik",
            },
        )
        assert added.status_code == 303, added.text
    picture = _picture(world)
    centrum, valla = (o.observation_id for o in picture.observations.values())

    wrong = _post(
        browser,
        f"{PAGE}/siffror",
        {
            "observation_id": str(centrum),
            "indicator": "Anmälda skadegörelsebrott",
            "unit": "count",
            "points": "2024 H1: 38\n2024 H3: 45\n2024 H1: 12,5",
        },
    )
    assert wrong.status_code == 422
    error = _error_next_to(wrong.text, "f-siffror-points")
    assert "Rad 2" in error
    assert "halvår (2025 H1)" in error
    assert "Rad 3" in error
    assert "Ett antal är ett heltal." in error
    assert "2024 H3: 45" in wrong.text
    saved = _post(
        browser,
        f"{PAGE}/siffror",
        {
            "observation_id": str(centrum),
            "indicator": "Anmälda skadegörelsebrott",
            "unit": "count",
            "points": "2024 H2: 12 500\n2024 H1: 38",
        },
    )
    assert saved.status_code == 303, saved.text
    html = browser.get(PAGE).text
    chart = re.search(r'<figure class="figure-chart".*?</figure>', html, re.S)
    assert chart is not None
    assert "<title" in chart.group(0)
    assert "<desc" in chart.group(0)
    assert "2024 H1: 38; 2024 H2: 12\u00a0500" in chart.group(0)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td[^>]*>(.*?)</td>', chart.group(0))
    assert rows == [("2024 H1", "38"), ("2024 H2", "12\u00a0500")]

    version = _picture(world).version
    bad = _upload(
        browser,
        "område;indikator;enhet;period;värde\n"
        "Centrum;Otrygghet;procent;2024;31,5\n"
        "Hagalund;Otrygghet;procent;2024;20\n"
        "Valla;Inbrott;antal;2024 H1;-3\n".encode(),
    )
    assert bad.status_code == 422
    problems = section_of(bad.text, "csv-fil")
    assert "Rad 3, kolumn ”område”" in problems
    assert "Rad 4, kolumn ”värde”: Värdet kan inte vara negativt" in problems
    assert "ingenting har sparats" in problems
    assert _picture(world).version == version  # nothing recorded
    good = _upload(
        browser,
        "\ufeffområde;indikator;enhet;period;värde\n"
        "Valla;Anmälda bostadsinbrott;antal;2024 H1;14\n"
        "Valla;Anmälda bostadsinbrott;antal;2024 H2;11\n".encode(),
    )
    assert good.status_code == 303, good.text
    series = _picture(world).figures_of(valla)
    assert [(p.period, p.value) for p in series[0].points] == [("2024 H1", 14), ("2024 H2", 11)]

    no_reason = _post(browser, f"{PAGE}/siffror/{series[0].series_id}/ta-bort", {"reason": ""})
    assert no_reason.status_code == 422
    removed = _post(
        browser, f"{PAGE}/siffror/{series[0].series_id}/ta-bort", {"reason": "Fel område."}
    )
    assert removed.status_code == 303
    withdrawn = _post(
        browser, f"{PAGE}/iakttagelser/{valla}/aterta", {"reason": "Registrerad två gånger."}
    )
    assert withdrawn.status_code == 303
    assert list(_picture(world).observations) == [centrum.hex]

    stale = _post(browser, f"{PAGE}/anta", {"adopted_on": "2024-02-10", "expected_version": "1"})
    assert stale.status_code == 409
    adopted = _post(browser, f"{PAGE}/anta", {"adopted_on": "2024-02-10"})
    assert adopted.status_code == 303
    final = browser.get(PAGE).text
    assert "Antagen" in final
    assert '<time datetime="2024-02-10">' in final
    assert forms_that_write(final) == []


def test_lokala_bra_of_two_municipalities_picks_one_and_the_forms_keep_it(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The municipality picker is shown; with ?kommun= the page and its forms are that
    municipality's, and what is drawn up belongs to it."""
    world.application.register_municipality(
        ADMIN, code="1980", name="Västerås", reference_prefix="VÄS"
    )
    both = world.application.add_user(
        ADMIN,
        name="Bo Båda",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=["1882", "1980"],
    )
    assert post_login(browser, both.token).status_code == 303
    page = browser.get(f"/lagesbild/{YEAR}?kommun=1980")
    assert page.status_code == 200
    assert '<select id="f-kommun" name="kommun">' in page.text
    assert "Det finns ingen lägesbild för 2024 i Västerås" in page.text
    action = f"/lagesbild/{YEAR}/ta-fram?kommun=1980"
    assert action in forms_that_write(page.text)
    drawn = browser.post(
        action,
        data={"_csrf_token": csrf_token(page.text), "summary": "Västerås läge."},
        follow_redirects=False,
    )
    assert drawn.status_code == 303
    assert drawn.headers["location"] == f"/lagesbild/{YEAR}?kommun=1980"
    assert world.application.find_situation_picture("1980", YEAR).summary == "Västerås läge."
