"""Users administered in the web: the list, Ny användare (the token shown once), a user's
page (role and municipalities, working groups, e-mail, spärra), the invitation link, and
an administrator of one municipality kept to its users.

One module-scoped demo store (``world``); each test adds the users it works on.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import ADMIN, WebWorld, csrf_token, login, post_login, world_of

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Organisation, Role

OTHER = "1980"  # a second municipality, Västerås, registered by the module's world

_TOKEN_FIELD = re.compile(r'id="f-token" value="([^"]+)"')
_INVITATION_FIELD = re.compile(r'id="f-invitation" value="[^"]*(/inbjudan/[^"]+)"')


@pytest.fixture(scope="module", autouse=True)
def _second_municipality(world: WebWorld) -> None:
    """Västerås, with a user and a working group of its own, and its own administrator."""
    application = world.application
    application.register_municipality(ADMIN, code=OTHER, name="Västerås", reference_prefix="VÄS")
    other = application.add_user(
        ADMIN,
        name="Vera Västerås",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=[OTHER],
    )
    local_admin = application.add_user(
        ADMIN,
        name="Kim Kommunadmin",
        organisation=Organisation.KOMMUN,
        role=Role.ADMIN,
        municipalities=[world.demo.municipality],
    )
    world.tokens.update(local_admin=local_admin.token)
    world.user_ids.update(other=other.user_id, local_admin=local_admin.user_id)


def _post(
    client: TestClient[Litestar], page: str, action: str, data: dict[str, object]
) -> Response:
    """Open ``page`` and post ``data`` (lists as repeated keys) with its CSRF token."""
    opened = client.get(page)
    assert opened.status_code == 200, opened.text
    return client.post(
        action, data={"_csrf_token": csrf_token(opened.text), **data}, follow_redirects=False
    )


def _new_user(client: TestClient[Litestar], **fields: object) -> Response:
    data: dict[str, object] = {
        "name": "Nils Nyberg",
        "organisation": "polis",
        "role": "member",
        "municipalities": world_of(client).demo.municipality,
        **fields,
    }
    return _post(client, "/administration", "/administration/anvandare", data)


def _me(client: TestClient[Litestar], token: str) -> int:
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    return answer.status_code


def test_an_administrator_adds_a_user_whose_token_is_shown_once_and_works(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Ny användare: 303 to the user's "skapad" page (no secret in the address), which shows
    the token once, not stored by the browser; the token then works against the API; the
    user is a member of the group chosen, with the e-mail address typed."""
    login(browser, "admin")
    answer = _new_user(browser, group_ids=world.youth_group_id, email="nils.nyberg@polisen.se")
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/administration/anvandare/[0-9a-f-]{36}/skapad", location)
    shown = browser.get(location)
    assert shown.status_code == 200
    assert shown.headers["cache-control"] == "no-store"
    assert "visas bara den här gången" in shown.text
    found = _TOKEN_FIELD.search(shown.text)
    assert found is not None
    token = found.group(1)
    assert token not in location
    again = browser.get(location)
    assert token not in again.text
    assert "har redan visats" in again.text

    browser.cookies.clear()
    assert _me(browser, token) == 200
    user_id = location.split("/")[3]
    user = world.application.get_user(user_id)
    assert (user.name, user.role, user.organisation) == (
        "Nils Nyberg",
        Role.MEMBER,
        Organisation.POLIS,
    )
    assert user.email is not None
    assert user.email.text == "nils.nyberg@polisen.se"
    assert [g.name for g in world.application.groups_of(user_id)] == ["UNG-gruppen"]


def test_the_list_names_roles_municipalities_and_groups_in_swedish(
    browser: TestClient[Litestar],
) -> None:
    """The installation's administrator sees every user, Västerås's too; ?kommun= filters."""
    login(browser, "admin")
    page = browser.get("/administration")
    assert page.status_code == 200
    assert "Amina Rashid" in page.text
    assert "Vera Västerås" in page.text
    assert "Medlem i arbetsgrupp" in page.text
    assert "Lokala BRÅ" in page.text
    assert "Kungsör" in page.text
    assert "UNG-gruppen" in page.text
    assert "Hela installationen" in page.text  # the administrator's own row
    only_other = browser.get("/administration", params={"kommun": OTHER})
    assert "Vera Västerås" in only_other.text
    assert "Amina Rashid" not in only_other.text


def test_a_refused_new_user_keeps_what_was_typed_with_errors_next_to_the_fields(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """No name and no role: 422, the Swedish messages next to those fields, the e-mail
    typed kept; groups are for members only."""
    login(browser, "admin")
    answer = _new_user(browser, name="", role="", email="kvar@kommun.se")
    assert answer.status_code == 422
    assert 'id="f-ny-name-error"' in answer.text
    assert 'id="f-ny-role-error"' in answer.text
    assert 'value="kvar@kommun.se"' in answer.text
    bra_in_group = _new_user(browser, role="bra", group_ids=world.youth_group_id)
    assert bra_in_group.status_code == 422
    assert "Bara medlemmar i arbetsgrupp" in bra_in_group.text
    wide_admin = _new_user(browser, role="admin", municipalities="")
    assert wide_admin.status_code == 422  # only the command line makes one
    assert 'id="f-ny-municipalities-error"' in wide_admin.text
    other_group = _new_user(browser, group_ids="00000000-0000-0000-0000-000000000000")
    assert other_group.status_code == 422
    assert 'id="f-ny-group_ids-error"' in other_group.text


def test_an_administrator_of_one_municipality_sees_and_adds_only_its_users(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Kungsör's administrator: Västerås's user is not listed, their page is 404, and
    adding a user of Västerås is refused on the municipalities field (422)."""
    assert post_login(browser, world.tokens["local_admin"]).status_code == 303
    page = browser.get("/administration")
    assert "Amina Rashid" in page.text
    assert "Vera Västerås" not in page.text
    other = f"/administration/anvandare/{world.user_ids['other']}"
    assert browser.get(other).status_code == 404
    assert browser.get(f"/administration/anvandare/{world.user_ids['admin']}").status_code == 404
    refused = _new_user(browser, municipalities=OTHER)
    assert refused.status_code == 422
    assert 'id="f-ny-municipalities-error"' in refused.text
    revoke = _post(browser, "/administration", f"{other}/sparra", {"confirmed": "on"})
    assert revoke.status_code == 404
    assert not world.application.get_user(world.user_ids["other"]).is_revoked


def test_other_roles_have_no_user_pages(browser: TestClient[Litestar], world: WebWorld) -> None:
    login(browser, "bra")
    assert browser.get(f"/administration/anvandare/{world.user_ids['member']}").status_code == 404


def test_role_municipalities_and_groups_are_changed_on_the_users_page(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Roll och kommuner (RoleChanged, MunicipalitiesChanged), Lägg till i / Ta bort ur
    arbetsgruppen, as the installation's administrator."""
    added = world.application.add_user(
        ADMIN,
        name="Rut Roll",
        organisation=Organisation.SKOLA,
        role=Role.BRA,
        municipalities=[world.demo.municipality],
    )
    page = f"/administration/anvandare/{added.user_id}"
    login(browser, "admin")
    changed = _post(
        browser,
        page,
        page,
        {
            "role": "member",
            "municipalities": [world.demo.municipality, OTHER],
            "expected_version": "1",
        },
    )
    assert changed.status_code == 303, changed.text
    user = world.application.get_user(added.user_id)
    assert user.role is Role.MEMBER
    assert user.municipalities == [world.demo.municipality, OTHER]

    joined = _post(browser, page, f"{page}/grupper", {"group_id": world.youth_group_id})
    assert joined.status_code == 303, joined.text
    assert "UNG-gruppen" in browser.get(page).text
    left = _post(browser, page, f"{page}/grupper/{world.youth_group_id}/ta-bort", {})
    assert left.status_code == 303
    assert world.application.groups_of(added.user_id) == []

    stale = _post(browser, page, page, {"role": "auditor", "expected_version": "1"})
    assert stale.status_code == 409  # changed since version 1
    none = _post(browser, page, page, {"role": "bra"})
    assert none.status_code == 422  # a lokala BRÅ needs a municipality
    assert 'id="f-roll-municipalities-error"' in none.text


def test_a_revoked_user_can_use_neither_token_nor_session(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Spärra needs the box ticked (422 without); then the token is refused by the API and
    by the login form."""
    added = world.application.add_user(
        ADMIN,
        name="Sara Spärr",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=[world.demo.municipality],
    )
    assert _me(browser, added.token) == 200
    page = f"/administration/anvandare/{added.user_id}"
    login(browser, "admin")
    unconfirmed = _post(browser, page, f"{page}/sparra", {})
    assert unconfirmed.status_code == 422
    assert "bekräfta" in unconfirmed.text
    revoked = _post(browser, page, f"{page}/sparra", {"confirmed": "on"})
    assert revoked.status_code == 303
    assert "Spärrad" in browser.get(page).text
    browser.cookies.clear()
    assert _me(browser, added.token) == 401
    assert post_login(browser, added.token).status_code == 400


def test_an_invitation_link_signs_in_once(browser: TestClient[Litestar], world: WebWorld) -> None:
    """Ny användare with an invitation: the link is shown once; opening it only shows a
    button; pressing it signs the person in (InvitationUsed, SignedIn); a second time: 410."""
    login(browser, "admin")
    answer = _new_user(browser, name="Ida Inbjuden", invitation="on")
    assert answer.status_code == 303
    shown = browser.get(answer.headers["location"])
    found = _INVITATION_FIELD.search(shown.text)
    assert found is not None
    link = found.group(1)
    browser.cookies.clear()

    opened = browser.get(link)
    assert opened.status_code == 200
    assert "Logga in som Ida Inbjuden" in opened.text
    opened_again = browser.get(link)  # a mail scanner's look does not use it up
    assert opened_again.status_code == 200
    used = browser.post(
        link, data={"_csrf_token": csrf_token(opened_again.text)}, follow_redirects=False
    )
    assert used.status_code == 303
    assert "Ida Inbjuden" in browser.get("/").text
    user_id = answer.headers["location"].split("/")[3]
    user = world.application.get_user(user_id)
    assert user.last_sign_in is not None

    browser.cookies.clear()
    second = browser.get(link)
    assert second.status_code == 410
    assert "redan använts" in second.text


def test_an_expired_or_replaced_invitation_is_refused(world: WebWorld) -> None:
    """Eight days after it was made, or once a newer one is made, a link works no more."""
    application = world.application
    added = application.add_user(
        ADMIN,
        name="Edvin Utgången",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=[world.demo.municipality],
    )
    old = datetime.now(UTC) - timedelta(days=8)
    expired = application.issue_invitation(ADMIN, added.user_id, now=old)
    assert application.invited_user(expired) is None
    assert application.accept_invitation(expired, "s" * 64) is None
    first = application.issue_invitation(ADMIN, added.user_id)
    second = application.issue_invitation(ADMIN, added.user_id)
    assert application.invited_user(first) is None
    assert application.invited_user(second) is not None
    application.revoke_user(ADMIN, added.user_id)
    assert application.invited_user(second) is None


def test_an_invitation_made_on_the_users_page_is_shown_once(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    added = world.application.add_user(
        ADMIN,
        name="Olof Ombjuden",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=[world.demo.municipality],
    )
    page = f"/administration/anvandare/{added.user_id}"
    login(browser, "admin")
    made = _post(browser, page, f"{page}/inbjudan", {})
    assert made.status_code == 303
    assert made.headers["location"] == page
    shown = browser.get(page)
    assert _INVITATION_FIELD.search(shown.text) is not None
    assert _INVITATION_FIELD.search(browser.get(page).text) is None


def test_an_empty_installation_gets_its_users_through_the_pages(tmp_path: Path) -> None:
    """The first step of a new installation: only the command line's administrator; the
    administrator registers the municipality and adds lokala BRÅ on the page, and that token
    logs in to the web."""
    settings = Settings(data_dir=tmp_path)
    application = ProblemorienteratApp.from_settings(settings)
    try:
        first = application.add_user(
            ADMIN,
            name="Ann Admin",
            organisation=Organisation.KOMMUN,
            role=Role.ADMIN,
            municipalities=[],
        )
        with TestClient(app=create_app(settings, application=application)) as client:
            assert post_login(client, first.token).status_code == 303
            page = client.get("/administration")
            assert "Ingen kommun är registrerad ännu" in page.text
            refused = client.post(
                "/administration/kommuner",
                data={
                    "_csrf_token": csrf_token(page.text),
                    "code": "18",
                    "name": "Kungsör",
                    "reference_prefix": "kun1",
                },
                follow_redirects=False,
            )
            assert refused.status_code == 422
            assert 'id="f-kommun-code"' in refused.text
            assert 'value="Kungsör"' in refused.text  # what was typed is kept
            assert application.list_municipalities() == []
            registered = client.post(
                "/administration/kommuner",
                data={
                    "_csrf_token": csrf_token(page.text),
                    "code": "1882",
                    "name": "Kungsör",
                    "reference_prefix": "KUN",
                    "police_area": "LPO Köping",
                },
                follow_redirects=False,
            )
            assert registered.status_code == 303, registered.text
            assert [m.name for m in application.list_municipalities()] == ["Kungsör"]
            page = client.get("/administration")
            assert "LPO Köping" in page.text
            added = client.post(
                "/administration/anvandare",
                data={
                    "_csrf_token": csrf_token(page.text),
                    "name": "Helena Ström",
                    "organisation": "kommun",
                    "role": "bra",
                    "municipalities": "1882",
                },
                follow_redirects=False,
            )
            assert added.status_code == 303, added.text
            found = _TOKEN_FIELD.search(client.get(added.headers["location"]).text)
            assert found is not None
            client.cookies.clear()
            signed_in = post_login(client, found.group(1))
            assert signed_in.headers["location"] == "/oversikt"
    finally:
        application.close()


def test_only_an_administrator_of_the_whole_installation_registers_municipalities(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """A municipality's administrator sees no Kommuner section and a post is refused."""
    municipal_admin = world.application.add_user(
        ADMIN,
        name="Kim Kommunadmin",
        organisation=Organisation.KOMMUN,
        role=Role.ADMIN,
        municipalities=["1882"],
    )
    assert post_login(browser, municipal_admin.token).status_code == 303
    page = browser.get("/administration")
    assert "Registrera en kommun" not in page.text
    refused = browser.post(
        "/administration/kommuner",
        data={
            "_csrf_token": csrf_token(page.text),
            "code": "1980",
            "name": "Västerås",
            "reference_prefix": "VAS",
        },
        follow_redirects=False,
    )
    assert refused.status_code in (403, 404)
    assert "1904" not in {m.code for m in world.application.list_municipalities()}
