"""Grannsamverkan (/grannsamverkan, /grannsamverkan/{id}): the register of areas with totals,
registering an area, households and signs, contact persons (personal data, masked for those
who may not see them) and status; the same roles as the API."""

from __future__ import annotations

import re
from datetime import date

from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, section_of
from web_helpers import ADMIN, WebWorld, login, structure, submit

from problemorienterat.demo import _people as people
from problemorienterat.domain.actor import Organisation, Role
from web.pages.grannsamverkan import contact_rows

REGISTER = "/grannsamverkan"


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
