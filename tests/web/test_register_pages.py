"""Samverkansöverenskommelse (/overenskommelse) and Grannsamverkan (/grannsamverkan): one
module, one demo world (building it is the slow part).

Samverkansöverenskommelse: the agreement in force with its parties,
signatories, period, purpose and commitments; revisions with what changed; termination; its
history for the overseers. Only lokala BRÅ signs, revises and terminates (as in the API)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, heading_levels_in_order, section_of
from web_helpers import ADMIN, WebWorld, login, structure, submit

from problemorienterat.demo import _people as people
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.agreement import Revision
from problemorienterat.domain.sara import ProblemSource
from problemorienterat.domain.working_group import GroupKind
from web.pages.agreement import revision_rows
from web.pages.grannsamverkan import contact_rows

PAGE = "/overenskommelse"
REGISTER = "/grannsamverkan"
BRA_ACTOR = Actor("u-bra-test", "Testare BRÅ", Organisation.KOMMUN, Role.BRA)


def path(world: WebWorld) -> str:
    return f"/overenskommelse/{world.demo.agreement_id}"


def test_every_reader_sees_the_agreement_in_force(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The demo's agreement: parties, signatories with organisation, period "tills vidare",
    every commitment; the member gets no form that writes and no history link."""
    agreement = world.application.get_agreement(world.demo.agreement_id)
    login(browser, "member")
    html = browser.get(PAGE).text
    assert "Gäller</span> Överenskommelsen gäller." in html
    for party in agreement.parties:
        assert party in html
    signatories = section_of(html, "undertecknare")
    for signatory in agreement.signatories:
        assert signatory.name in signatories
    for commitment in agreement.commitments:
        assert commitment in section_of(html, "ataganden")
    assert "tills vidare" in html
    assert forms_that_write(html) == []
    assert "/historik" not in html.split("<main", 1)[1]
    assert heading_levels_in_order(html)
    assert structure(html).unlabelled_inputs() == []


def test_only_lokala_bra_gets_the_forms_and_others_are_refused(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Lokala BRÅ gets Revidera and Säg upp (no sign form while one is in force); the auditor
    none; the auditor's POST is 403 and changes nothing."""
    login(browser, "bra")
    html = browser.get(PAGE).text
    assert forms_that_write(html) == [f"{path(world)}/revidering", f"{path(world)}/uppsagning"]
    assert structure(html).unlabelled_inputs() == []
    browser.cookies.clear()
    login(browser, "auditor")
    assert forms_that_write(browser.get(PAGE).text) == []
    answer = submit(
        browser,
        PAGE,
        f"{path(world)}/uppsagning",
        {"reason": "x", "on": "2026-12-31", "confirm": "on"},
    )
    assert answer.status_code == 403
    assert not world.application.get_agreement(world.demo.agreement_id).is_terminated


def test_a_revision_shows_what_changed_and_a_bad_one_is_answered_next_to_its_field(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Registrera revideringen with one commitment replaced: 303, then the revision lists the
    new commitment and the removed one; no summary is 422 next to the field, typed kept."""
    agreement = world.application.get_agreement(world.demo.agreement_id)
    kept = agreement.commitments[1:]
    login(browser, "bra")
    refused = submit(
        browser,
        PAGE,
        f"{path(world)}/revidering",
        {
            "summary": "",
            "commitments": ["Nytt åtagande om trygghetsvandringar."],
            "valid_from": "2026-06-01",
        },
    )
    assert refused.status_code == 422
    assert 'id="f-revise-summary-error"' in refused.text
    assert "Nytt åtagande om trygghetsvandringar." in refused.text
    answer = submit(
        browser,
        PAGE,
        f"{path(world)}/revidering",
        {
            "summary": "Trygghetsvandringar i stället för organisationsåtagandet.",
            "commitments": [*kept, "Nytt åtagande om trygghetsvandringar."],
            "valid_from": "2026-06-01",
            "expected_version": str(agreement.version),
        },
    )
    assert answer.status_code == 303, answer.text
    revisions = section_of(browser.get(PAGE).text, "revideringar")
    assert "Revidering 1" in revisions
    assert "Nytt åtagande om trygghetsvandringar." in revisions
    assert f"<del>{agreement.commitments[0]}</del>" in revisions


def test_termination_asks_for_confirmation_then_ends_the_agreement(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Without the checkbox: 422 next to it; with it: uppsagd, the date and reason shown."""
    agreement = world.application.get_agreement(world.demo.agreement_id)
    earlier = world.application.sign_agreement(
        BRA_ACTOR,
        municipality="1882",
        police_area=agreement.police_area,
        purpose="Den tidigare överenskommelsen.",
        parties=list(agreement.parties),
        signatories=list(agreement.signatories),
        commitments=["Ett äldre åtagande."],
        valid_from=date(2020, 1, 1),
    ).aggregate_id
    page = f"/overenskommelse/{earlier}"
    login(browser, "bra")
    action = f"{page}/uppsagning"
    data = {"reason": "Ersatt av den nya överenskommelsen.", "on": "2022-12-14"}
    refused = submit(browser, page, action, data)
    assert refused.status_code == 422
    assert 'id="f-terminate-confirm-error"' in refused.text
    assert 'value="2022-12-14"' in refused.text
    assert submit(browser, page, action, {**data, "confirm": "on"}).status_code == 303
    html = browser.get(page).text
    assert "Uppsagd</span>" in html
    assert "Ersatt av den nya överenskommelsen." in html
    assert forms_that_write(html) == []  # a terminated agreement takes no change
    listed = section_of(browser.get(PAGE).text, "alla")
    assert f'href="{page}"' in listed
    assert "(uppsagd 2022-12-14)" in listed


def test_lokala_bra_registers_a_signed_agreement(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Registrera överenskommelsen: a missing purpose is 422 next to the field; a complete
    form records it (303 to its page, both signatories shown)."""
    login(browser, "bra")
    bad = submit(browser, PAGE, PAGE, {"municipality": "1882", "police_area": "LPO"})
    assert bad.status_code == 422
    assert 'id="f-sign-purpose-error"' in bad.text
    signed = submit(
        browser,
        PAGE,
        PAGE,
        {
            "municipality": "1882",
            "police_area": "Lokalpolisområde Västra Mälardalen",
            "purpose": "Fortsatt samverkan.",
            "parties": ["Kungsörs kommun", "Polisen"],
            "kommun_signatory": "Karin Chef",
            "kommun_title": "Kommundirektör",
            "polis_signatory": "Per Polis",
            "polis_title": "Lokalpolisområdeschef",
            "commitments": ["Gemensam lägesbild varje år."],
            "valid_from": "2030-01-01",
        },
    )
    assert signed.status_code == 303, signed.text
    html = browser.get(signed.headers["location"]).text
    assert "Karin Chef" in html
    assert "Per Polis" in html


def test_the_history_is_for_the_overseers(browser: TestClient[Litestar], world: WebWorld) -> None:
    """The auditor opens the history (each event, who); a member gets 404."""
    login(browser, "auditor")
    html = browser.get(f"{path(world)}/historik")
    assert html.status_code == 200
    assert "Överenskommelsen undertecknad" in html.text
    browser.cookies.clear()
    login(browser, "member")
    assert browser.get(f"{path(world)}/historik").status_code == 404


def test_a_revision_row_names_what_was_added_and_removed() -> None:
    """The rule behind "what changed": each revision against the commitments before it."""
    revisions = [
        Revision("Första", ["A", "C"], date(2025, 1, 1)),
        Revision("Andra", ["C"], date(2026, 1, 1)),
    ]
    rows = revision_rows(["A", "B"], revisions)
    assert [(r.added, r.removed) for r in rows] == [(("C",), ("B",)), ((), ("A",))]


# ---------------------------------------------------------------- Grannsamverkan


def area_path(world: WebWorld) -> str:
    return f"/grannsamverkan/{world.demo.grannsamverkan_area_id}"


def test_lokala_bra_sees_the_register_with_totals_and_no_names(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The demo's Valla is listed with its households and one contact person (counted, not
    named), linked to its page; the totals row sums the register."""
    login(browser, "bra")
    html = browser.get(REGISTER).text
    part = section_of(html, "omraden")
    assert f'href="{area_path(world)}">Valla</a>' in part
    assert people.CONTACT_PERSON_NAME not in html
    assert re.search(r"Totalt \d+ områden?, \d+ aktiva", part)
    assert structure(html).unlabelled_inputs() == []


def test_an_area_is_registered_and_a_bad_one_is_answered_next_to_its_field(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Registrera området: 303 to the new area's page with its figures; an empty name and a
    negative number of signs answer 422 with the messages next to the fields, what was
    typed kept."""
    login(browser, "bra")
    answer = submit(
        browser,
        REGISTER,
        REGISTER,
        {
            "municipality": "1882",
            "area": "Hagalund",
            "started_on": "2026-05-01",
            "households": "30",
            "signs": "4",
        },
    )
    assert answer.status_code == 303, answer.text
    page = browser.get(answer.headers["location"]).text
    assert "<h1>Hagalund" in page
    assert "Området är registrerat." in page
    refused = submit(
        browser,
        REGISTER,
        REGISTER,
        {"municipality": "1882", "area": "", "started_on": "2026-05-01", "signs": "-2"},
    )
    assert refused.status_code == 422
    assert 'id="f-ny-area-error"' in refused.text
    assert 'id="f-ny-signs-error"' in refused.text
    assert 'value="-2"' in refused.text


def test_a_member_registers_only_for_their_own_group(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The kommunpolis (a member) may register an area for UNG-gruppen, their own; naming
    Grannsamverkan Valla's group is 422 on the group field; they see only their groups' areas."""
    login(browser, "member")
    assert f'href="{area_path(world)}"' not in browser.get(REGISTER).text
    assert browser.get(area_path(world)).status_code == 404  # another group's area
    other = str(world.demo.groups["Grannsamverkan Valla"])
    refused = submit(
        browser,
        REGISTER,
        REGISTER,
        {"municipality": "1882", "area": "Ängen", "started_on": "2026-05-01", "group_id": other},
    )
    assert refused.status_code == 422
    assert "Du kan bara registrera områden för dem." in refused.text
    accepted = submit(
        browser,
        REGISTER,
        REGISTER,
        {
            "municipality": "1882",
            "area": "Ängen",
            "started_on": "2026-05-01",
            "group_id": world.youth_group_id,
        },
    )
    assert accepted.status_code == 303
    assert "Ängen" in browser.get(REGISTER).text


def test_an_auditor_reads_but_writes_nothing(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The auditor gets the register and the area without a form that writes; a POST is 403."""
    login(browser, "auditor")
    assert forms_that_write(browser.get(REGISTER).text) == []
    page = browser.get(area_path(world))
    assert page.status_code == 200
    assert people.CONTACT_PERSON_NAME in page.text  # auditors may see personal data
    assert forms_that_write(page.text) == []
    answer = submit(
        browser, REGISTER, f"{area_path(world)}/siffror", {"households": "90", "signs": "1"}
    )
    assert answer.status_code == 403
    area = world.application.get_grannsamverkan_area(world.demo.grannsamverkan_area_id)
    assert area.households == 84


def test_contact_persons_figures_and_status_from_the_area_page(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """On a new area: a contact person added (a bad phone number is 422 next to the field,
    the number not echoed in the message), figures updated, the contact removed, the area
    paused."""
    area_id = world.application.register_grannsamverkan_area(
        ADMIN, municipality="1882", area="Kolbäck", started_on=date(2026, 1, 1)
    ).aggregate_id
    path = f"/grannsamverkan/{area_id}"
    login(browser, "bra")
    bad = submit(browser, path, f"{path}/kontaktpersoner", {"name": "Sara Boende", "phone": "abc"})
    assert bad.status_code == 422
    assert 'id="f-contact-phone-error"' in bad.text
    added = submit(
        browser, path, f"{path}/kontaktpersoner", {"name": "Sara Boende", "phone": "070-111 22 33"}
    )
    assert added.status_code == 303
    page = browser.get(path).text
    assert "Sara Boende" in page
    figures = submit(browser, path, f"{path}/siffror", {"households": "12", "signs": "3"})
    assert figures.status_code == 303
    area = world.application.get_grannsamverkan_area(area_id)
    assert (area.households, area.signs) == (12, 3)
    (person_id,) = area.contact_persons
    removed = submit(
        browser,
        path,
        f"{path}/kontaktpersoner/{area.contact_persons[person_id].person_id}/ta-bort",
        {},
    )
    assert removed.status_code == 303
    paused = submit(browser, path, f"{path}/status", {"status": "paused", "reason": ""})
    assert paused.status_code == 422
    assert 'id="f-status-reason-error"' in paused.text
    paused = submit(browser, path, f"{path}/status", {"status": "paused", "reason": "Vila."})
    assert paused.status_code == 303
    area = world.application.get_grannsamverkan_area(area_id)
    assert area.contact_persons == {}
    assert area.status.value == "paused"


def test_contact_persons_are_masked_for_those_who_may_not_see_them(world: WebWorld) -> None:
    """The rows the page shows hold "[dold]" for every detail when the reader may not see
    personal data (a member outside the owning group, were they let in)."""
    area = world.application.get_grannsamverkan_area(world.demo.grannsamverkan_area_id)
    masked = contact_rows(area, visible=False)
    assert [(r.name, r.phone) for r in masked] == [("[dold]", "[dold]")]
    shown = contact_rows(area, visible=True)
    assert shown[0].name == people.CONTACT_PERSON_NAME


def test_a_user_of_two_municipalities_sees_totals_per_municipality(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Lokala BRÅ of Kungsör and Västerås gets the picker and one totals row per
    municipality; Västerås' register lists none of Kungsör's areas."""
    if "bra-both" not in world.tokens:
        world.application.register_municipality(
            ADMIN, code="1980", name="Västerås", reference_prefix="VÄS"
        )
        both = world.application.add_user(
            ADMIN,
            name="Berit Båda",
            organisation=Organisation.KOMMUN,
            role=Role.BRA,
            municipalities=["1882", "1980"],
        )
        world.tokens["bra-both"] = both.token
    login(browser, "bra-both")
    html = browser.get(REGISTER).text
    totals = section_of(html, "per-kommun")
    assert 'href="/grannsamverkan?kommun=1882">Kungsör' in totals
    assert 'href="/grannsamverkan?kommun=1980">Västerås' in totals
    other = browser.get(REGISTER, params={"kommun": "1980"}).text
    assert '<option value="1980" selected>' in other
    assert "Valla" not in section_of(other, "omraden")
    assert browser.get(REGISTER, params={"kommun": "0180"}).status_code == 404


# ---------------------------------------------------------------- several municipalities

SECOND, SECOND_NAME = "1980", "Västerås"


def users_of_both(world: WebWorld) -> dict[str, str]:
    """Västerås (1980) with a problem of its own, and lokala BRÅ, a member (of UNG-gruppen in
    Kungsör) and an auditor given both municipalities: their login names."""
    if "both-bra" in world.tokens:
        return {role: f"both-{role}" for role in ("bra", "member", "auditor")}
    application = world.application
    if SECOND not in {m.code for m in application.list_municipalities()}:
        application.register_municipality(
            ADMIN, code=SECOND, name=SECOND_NAME, reference_prefix="VÄS"
        )
    group = application.establish_group(
        ADMIN,
        municipality=SECOND,
        name="Trygg i Bäckby",
        kind=GroupKind.PROJECT,
        mandate="Uppdrag.",
    ).aggregate_id
    application.identify_problem(
        ADMIN,
        municipality=SECOND,
        title="Skadegörelse i Bäckby",
        description="Återkommande skadegörelse.",
        place="Bäckby",
        source=ProblemSource.COMPLAINT,
        reported_by="Boende",
        group_id=group,
        year=world.demo.year,
    )
    for role, groups in (
        ("bra", []),
        ("member", [world.demo.groups["UNG-gruppen"], group]),
        ("auditor", []),
    ):
        added = application.add_user(
            ADMIN,
            name=f"Båda {role}",
            organisation=Organisation.KOMMUN,
            role=Role(role),
            municipalities=["1882", SECOND],
            group_ids=groups,
        )
        world.tokens[f"both-{role}"] = added.token
    world.wait_for_views()
    return {role: f"both-{role}" for role in ("bra", "member", "auditor")}


PAGES = [
    "/",
    "/oversikt",
    "/arenden",
    "/grupper",
    "/medborgarlofte",
    "/historik",
    "/arenden/nytt",
    "/overenskommelse",
    "/grannsamverkan",
]


# Pages that show one municipality: a link to one of them from a page of Västerås keeps it.
_MUNICIPAL_LINK = re.compile(
    r'href="(/(?:arenden|oversikt|medborgarlofte|grannsamverkan|overenskommelse|historik|grupper)'
    r'(?:\?[^"]*)?)"'
)


def municipal_links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in _MUNICIPAL_LINK.findall(html)]


# What a role may not open at all, as for a user of one municipality.
REFUSED = {("member", "/historik"): 404, ("auditor", "/arenden/nytt"): 403}


@pytest.mark.parametrize("role", ["bra", "member", "auditor"])
def test_every_page_works_for_a_user_of_two_municipalities(
    browser: TestClient[Litestar], world: WebWorld, role: str
) -> None:
    """Every page answers (200, or a 303 to a page that does) for each municipality; with
    ``?kommun=1980`` nothing of Kungsör's (KUN-) shows, and with 1882 nothing of Västerås';
    a municipality selector names the municipalities."""
    users = users_of_both(world)
    login(browser, users[role])
    problems: list[str] = []
    for page in PAGES:
        for code, foreign in (("1882", "VÄS-"), (SECOND, "KUN-")):
            answer = browser.get(page, params={"kommun": code}, follow_redirects=False)
            refused = REFUSED.get((role, page))
            if refused is not None:
                if answer.status_code != refused:
                    problems.append(f"{page}: {answer.status_code}, not {refused}")
                continue
            if answer.status_code == 303:
                if role == "member" and page == "/oversikt":
                    continue  # members have no overview: sent to their own start page
                answer = browser.get(answer.headers["location"])
            if answer.status_code != 200:
                problems.append(f"{page}?kommun={code}: {answer.status_code}")
                continue
            main = answer.text.split("<main", 1)[-1]
            if page != "/" and foreign in main:
                at = main.index(foreign)
                problems.append(f"{page}?kommun={code} shows {foreign}: {main[at - 200 : at + 50]}")
            if code == SECOND and page != "/":  # the start page lists the pages, no municipality
                problems.extend(
                    f"{page}?kommun={code} links to {link} without the municipality"
                    for link in municipal_links(main)
                    if "kommun=" not in link
                )
            if 'name="kommun"' in main and SECOND_NAME not in main:
                problems.append(f"{page}?kommun={code}: the selector names no municipality")
    assert problems == [], "\n".join(problems)


def test_the_pages_of_another_municipalitys_objects_stay_in_it(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Lokala BRÅ of both opens Västerås' problem, its history, its group's board: nothing of
    Kungsör's shows, and links to the municipal pages keep Västerås."""
    users_of_both(world)
    login(browser, "both-bra")
    reference = f"VÄS-{world.demo.year}-0001"
    group_id = next(g.group_id for g in world.web_app.state.projections.groups(SECOND))
    problems: list[str] = []
    for page in (f"/arenden/{reference}", f"/historik/{reference}", f"/grupper/{group_id}"):
        answer = browser.get(page)
        if answer.status_code != 200:
            problems.append(f"{page}: {answer.status_code}")
            continue
        main = answer.text.split("<main", 1)[-1]
        if "KUN-" in main:
            problems.append(f"{page} shows KUN-")
        problems.extend(
            f"{page} links to {link} without the municipality"
            for link in municipal_links(main)
            if "kommun=" not in link
            and not link.startswith(("/arenden/VÄS", "/historik/VÄS", "/grupper/"))
        )
    assert problems == [], "\n".join(problems)


def test_the_overview_of_all_municipalities_side_by_side(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """/oversikt/alla: a column per municipality (linked to its overview) with open problems,
    problems per stage, awaiting review, overdue actions and standing still, the figures of
    each municipality's own overview; /oversikt links to it. Members go to their start page;
    a user of one municipality to /oversikt."""
    users_of_both(world)
    login(browser, "both-auditor")
    assert 'href="/oversikt/alla"' in browser.get("/oversikt").text
    html = browser.get("/oversikt/alla").text
    table = section_of(html, "sida-vid-sida")
    assert '<a href="/oversikt?kommun=1882">Kungsör</a>' in table
    assert '<a href="/oversikt?kommun=1980">Västerås</a>' in table
    views = world.web_app.state.projections
    for code, index in (("1882", 0), (SECOND, 1)):
        view = views.bra_overview(code)
        for heading, figure in (
            ("Väntar på granskning", view.awaiting_review_total),
            ("Försenade åtgärder", view.overdue_actions_total),
        ):
            row = re.search(rf"<th scope=\"row\">{heading}</th>(.*?)</tr>", table, re.S)
            assert row is not None
            cells = re.findall(r"<td[^>]*>(\d+)</td>", row.group(1))
            assert int(cells[index]) == figure, (code, heading)
    browser.cookies.clear()
    login(browser, "both-member")
    assert browser.get("/oversikt/alla", follow_redirects=False).status_code == 303
    browser.cookies.clear()
    login(browser, "bra")
    answer = browser.get("/oversikt/alla", follow_redirects=False)
    assert answer.headers["location"] == "/oversikt"


def test_a_stale_form_is_a_conflict_and_the_navigation_links_both_pages(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Figures sent with the version the page had before someone else's change: 409 with
    the reload link, nothing recorded; the navigation offers Överenskommelse and
    Grannsamverkan."""
    area_id = world.application.register_grannsamverkan_area(
        ADMIN, municipality="1882", area="Karsby", started_on=date(2026, 1, 1)
    ).aggregate_id
    path = f"/grannsamverkan/{area_id}"
    login(browser, "bra")
    html = browser.get(path).text
    assert 'href="/overenskommelse">Överenskommelse</a>' in html
    assert 'href="/grannsamverkan">Grannsamverkan</a>' in html
    world.application.update_area_figures(ADMIN, area_id, households=5, signs=1)
    answer = submit(
        browser, path, f"{path}/siffror", {"households": "9", "signs": "2", "expected_version": "1"}
    )
    assert answer.status_code == 409
    assert "Ladda om sidan" in answer.text
    assert world.application.get_grannsamverkan_area(area_id).households == 5
