"""Issue 13's journey, entirely through web pages in Chromium (no API call, no command line):
a member of UNG-gruppen records a new problem, answers CHEERS, analyses it, plans and carries
out an action, follows it up and submits it; lokala BRÅ returns the assessment, the member
resubmits, lokala BRÅ approves it, and the member closes the case after confirming.

Screenshots of the case at each stage, at desk (1366 px) and phone (390 px) width, are saved
as docs/screenshots/resa-*.png (docs/web.md shows them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from playwright.sync_api import Page, expect

from e2e.browser import login, logout, path_of, screenshot
from e2e.installation import YOUTH_GROUP, User

TITLE = "Skadegörelse på lekplatsen vid Backaskolan kvällstid"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
CHEERS = ("community", "harm", "expectation", "events", "recurring", "similarity")


def _field(page: Page, slug: str, name: str) -> str:
    return f"#f-{slug}-{name.replace('.', '-')}"


def _fill(page: Page, selector: str, value: str | bool) -> None:
    element = page.locator(selector)
    tag = element.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
    if tag.startswith("select"):
        element.select_option(str(value))
    elif tag == "input:checkbox":
        element.set_checked(bool(value))
    else:
        element.fill(str(value))


def _step(
    page: Page,
    slug: str,
    fields: Mapping[str, str | bool],
    button: str,
    done: str,
) -> None:
    """Open the step's form on the case page, fill it in, send it and see its message."""
    form = page.locator(f"details#steg-{slug}")
    expect(form).to_have_count(1)
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    for name, value in fields.items():
        _fill(page, _field(page, slug, name), value)
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()
    _no_errors(page)
    expect(page.get_by_role("status")).to_contain_text(done)


def _press(page: Page, button: str, done: str) -> None:
    """A step without fields: one button on the case page."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).first.click()
    _no_errors(page)
    expect(page.get_by_role("status")).to_contain_text(done)


def _no_errors(page: Page) -> None:
    summary = page.locator(".error-summary")
    if summary.count():
        raise AssertionError(f"the form was refused: {summary.inner_text()}")


def _both_widths(page: Page, name: str) -> None:
    """The page at phone and desk width, with no sideways scrolling at either."""
    for label, size in (("telefon", PHONE), ("dator", DESK)):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls {overflow} px sideways at {size['width']} px"
        screenshot(page, f"resa-{name}-{label}", width=size["width"], height=size["height"])
    page.set_viewport_size(DESK)


def test_a_member_takes_a_problem_from_report_to_closure_in_the_browser(
    page: Page, users: dict[str, User]
) -> None:
    bra, member = users["bra"], users["member"]
    page.set_viewport_size(DESK)
    page.set_default_timeout(10_000)

    # --- Identifiera: the member records the problem from the case list
    login(page, member.token)
    page.goto("/arenden")
    page.get_by_role("link", name="Nytt problem").click()
    page.wait_for_url(re.compile("/arenden/nytt$"))
    group = page.locator("#f-group_id")
    expect(group.locator("option:checked")).to_have_text(YOUTH_GROUP)
    page.locator("#f-title").fill(TITLE)
    page.locator("#f-description").fill(
        "Återkommande skadegörelse på lekplatsen vid Backaskolan fredag och lördag kväll."
    )
    page.locator("#f-place").fill("Backaskolans lekplats")
    page.locator("#f-source").select_option(index=1)
    page.locator("#f-reported_by").fill("Fritidsgården Kungsgården")
    page.locator("#f-frequency").fill("Varje helg sedan i våras")
    page.locator("#f-harmed").fill("Barn och föräldrar som använder lekplatsen, skolan")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera problemet").click()
    _no_errors(page)
    match = re.fullmatch(r"/arenden/([A-Z]+-\d{4}-\d+)", path_of(page))
    assert match, f"not on the new case: {page.url}"
    reference = match.group(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("button", name="Starta analysen")).to_be_disabled()
    _both_widths(page, "identifiera")

    cheers: dict[str, str | bool] = {}
    for question in CHEERS:
        cheers[f"{question}.met"] = "ja"
        cheers[f"{question}.evidence"] = "Fritidsgårdens anteckningar och skolans rapporter."
    _step(page, "cheers", cheers, "Spara CHEERS-svaren", "CHEERS")
    _press(page, "Starta analysen", "Analysen har börjat")

    # --- Analysera
    _step(
        page,
        "iakttagelse",
        {"side": "place", "description": "Lekplatsen saknar belysning efter klockan 21."},
        "Spara iakttagelsen",
        "Iakttagelsen är sparad",
    )
    _step(
        page,
        "hypotes",
        {"hypothesis": "Mörkret och att ingen ser platsen gör skadegörelsen lätt."},
        "Spara hypotesen",
        "Hypotesen är sparad",
    )
    _step(
        page,
        "nollmatning",
        {
            "measure.indicator": "Anmälda skadegörelsebrott vid lekplatsen",
            "measure.area": "Backaskolan",
            "measure.period_start": "2026-01-01",
            "measure.period_end": "2026-06-30",
            "measure.value": "14",
            "measure.unit": "anmälningar",
        },
        "Spara nollmätningen",
        "Nollmätningen är registrerad",
    )
    _both_widths(page, "analysera")
    _press(page, "Avsluta analysen", "Analysen är avslutad")

    # --- Åtgärda
    _step(
        page,
        "atgard",
        {
            "title": "Belysning på lekplatsen",
            "responsible_organisation": "kommun",
            "responsible_party": "Tekniska förvaltningen",
            "owner": "Gatuchefen",
            "start_date": "2026-07-01",
            "due_date": "2026-08-31",
            "objective": "Lekplatsen är upplyst till midnatt från september.",
            "mechanism": "Fler ser platsen, så skadegörelse upptäcks.",
            "kind": "situational",
            "technique": "9",
            "horizon": "short",
        },
        "Planera åtgärden",
        "Åtgärden är planerad",
    )
    _press(page, "Påbörja", "påbörjad")
    _step(
        page,
        "insats",
        {"organisation": "kommun", "partner": "Tekniska förvaltningen", "hours": "12,5"},
        "Spara insatsen",
        "",
    )
    _press(page, "Markera genomförd", "genomförd")
    _both_widths(page, "atgarda")
    _press(page, "Starta uppföljningen", "Uppföljningen har börjat")

    # --- Följa upp: the follow-up form is prefilled with the baseline's indicator and area
    details = page.locator("details#steg-uppfoljningsmatning")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(page.locator(_field(page, "uppfoljningsmatning", "measure.indicator"))).to_have_value(
        "Anmälda skadegörelsebrott vid lekplatsen"
    )
    expect(page.locator(_field(page, "uppfoljningsmatning", "measure.area"))).to_have_value(
        "Backaskolan"
    )
    _step(
        page,
        "uppfoljningsmatning",
        {
            "measure.period_start": "2026-07-01",
            "measure.period_end": "2026-11-30",
            "measure.value": "5",
        },
        "Spara mätningen",
        "Uppföljningsmätningen är sparad",
    )
    expect(page.locator(".action-progress")).to_contain_text("1 av 1 planerade åtgärder")
    _step(
        page,
        "processutvardering",
        {"summary": "Belysningen kom upp i augusti som planerat.", "carried_out_as_planned": True},
        "Spara processutvärderingen",
        "Processutvärderingen är sparad",
    )
    _step(
        page,
        "effekt",
        {"outcome": "reduced", "motivation": "Från 14 till 5 anmälningar på ett halvår."},
        "Spara bedömningen",
        "Effektbedömningen är sparad",
    )
    _step(
        page,
        "lardom",
        {"lesson": "Belysning var billigt och gav snabb effekt."},
        "Spara lärdomen",
        "Lärdomen är sparad",
    )
    _press(page, "Lämna in uppföljningen till lokala BRÅ", "inlämnad till lokala BRÅ")
    _both_widths(page, "folja-upp")
    logout(page)

    # --- Lokala BRÅ returns the assessment from Granskning
    login(page, bra.token)
    page.goto(f"/arenden/{reference}")
    page.get_by_role("link", name="Granska uppföljningen").click()
    page.wait_for_url(re.compile(f"/granskning/{reference}$"))
    _both_widths(page, "granskning")
    page.get_by_label("Kommentarer till arbetsgruppen").fill(
        "Beskriv hur ni följer upp förflyttning till skolgården."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Återremittera till arbetsgruppen").click()
    _no_errors(page)
    logout(page)

    # --- The member answers the comments and resubmits
    login(page, member.token)
    page.goto(f"/arenden/{reference}")
    expect(page.locator("section.returned")).to_contain_text("förflyttning till skolgården")
    _step(
        page,
        "forflyttning",
        {
            "kind": "none_found",
            "description": "Ingen ökning av skadegörelse på skolgården under perioden.",
        },
        "Spara",
        "",
    )
    _press(page, "Lämna in igen till lokala BRÅ", "inlämnad till lokala BRÅ")
    logout(page)

    # --- Lokala BRÅ approves
    login(page, bra.token)
    page.goto(f"/granskning/{reference}")
    with page.expect_navigation():
        page.get_by_role("button", name="Godkänn uppföljningen").click()
    _no_errors(page)
    logout(page)

    # --- The member closes the case; closing without confirming is refused
    login(page, member.token)
    page.goto(f"/arenden/{reference}")
    with page.expect_navigation():
        page.locator("details#steg-avsluta").get_by_role("button", name="Avsluta ärendet").click()
    expect(page.locator("#f-avsluta-confirmed-error")).to_contain_text("bekräfta")
    _step(page, "avsluta", {"confirmed": True}, "Avsluta ärendet", "Ärendet är avslutat")
    _both_widths(page, "avslutat")
    expect(page.locator(".stage").first).to_have_text("Avslutat")
    logout(page)

    # --- Every step is in the case's history, with who took it (lokala BRÅ reads Historik)
    login(page, bra.token)
    page.goto(f"/historik/{reference}")
    history = page.locator("main").inner_text()
    assert history.count(member.name) >= 20, "the member's steps are missing from Historik"
    assert bra.name in history
    assert "återremitterade" in history.lower()
    assert "godkände" in history.lower()
