"""Issue 14's journey: a municipality's year from an empty installation, through web pages
only (the command line makes the installation's first administrator, nothing else).

The administrator registers Kungsör and creates its users; lokala BRÅ records the
samverkansöverenskommelse, establishes UNG-gruppen and a Grannsamverkan group with their
members, draws up the lägesbild with a CSV series and adopts it, drafts the medborgarlöfte
with its handlingsplan and adopts it; the kommunpolis registers a Grannsamverkan area with a
contact person; lokala BRÅ marks the activity done and records the year's follow-up.

Screenshots of each new page at desk (1366 px) and phone (390 px) width are saved as
docs/screenshots/ar-*.png (docs/year.md shows them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.browser import login, logout, path_of, screenshot
from e2e.installation import User, run_cli
from problemorienterat.domain.swedish_day import swedish_today

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
TODAY = swedish_today()
YEAR = TODAY.year
CSV = (
    "område;indikator;enhet;period;värde\n"
    f"Centrum;Anmälda skadegörelsebrott;antal;{YEAR - 2} H1;38\n"
    f"Centrum;Anmälda skadegörelsebrott;antal;{YEAR - 2} H2;45\n"
    f"Centrum;Anmälda skadegörelsebrott;antal;{YEAR - 1} H1;51\n"
    f"Centrum;Anmälda skadegörelsebrott;antal;{YEAR - 1} H2;57\n"
)


@pytest.fixture(scope="module")
def installation(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, User]]:
    """An empty installation: no municipality, no data, one administrator of the whole
    installation made with the command line (the only way the first one can be made)."""
    data_dir = tmp_path_factory.mktemp("e2e-year")
    printed = run_cli(
        "users", "add", "Anna Admin", "--org", "kommun", "--role", "admin", data_dir=data_dir
    ).split()
    admin = User(role="admin", name="Anna Admin", organisation="kommun", token=printed[-1])
    return data_dir, {"admin": admin}


def _no_errors(page: Page) -> None:
    summary = page.locator(".error-summary")
    if summary.count():
        raise AssertionError(f"the form was refused: {summary.first.inner_text()}")


def _send(page: Page, button: str, done: str | None = None) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).first.click()
    _no_errors(page)
    if done is not None:
        expect(page.get_by_role("status")).to_contain_text(done)


def _both_widths(page: Page, name: str) -> None:
    """The page at phone and desk width, with no sideways scrolling at either."""
    for label, size in (("telefon", PHONE), ("dator", DESK)):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls {overflow} px sideways at {size['width']} px"
        screenshot(page, f"ar-{name}-{label}", width=size["width"], height=size["height"])
    page.set_viewport_size(DESK)


def _open(page: Page, summary: str) -> None:
    """Open a folded form (``<details>``) by its summary text, unless it is open."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.count() and details.first.get_attribute("open") is None:
        details.first.locator("summary").click()


def _new_user(page: Page, name: str, organisation: str, role: str) -> str:
    """Ny användare in Kungsör; the token the page shows once."""
    page.goto("/administration")
    page.locator("#f-ny-name").fill(name)
    page.locator("#f-ny-organisation").select_option(organisation)
    page.locator("#f-ny-role").select_option(role)
    page.locator("input[name=municipalities][value='1882']").check()
    _send(page, "Lägg till användaren")
    token = page.locator("#f-token").input_value()
    assert len(token) > 20
    return token


def _option(page: Page, select: str, text: str) -> str:
    """The value of the option of ``select`` whose text contains ``text``."""
    value = page.locator(f"{select} option", has_text=text).first.get_attribute("value")
    assert value, f"no option {text!r} in {select}"
    return value


def test_a_municipalitys_year_from_an_empty_installation_in_the_browser(
    page: Page, installation: tuple[Path, dict[str, User]]
) -> None:
    admin = installation[1]["admin"]
    page.set_viewport_size(DESK)
    page.set_default_timeout(15_000)

    # --- the administrator registers the municipality and creates its users
    login(page, admin.token)
    page.goto("/administration")
    expect(page.get_by_text("Ingen kommun är registrerad ännu")).to_be_visible()
    page.locator("#f-kommun-code").fill("1882")
    page.locator("#f-kommun-name").fill("Kungsör")
    page.locator("#f-kommun-reference_prefix").fill("KUN")
    page.locator("#f-kommun-police_area").fill("LPO Köping")
    _send(page, "Registrera kommunen", "Kungsör är registrerad")
    bra = _new_user(page, "Ingrid Wahlberg", "kommun", "bra")
    police = _new_user(page, "Per Sandberg", "polis", "member")
    field_worker = _new_user(page, "Oskar Lindgren", "kommun", "member")
    page.goto("/administration")
    expect(page.locator("main table", has_text="Per Sandberg")).to_have_count(1)
    _both_widths(page, "administration")
    logout(page)

    # --- lokala BRÅ: the agreement
    login(page, bra)
    page.goto("/overenskommelse")
    page.locator("#f-sign-police_area").fill("LPO Köping")
    page.locator("#f-sign-purpose").fill(
        "Samverka för att minska brottsligheten och öka tryggheten i Kungsör."
    )
    page.locator("#f-sign-kommun_signatory").fill("Karin Berg")
    page.locator("#f-sign-kommun_title").fill("Kommunstyrelsens ordförande")
    page.locator("#f-sign-polis_signatory").fill("Johan Ek")
    page.locator("#f-sign-polis_title").fill("Lokalpolisområdeschef")
    page.locator("#f-sign-commitments-1").fill("Ta fram en gemensam lägesbild varje år.")
    page.locator("#f-sign-commitments-2").fill("Ge medborgarlöfte med handlingsplan varje år.")
    page.locator("#f-sign-valid_from").fill(f"{YEAR}-01-15")
    _send(page, "Registrera överenskommelsen")
    expect(page.locator("main")).to_contain_text("Ta fram en gemensam lägesbild varje år.")
    _both_widths(page, "overenskommelse")

    # --- the working groups and their members, picked from the municipality's users
    groups: dict[str, str] = {}
    for name, kind, member in (
        ("UNG-gruppen", "ung", "Oskar Lindgren"),
        ("Grannsamverkan Kungsör", "grannsamverkan", "Per Sandberg"),
    ):
        page.goto("/grupper")
        _open(page, "Inrätta")
        page.locator("#f-ny-grupp-name").fill(name)
        page.locator("#f-ny-grupp-kind").select_option(kind)
        page.locator("#f-ny-grupp-mandate").fill(f"{name}: problem som lokala BRÅ ger gruppen.")
        _send(page, "Inrätta gruppen")
        match = re.fullmatch(r"/grupper/([0-9a-f-]{36})", path_of(page))
        if match is None:  # back on the list: open the new group
            page.get_by_role("link", name=name, exact=True).first.click()
            match = re.fullmatch(r"/grupper/([0-9a-f-]{36})", path_of(page))
        assert match, f"not on the group's page: {page.url}"
        groups[name] = match.group(1)
        page.locator("#f-medlem-user_id").select_option(_option(page, "#f-medlem-user_id", member))
        _send(page, "Lägg till i gruppen")
        expect(page.locator("#medlemmar, main").first).to_contain_text(member)
    _both_widths(page, "arbetsgrupp")

    # --- the lägesbild with an imported CSV series, adopted
    page.goto("/lagesbild")
    page.locator("#f-ta-fram-summary").fill(
        "Skadegörelsen i centrum ökar; otryggheten är störst kvällstid vid stationen."
    )
    _send(page, "Ta fram lägesbilden")
    page.locator("#f-iakttagelse-area").fill("Centrum")
    page.locator("#f-iakttagelse-description").fill("Fler anmälda skadegörelsebrott i centrum.")
    page.locator("#f-iakttagelse-trend").select_option("increasing")
    page.locator("#f-iakttagelse-source").fill("Polisens anmälningsstatistik")
    _send(page, "Lägg till iakttagelsen")
    page.locator("#f-csv-csv").set_input_files(
        files=[{"name": "siffror.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    _send(page, "Läs in filen")
    expect(page.locator("main svg").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Anmälda skadegörelsebrott")
    page.locator("#f-anta-adopted_on").fill(TODAY.isoformat())
    _send(page, "Anta lägesbilden")
    expect(page.locator("#f-anta-adopted_on")).to_have_count(0)  # adopted: no more forms
    _both_widths(page, "lagesbild")

    # --- the medborgarlöfte drafted from it, with its handlingsplan, adopted
    page.goto("/medborgarlofte")
    _send(page, "Ta fram utkast")
    page.locator("#f-fokus-title").fill("Tryggare centrum kvällstid")
    page.locator("#f-fokus-description").fill("Mindre skadegörelse och fler vuxna ute.")
    _send(page, "Lägg till fokusområde")
    page.locator("#f-aktivitet-focus_area_id").select_option(index=1)
    page.locator("#f-aktivitet-description").fill("Trygghetsvandring i centrum med boende")
    page.locator("#f-aktivitet-responsible_party").fill("Kommunpolisen och fältsekreterarna")
    page.locator("#f-aktivitet-responsible_organisation").select_option("polis")
    page.locator("#f-aktivitet-due_date").fill(f"{YEAR}-10-31")
    _send(page, "Planera aktivitet")
    page.locator("#f-anta-adopted_on").fill(TODAY.isoformat())
    _send(page, "Anta medborgarlöftet")
    expect(page.locator("main")).to_contain_text("Trygghetsvandring i centrum med boende")
    _both_widths(page, "medborgarlofte")
    page.get_by_role("link", name=re.compile("^Handlingsplan")).first.click()
    expect(page.locator("main table").first).to_contain_text(
        "Trygghetsvandring i centrum med boende"
    )
    _both_widths(page, "handlingsplan")
    logout(page)

    # --- the kommunpolis registers a Grannsamverkan area with a contact person
    login(page, police)
    page.goto("/grannsamverkan")
    page.locator("#f-ny-area").fill("Valla")
    page.locator("#f-ny-started_on").fill(f"{YEAR}-03-01")
    page.locator("#f-ny-group_id").select_option(groups["Grannsamverkan Kungsör"])
    page.locator("#f-ny-households").fill("120")
    page.locator("#f-ny-signs").fill("6")
    _send(page, "Registrera området")
    if not re.fullmatch(r"/grannsamverkan/[0-9a-f-]{36}", path_of(page)):
        page.get_by_role("link", name="Valla", exact=True).first.click()
    page.locator("#f-contact-name").fill("Eva Holm")
    page.locator("#f-contact-phone").fill("070-123 45 67")
    _send(page, "Lägg till kontaktpersonen")
    expect(page.locator("main")).to_contain_text("Eva Holm")
    _both_widths(page, "grannsamverkan-omrade")
    page.goto("/grannsamverkan")
    expect(page.locator("main table").first).to_contain_text("Valla")
    _both_widths(page, "grannsamverkan")
    logout(page)

    # --- the field worker (UNG-gruppen) sees neither the area nor its contact person
    login(page, field_worker)
    page.goto("/grannsamverkan")
    expect(page.locator("main")).not_to_contain_text("Eva Holm")
    logout(page)

    # --- lokala BRÅ: the activity done, and the year's follow-up
    login(page, bra)
    page.goto(f"/medborgarlofte/{YEAR}")
    status = page.locator("select[id^='f-status-'][id$='-status']").first
    status.select_option("done")
    _send(page, "Ändra status")
    page.locator("#f-uppfoljning-summary").fill(
        "Trygghetsvandringen genomfördes; skadegörelsen i centrum minskade under hösten."
    )
    outcome = page.locator("[id^='f-uppfoljning-'][id$='-focus_area_outcome']").first
    if outcome.count():
        outcome.fill("Färre anmälda skadegörelsebrott i centrum.")
    _send(page, "Spara uppföljningen")
    expect(page.locator("main")).to_contain_text("skadegörelsen i centrum minskade")
