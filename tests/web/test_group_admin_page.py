"""Lokala BRÅ runs working groups in the browser: establish on /grupper; members, mandate and
dissolution on the group's page. Members are picked from the municipality's member-role
users; errors stand next to their fields (422) with what was typed kept; a dissolved
group's former members no longer see it."""

from __future__ import annotations

import re
from uuid import UUID

from litestar import Litestar
from litestar.testing import TestClient
from municipal_checks import forms_that_write, heading_levels_in_order, section_of
from web_helpers import WebWorld, csrf_token, login, submit

from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.sara import ProblemSource
from problemorienterat.domain.working_group import GroupKind


def _establish(browser: TestClient[Litestar], name: str, *, kommun: str = "") -> str:
    """The path of a group lokala BRÅ establishes through the form on /grupper."""
    page = "/grupper" + (f"?kommun={kommun}" if kommun else "")
    municipality = kommun or "1882"
    answer = submit(
        browser,
        page,
        "/grupper",
        {"municipality": municipality, "name": name, "kind": "project", "mandate": "Ett uppdrag."},
    )
    assert answer.status_code == 303, answer.text
    path = answer.headers["location"]
    assert re.fullmatch(r"/grupper/[0-9a-f-]{36}", path)
    return path


def _version(html: str, action: str) -> str:
    form = html.split(f'action="{action}"', 1)[1]
    found = re.search(r'name="expected_version" value="(\d+)"', form)
    assert found is not None
    return found.group(1)


def _post(
    browser: TestClient[Litestar], page: str, action: str, data: dict[str, str]
) -> tuple[int, str]:
    """Post ``data`` to ``action`` as the form on ``page`` does (its CSRF token and version)."""
    html = browser.get(page).text
    version = _version(html, action)
    answer = browser.post(
        action,
        data={"_csrf_token": csrf_token(html), "expected_version": version, **data},
        follow_redirects=False,
    )
    return answer.status_code, answer.text


def _members(html: str) -> str:
    """The group page's list of members (without the form that adds one)."""
    return section_of(html, "medlemmar").split('id="ny-medlem"', 1)[0]


def _options(html: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select.group(1)))


def test_lokala_bra_establishes_a_group_gives_it_members_and_dissolves_it(
    world: WebWorld, browser: TestClient[Litestar]
) -> None:
    """The whole life of a group in the browser, each step seen on the group's page."""
    login(browser, "bra")
    groups = browser.get("/grupper").text
    assert "Inrätta en arbetsgrupp" in groups
    path = _establish(browser, "Projektgrupp Stationen")
    page = browser.get(path).text
    assert "<h1>Projektgrupp Stationen" in page
    assert "Ett uppdrag." in page
    assert heading_levels_in_order(page)

    # the picker offers the municipality's active member-role users not in the group
    offered = _options(page, "user_id")
    outsider = world.user_ids["outsider"]
    assert offered[outsider] == "Olle Utan Grupp (Polisen)"
    for role in ("bra", "auditor", "admin"):
        assert world.user_ids[role] not in offered
    status, _ = _post(
        browser,
        path,
        f"{path}/medlemmar",
        {"user_id": outsider, "role_in_group": "Polisens representant"},
    )
    assert status == 303
    page = browser.get(path).text
    members = _members(page)
    assert "Olle Utan Grupp" in members
    assert "Polisen" in members
    assert "Polisens representant" in members
    assert outsider not in _options(page, "user_id")

    status, _ = _post(
        browser,
        path,
        f"{path}/uppdrag",
        {"mandate": "Minska skadegörelsen vid stationen.", "reason": "Beslut i BRÅ 2026-11-30."},
    )
    assert status == 303
    assert "Minska skadegörelsen vid stationen." in browser.get(path).text

    removal = f"{path}/medlemmar/{outsider}/borttagning"
    status, html = _post(browser, path, removal, {})
    assert status == 422
    assert "Kryssa i rutan för att bekräfta att medlemmen tas bort." in html
    assert "Olle Utan Grupp" in _members(html)
    status, _ = _post(browser, path, removal, {"confirmed": "on"})
    assert status == 303
    assert "Olle Utan Grupp" not in _members(browser.get(path).text)

    status, html = _post(browser, path, f"{path}/upplosning", {"reason": "Uppdraget är klart."})
    assert status == 422
    assert "Kryssa i rutan för att bekräfta att gruppen löses upp." in html
    assert "Uppdraget är klart." in html  # what was typed is kept
    status, _ = _post(
        browser, path, f"{path}/upplosning", {"reason": "Uppdraget är klart.", "confirmed": "on"}
    )
    assert status == 303
    page = browser.get(path).text
    assert "Gruppen är upplöst" in page
    assert "Uppdraget är klart." in page
    assert forms_that_write(page) == []
    late = browser.post(  # a form from before the dissolution
        f"{path}/uppdrag",
        data={"_csrf_token": csrf_token(page), "mandate": "Nytt.", "reason": "För sent."},
        follow_redirects=False,
    )
    assert late.status_code == 409
    assert 'class="error-summary"' in late.text
    row = re.search(
        r"Projektgrupp Stationen</a>[^<]*<span[^>]*>\(upplöst\)", browser.get("/grupper").text
    )
    assert row is not None


def test_a_refused_form_shows_the_error_next_to_the_field_and_keeps_the_input(
    world: WebWorld, browser: TestClient[Litestar]
) -> None:
    """An empty name, a user who is not a member-role user of the municipality (an id
    typed into the request), the same mandate again and an old version: 422 or 409 with
    the Swedish message by the field, nothing recorded."""
    login(browser, "bra")
    answer = submit(
        browser,
        "/grupper",
        "/grupper",
        {"municipality": "1882", "name": "", "kind": "standing", "mandate": "Behållet uppdrag."},
    )
    assert answer.status_code == 422
    assert 'id="f-ny-grupp-name-error"' in answer.text
    assert "Behållet uppdrag." in answer.text
    assert '<option value="standing" selected>' in answer.text

    path = _establish(browser, "Arbetsgrupp Felvägen")
    group_id = UUID(path.rsplit("/", 1)[1])
    status, html = _post(browser, path, f"{path}/medlemmar", {"user_id": world.user_ids["bra"]})
    assert status == 422
    assert 'id="f-medlem-user_id-error"' in html
    assert "Välj en aktiv användare med rollen medlem i gruppens kommun." in html
    status, html = _post(
        browser, path, f"{path}/uppdrag", {"mandate": "Ett uppdrag.", "reason": "Inget nytt."}
    )
    assert status == 422
    assert "Det nya uppdraget är detsamma som det nuvarande." in html
    assert "Inget nytt." in html
    html = browser.get(path).text
    world.application.revise_mandate(
        world.application.get_user(world.user_ids["bra"]).actor,
        group_id,
        mandate="Ändrat av någon annan.",
        reason="Samtidigt.",
    )
    stale = browser.post(
        f"{path}/upplosning",
        data={
            "_csrf_token": csrf_token(html),
            "expected_version": _version(html, f"{path}/upplosning"),
            "reason": "Klart.",
            "confirmed": "on",
        },
        follow_redirects=False,
    )
    assert stale.status_code == 409
    assert not world.application.get_group(group_id).is_dissolved


def test_only_lokala_bra_gets_the_forms_and_everyone_who_reads_sees_the_members(
    world: WebWorld, browser: TestClient[Litestar]
) -> None:
    """The member and the auditor see UNG-gruppen's members (name, organisation) and no
    form that runs the group; their posts are refused (403)."""
    path = f"/grupper/{world.youth_group_id}"
    for role in ("member", "auditor"):
        browser.cookies.clear()
        login(browser, role)
        page = browser.get(path).text
        members = section_of(page, "medlemmar")
        assert "Amina Rashid" in members
        assert "Kommunen" in members
        assert not [a for a in forms_that_write(page) if a.startswith("/grupper")]
        assert "Inrätta en arbetsgrupp" not in browser.get("/grupper").text
        answer = browser.post(
            f"{path}/uppdrag",
            data={"_csrf_token": csrf_token(page), "mandate": "Nytt.", "reason": "Skäl."},
            follow_redirects=False,
        )
        assert answer.status_code == 403


def test_a_dissolved_groups_former_member_no_longer_sees_it_or_its_problems(
    world: WebWorld, browser: TestClient[Litestar]
) -> None:
    """While the group is active its member sees its board, its problem and the group in
    the navigation; once dissolved: 404 for both, and the group is not theirs any more."""
    app = world.application
    bra = app.get_user(world.user_ids["bra"]).actor
    group_id = app.establish_group(
        bra, municipality="1882", name="Grupp som löses upp", kind=GroupKind.PROJECT, mandate="X."
    ).aggregate_id
    app.add_member(bra, group_id, user_id=world.user_ids["outsider"])
    problem_id = app.identify_problem(
        bra,
        municipality="1882",
        title="Klotter vid stationen",
        description="Klotter varje helg.",
        place="Stationen",
        source=ProblemSource.POLICE_STATISTICS,
        reported_by="Kommunpolisen",
        group_id=group_id,
    ).aggregate_id
    reference = app.get_problem(problem_id).reference
    world.wait_for_views()
    login(browser, "outsider")
    board = f"/grupper/{group_id}"
    assert browser.get(board).status_code == 200
    assert browser.get(f"/arenden/{reference}").status_code == 200
    assert board in browser.get("/grupper").text

    app.dissolve_group(bra, group_id, reason="Uppdraget är slutfört.")
    world.wait_for_views()

    assert browser.get(board).status_code == 404
    assert browser.get(f"/arenden/{reference}").status_code == 404
    assert board not in browser.get("/grupper").text
    browser.cookies.clear()
    login(browser, "bra")
    assert browser.get(f"/arenden/{reference}").status_code == 200


def test_lokala_bra_of_two_municipalities_establishes_in_the_one_chosen(
    world: WebWorld, browser: TestClient[Litestar]
) -> None:
    """With the municipality picker on Västerås, the form establishes the group there."""
    app = world.application
    if "1980" not in {m.code for m in app.list_municipalities()}:
        app.register_municipality(
            app.get_user(world.user_ids["admin"]).actor,
            code="1980",
            name="Västerås",
            reference_prefix="VÄS",
        )
    added = app.add_user(
        app.get_user(world.user_ids["admin"]).actor,
        name="Britt Båda",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=["1882", "1980"],
    )
    world.tokens["bra_two"] = added.token
    login(browser, "bra_two")
    page = browser.get("/grupper?kommun=1980").text
    assert 'name="municipality" value="1980"' in page
    path = _establish(browser, "UNG Västerås", kommun="1980")
    group = app.get_group(UUID(path.rsplit("/", 1)[1]))
    assert group.municipality == "1980"
