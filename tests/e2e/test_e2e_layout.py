"""Phones, desks and paper: every page of every role, in a real browser, at a phone's width
(390 × 844) and a desk's (1366 × 900), and printed.

On each page and width: nothing scrolls sideways (the failure names the page and the widest
elements that stick out), and every visible button lies within the screen and is not covered
by anything else (all <details> opened first, so the step forms' buttons count too). In print
media the navigation, the buttons, the forms and the messages are gone. An Ärende printed to
an A4 PDF takes more than one page and has no "Logga ut". The main pages are saved at both
widths as docs/screenshots/telefon-*.png and dator-*.png.

One page load serves both widths (the viewport is resized, the page is not reloaded) and
one login serves a role's pages, so the module takes well under a minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from e2e.browser import login, path_of, screenshot
from e2e.installation import User, add_user

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1366, "height": 900}
WIDTHS: dict[str, ViewportSize] = {"telefon": PHONE, "dator": DESK}
MISSING_PROBLEM = "/arenden/KUN-1999-9999"  # no such case: the error page

# What sticks out to the right of the window: the innermost elements whose right edge lies
# beyond it, widest first, described as tag#id.class "text".
OVERFLOW_JS = """() => {
  window.scrollTo(0, window.scrollY);
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return {scrollWidth, width, widest: []};
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
  };
  const out = [...document.body.querySelectorAll('*')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.right > width + 0.5;
  });
  const inner = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
  inner.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  const widest = inner.slice(0, 3).map((el) =>
    `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
  return {scrollWidth, width, widest};
}"""

# With every <details> opened (the step forms): the page's width, and every visible button
# within the window horizontally and, once scrolled into view, the element at its centre the
# button or inside it (nothing covers it). The details are closed again afterwards.
BUTTONS_JS = """() => {
  const closed = [...document.querySelectorAll('details:not([open])')];
  closed.forEach((d) => { d.open = true; });
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const describe = (el) => {
    if (!el) return 'nothing';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${cls} "${text}"`;
  };
  const problems = [];
  let count = 0;
  const buttons = document.querySelectorAll(
    'button, input[type=submit], input[type=button], a.button');
  for (const el of buttons) {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const first = el.getBoundingClientRect();
    if (first.width <= 1 || first.height <= 1) continue;
    count += 1;
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = el.getBoundingClientRect();
    if (r.left < -0.5 || r.right > width + 0.5) {
      problems.push(`${describe(el)} lies outside the window (${Math.round(r.left)}..` +
        `${Math.round(r.right)} of ${width} px)`);
      continue;
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !(hit === el || el.contains(hit))) {
      problems.push(`${describe(el)} is covered by ${describe(hit)}`);
    }
  }
  closed.forEach((d) => { d.open = false; });
  window.scrollTo(0, 0);
  return {count, problems, scrollWidth};
}"""

# In print media: what must not be printed but still has a box.
PRINTED_JS = """() => {
  const gone = 'nav, form, button, input, select, textarea, a.button, .messages > *, .skip-link';
  return [...document.querySelectorAll(gone)]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
    .slice(0, 5);
}"""


@dataclass
class Findings:
    """What went wrong on a role's pages, one line each, and how many checks ran."""

    problems: list[str] = field(default_factory=list)
    buttons: int = 0
    pages: int = 0

    def check(self, page: Page, name: str, shots: dict[str, str]) -> None:
        """Check ``page`` (already loaded) at both widths and in print."""
        self.pages += 1
        for label, size in WIDTHS.items():
            page.set_viewport_size(size)
            where = f"{name} ({path_of(page)}) at {size['width']} px"
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow["scrollWidth"] > overflow["width"]:
                self.problems.append(
                    f"{where} scrolls sideways: {overflow['scrollWidth']} px wide; "
                    f"sticking out: {'; '.join(overflow['widest']) or '?'}"
                )
            if label in shots:
                save_picture(page, f"{label}-{shots[label]}")
            buttons = page.evaluate(BUTTONS_JS)
            if buttons["scrollWidth"] > size["width"] >= overflow["scrollWidth"]:
                self.problems.append(
                    f"{where} with its forms opened is {buttons['scrollWidth']} px wide"
                )
            self.buttons += buttons["count"]
            self.problems.extend(f"{where}: {problem}" for problem in buttons["problems"])
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED_JS)
        if printed:
            self.problems.append(f"{name} ({path_of(page)}) prints {', '.join(printed)}")
        page.emulate_media(media="screen")

    def visit(self, page: Page, path: str, name: str, shot: str | None = None) -> None:
        page.goto(path)
        self.check(page, name, {"telefon": shot, "dator": shot} if shot else {})


def save_picture(page: Page, name: str) -> Path:
    """The first screen (two on a phone) as docs/screenshots/NAME.png, at the current width."""
    size = page.viewport_size or DESK
    screens = 2 if size["width"] < DESK["width"] else 1
    return screenshot(page, name, width=size["width"], height=size["height"] * screens)


def links(page: Page, selector: str) -> list[str]:
    """The hrefs of the links ``selector`` finds, in page order, without repeats."""
    hrefs: list[str] = page.eval_on_selector_all(
        selector, "els => els.map(a => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


def problems_by_stage(page: Page) -> dict[str, str]:
    """One reference per stage (scanning ... closed, rejected) from the list at /arenden."""
    page.goto("/arenden")
    rows: list[list[str]] = page.eval_on_selector_all(
        "main tbody tr",
        """rows => rows.map(r => [
             (r.querySelector('a[href^="/arenden/"]') || {}).textContent || '',
             ((r.querySelector('.stage') || {}).className || '').replace('stage ', '')])""",
    )
    found: dict[str, str] = {}
    for reference, stage in rows:
        if reference and stage:
            found.setdefault(stage.removeprefix("stage-"), reference.strip())
    return found


def nav_pages(page: Page) -> list[str]:
    return links(page, "nav[aria-label='Huvudmeny'] a")


@pytest.fixture(scope="module")
def admin(installation: tuple[Path, dict[str, User]]) -> User:
    """An administrator of Kungsör, added with the command line like the other users."""
    return add_user(installation[0], role="admin", name="Alva Berg", organisation="kommun")


def assert_clean(findings: Findings, role: str) -> None:
    assert findings.pages, f"no page of {role} was checked"
    assert not findings.problems, f"{role}'s pages:\n" + "\n".join(findings.problems)


def test_lokala_bras_pages_fit_a_phone_and_a_desk_and_print_without_controls(
    page: Page, users: dict[str, User]
) -> None:
    """Lokala BRÅ's pages: the navigation's, a case at each stage, Granskning, a group's
    board, a case's history and the error page fit 390 and 1366 pixels, their buttons can be
    pressed, and print drops navigation, buttons and forms."""
    login(page, users["bra"].token)
    found = Findings()
    shots = {"/oversikt": "bra-oversikt", "/arenden": "arenden"}
    for path in nav_pages(page):
        found.visit(page, path, f"lokala BRÅ: {path}", shots.get(path))
    stages = problems_by_stage(page)
    assert {"scanning", "analysis", "response", "assessment"} <= stages.keys(), stages
    for stage, reference in stages.items():
        found.visit(page, f"/arenden/{reference}", f"lokala BRÅ: Ärende ({stage})")
    page.goto("/oversikt")
    reviews = links(page, "main a[href^='/granskning/']")
    assert reviews, "the demo has a follow-up waiting for review"
    found.visit(page, reviews[0], "lokala BRÅ: Granskning", "granskning")
    page.goto("/grupper")
    boards = links(page, "main a[href^='/grupper/']")
    found.visit(page, boards[0], "lokala BRÅ: Gruppens tavla")
    history = f"/historik/{stages['response']}"
    found.visit(page, history, "lokala BRÅ: Historik för ett ärende", "historik")
    found.visit(page, MISSING_PROBLEM, "lokala BRÅ: felsidan")
    assert_clean(found, "lokala BRÅ")
    assert found.buttons > 10, f"only {found.buttons} buttons checked"


def test_a_members_pages_and_step_forms_fit_a_phone_and_a_desk(
    page: Page, users: dict[str, User]
) -> None:
    """A member of UNG-gruppen: the group's board, the list and their cases at each stage
    with every step form opened; every button within the screen and pressable."""
    login(page, users["member"].token)
    found = Findings()
    found.check(
        page,
        "medlem: startsidan (gruppens tavla)",
        {"telefon": "gruppens-tavla", "dator": "gruppens-tavla"},
    )
    for path in nav_pages(page):
        found.visit(page, path, f"medlem: {path}")
    stages = problems_by_stage(page)
    assert stages, "the member's group has cases"
    for stage, reference in stages.items():
        shot = "arende" if stage == "response" else None
        found.visit(page, f"/arenden/{reference}", f"medlem: Ärende ({stage})", shot)
    assert_clean(found, "medlem")


def test_the_auditors_administrators_and_login_pages_fit_a_phone_and_a_desk(
    page: Page, users: dict[str, User], admin: User
) -> None:
    """The login page and the error page without a login, the auditor's pages (Historik
    among them) and the administrator's page."""
    found = Findings()
    found.visit(page, "/logga-in", "Logga in")
    found.visit(page, "/finns-inte", "felsidan utan inloggning")
    login(page, users["auditor"].token)
    for path in nav_pages(page):
        found.visit(page, path, f"granskare: {path}")
    page.context.clear_cookies()
    login(page, admin.token)
    for path in nav_pages(page):
        found.visit(page, path, f"administratör: {path}")
    assert_clean(found, "granskare, administratör, utan inloggning")


def test_a_case_prints_on_several_a4_pages_without_the_menu(
    page: Page, users: dict[str, User]
) -> None:
    """An Ärende in its follow-up stage printed to PDF on A4: more than one page (a page per
    SARA stage), and none of the layout's controls ("Logga ut") in its text."""
    login(page, users["bra"].token)
    stages = problems_by_stage(page)
    page.goto(f"/arenden/{stages['assessment']}")
    page.emulate_media(media="print")
    printed_text = page.locator("body").inner_text()
    assert "Logga ut" not in printed_text
    assert "Nästa steg" not in printed_text
    pdf = PdfReader(BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) > 1, f"the printed case takes {len(pdf.pages)} page"
    sheets = [sheet.extract_text() for sheet in pdf.pages]
    assert "Logga ut" not in "\n".join(sheets)
    assert stages["assessment"] in sheets[0]
    for stage in ("Analysera", "Åtgärda", "Följa upp"):
        assert any(text.lstrip().startswith(stage) for text in sheets), f"{stage} starts no page"
    size = pdf.pages[0].mediabox  # A4: 595 x 842 points
    assert abs(float(size.width) - 595) < 2, size
    assert abs(float(size.height) - 842) < 2, size
