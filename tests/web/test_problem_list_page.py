"""Ärenden (/arenden): the filter form with empty fields filters nothing, the free-text search,
the filter kept in the form, a refused filter shown next to its field, and the municipality
picker for a user of several municipalities (never another municipality's cases)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import ADMIN, WebWorld, build_web_world, login, structure

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.sara import ProblemSource
from problemorienterat.domain.working_group import GroupKind
from web.pages import problem_list

EMPTY_FILTER = {"sok": "", "skede": "", "grupp": "", "fokus": "", "ar": ""}
ROW = re.compile(r'<th scope="row"><a href="/arenden/([^"]+)">')
SETUP = Actor.system("Testdata")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebWorld]:
    """The demo store, a problem with an odd word in its title and one with an odd place, and
    Västerås (1980) with a group, a problem and a lokala BRÅ user given both municipalities."""
    built = build_web_world(tmp_path_factory.mktemp("arenden"))
    app = built.application
    for title, place in (
        ("Klotterplank vid stationen", "Stationen"),
        ("Nedskräpning vid bryggan", "Östra hamnkajen"),
    ):
        app.identify_problem(
            SETUP,
            municipality="1882",
            title=title,
            description="Återkommer varje vecka.",
            place=place,
            source=ProblemSource.COMPLAINT,
            reported_by="Testdata",
            group_id=built.demo.groups["UNG-gruppen"],
        )
    app.register_municipality(ADMIN, code="1980", name="Västerås", reference_prefix="VAS")
    bra = Actor("u-bra-1980", "Testare BRÅ", Organisation.KOMMUN, Role.BRA)
    group = app.establish_group(
        bra, municipality="1980", name="Västerås UNG", kind=GroupKind.YOUTH, mandate="Unga."
    ).aggregate_id
    app.identify_problem(
        bra,
        municipality="1980",
        title="Mopedåkning i gångtunneln",
        description="Mopeder i tunneln under kvällarna.",
        place="Gångtunneln vid Bäckby",
        source=ProblemSource.COMPLAINT,
        reported_by="Testdata",
        group_id=group,
    )
    both = app.add_user(
        ADMIN,
        name="Berit Båda",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=["1882", "1980"],
    )
    built.tokens["bra-both"] = both.token
    yield built
    built.close()


def listed(html: str) -> list[str]:
    """The references the page lists, in order."""
    return ROW.findall(html)


def test_the_filter_with_every_field_empty_lists_everything(
    browser: TestClient[Litestar],
) -> None:
    """The form submitted untouched (every field empty) answers 200 with the same cases as
    the unfiltered list, for lokala BRÅ and for a member."""
    for role in ("bra", "member"):
        browser.cookies.clear()
        login(browser, role)
        everything = browser.get("/arenden")
        answer = browser.get("/arenden", params=EMPTY_FILTER)
        assert answer.status_code == 200, role
        assert listed(answer.text)
        assert listed(answer.text) == listed(everything.text)
        assert '<option value="">Alla skeden</option>' in answer.text


def test_the_search_finds_a_word_of_the_title_or_the_place_and_nothing_else(
    browser: TestClient[Litestar],
) -> None:
    """ "klotterplank" lists the one case with it in its title; "östra HAMNKAJEN" the one at
    that place (case and å/ä/ö folded); the other fields empty."""
    login(browser, "bra")
    found = browser.get("/arenden", params={**EMPTY_FILTER, "sok": "klotterplank"}).text
    assert len(listed(found)) == 1
    assert "Klotterplank vid stationen" in found
    by_place = browser.get("/arenden", params={**EMPTY_FILTER, "sok": "östra HAMNKAJEN"}).text
    assert len(listed(by_place)) == 1
    assert "Nedskräpning vid bryggan" in by_place
    nothing = browser.get("/arenden", params={"sok": "finns-inte-någonstans"}).text
    assert listed(nothing) == []
    assert "Inga ärenden matchar filtret." in nothing


def test_the_form_keeps_the_filter_it_shows(browser: TestClient[Litestar]) -> None:
    """After "Visa" the form holds what was asked: the words, the stage, the year."""
    login(browser, "bra")
    html = browser.get(
        "/arenden", params={**EMPTY_FILTER, "sok": "klotter", "skede": "scanning", "ar": "2026"}
    ).text
    assert re.search(r'<input type="search" id="f-sok" name="sok"[^>]*value="klotter"', html)
    assert '<option value="scanning" selected>' in html
    assert re.search(r'<input type="number" id="f-ar" name="ar"[^>]*value="2026"', html)


def test_a_refused_filter_is_shown_next_to_its_field(browser: TestClient[Litestar]) -> None:
    """A year that is not a year: 422, the error next to "År", the value kept, no list."""
    login(browser, "bra")
    answer = browser.get("/arenden", params={**EMPTY_FILTER, "ar": "tjugo"})
    assert answer.status_code == 422
    assert re.search(r'id="f-ar-error">.*Ange ett heltal', answer.text)
    assert 'value="tjugo"' in answer.text
    assert listed(answer.text) == []


def test_the_picker_switches_municipality_for_a_user_of_two(
    browser: TestClient[Litestar],
) -> None:
    """A lokala BRÅ of Kungsör and Västerås picks by name; each municipality lists only its
    own cases, and the filter keeps the choice."""
    login(browser, "bra-both")
    first = browser.get("/arenden").text
    assert re.search(r'<option value="1980"[^>]*>Västerås', first)
    assert re.search(r'<option value="1882" selected>Kungsör', first)
    assert listed(first)
    assert all(r.startswith("KUN-") for r in listed(first))
    other = browser.get("/arenden", params={"kommun": "1980"}).text
    assert [r[:4] for r in listed(other)] == ["VAS-"]
    assert "Mopedåkning i gångtunneln" in other
    assert '<input type="hidden" name="kommun" value="1980">' in other
    filtered = browser.get("/arenden", params={**EMPTY_FILTER, "kommun": "1980"}).text
    assert listed(filtered) == listed(other)


def test_another_municipality_is_never_shown_to_a_user_not_in_it(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Kungsör's lokala BRÅ and member get 404 for ?kommun=1980, and Västerås's group as a
    filter lists none of its cases."""
    vasteras_group = world.web_app.state.projections.groups("1980")[0].group_id
    for role in ("bra", "member"):
        browser.cookies.clear()
        login(browser, role)
        refused = browser.get("/arenden", params={"kommun": "1980"})
        assert refused.status_code == 404, role
        assert "Mopedåkning" not in refused.text
        by_group = browser.get("/arenden", params={"grupp": str(vasteras_group)})
        assert "Mopedåkning" not in by_group.text, role
        assert not any(r.startswith("VAS-") for r in listed(by_group.text))


def test_the_pages_keep_the_filter(
    browser: TestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page at a time: "Fler ärenden" goes on with the same search, and "Till de nyaste"
    goes back to its first page."""
    monkeypatch.setattr(problem_list, "PAGE_SIZE", 1)
    login(browser, "bra")
    first = browser.get("/arenden", params={**EMPTY_FILTER, "sok": "vid", "skede": "scanning"})
    more = re.search(r'href="(/arenden\?[^"]*)">Fler ärenden', first.text)
    assert more is not None
    second = browser.get(unescape(more.group(1))).text
    assert len(listed(first.text)) == len(listed(second)) == 1
    assert listed(first.text) != listed(second)
    assert "Klotterplank vid stationen" in first.text + second
    assert '<option value="scanning" selected>' in second
    back = re.search(r'href="(/arenden\?[^"]*)">Till de nyaste', second)
    assert back is not None
    assert listed(browser.get(unescape(back.group(1))).text) == listed(first.text)


def test_the_list_with_the_picker_is_labelled(browser: TestClient[Litestar]) -> None:
    """Every field of the picker and the filter has a label."""
    login(browser, "bra-both")
    assert structure(browser.get("/arenden").text).unlabelled_inputs() == []
