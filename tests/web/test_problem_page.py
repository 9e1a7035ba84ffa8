"""Ärende (/arenden/{reference}) and the list /arenden: what each role sees, the SARA
timeline, the chart, and every step's form — success, errors next to the fields in Swedish,
version conflicts, CSRF — authorised as the API authorises."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from problem_stages import (
    INDICATOR,
    SETUP,
    baseline,
    field_error,
    post_forms,
    problem_at,
    problem_id,
    version_on,
)
from web_helpers import SUBMITTED_CASE, WebWorld, login, structure, submit

from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.sara import (
    ActionStatus,
    CheersQuestion,
    ReviewStatus,
    Stage,
    TriangleSide,
)

SUBMITTED = SUBMITTED_CASE  # the demo's assessment awaiting lokala BRÅ (UNG-gruppen)


# ------------------------------------------------------------------ reading


def test_the_member_sees_header_timeline_and_chart_of_their_groups_problem(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Header with reference, title, Swedish stage and group; every recorded step under its
    SARA stage with the actor's name, organisation and a <time datetime>; the baseline
    versus follow-up chart as an inline SVG image with its numbers in a table."""
    login(browser, "member")
    answer = browser.get(f"/arenden/{SUBMITTED}")
    assert answer.status_code == 200
    html = answer.text
    problem = world.application.find_problem(SUBMITTED)
    assert f">{SUBMITTED}<" in html
    assert f"<h1>{problem.title}</h1>" in html
    assert '<span class="stage stage-assessment">Följa upp</span>' in html
    assert "UNG-gruppen" in html
    for stage in ("Identifiera", "Analysera", "Åtgärda", "Följa upp"):
        assert f'">{stage}</a>' in html
    events = list(world.application.repository.event_store.get(problem.id))
    assert html.count('<span class="step-what">') == len(events)
    assert "Analysen påbörjades" in html
    assert "Uppföljningen lämnades till lokala BRÅ" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d">', html)
    first_actor = events[0].actor
    assert first_actor.name in html
    svg = re.search(r"<svg role=\"img\" aria-label=\"([^\"]+)\".*?</svg>", html, re.S)
    assert svg is not None
    assert "<title>" in svg.group(0)
    assert "Nollmätning" in svg.group(1)
    assert "<caption>Värdena i diagrammet</caption>" in html
    assert re.search(r'<td class="number"[^>]*>31 klagomål</td>', html)
    assert re.search(r'<td class="number"[^>]*>12 klagomål</td>', html)


def test_a_problem_without_follow_up_has_no_chart(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The chart needs a baseline and a follow-up; with only a baseline there is none."""
    reference = problem_at(world, "response")
    login(browser, "member")
    html = browser.get(f"/arenden/{reference}").text
    assert "Nollmätning" in html
    assert "<svg" not in html


@pytest.mark.parametrize("role", ["bra", "member", "auditor"])
def test_the_page_is_labelled_and_offline_for_every_role(
    browser: TestClient[Litestar], world: WebWorld, role: str
) -> None:
    """Every input has a label, no two elements share an id (the step forms' fields carry
    their step in the id), nothing is loaded from another host, tables have captions."""
    references = [problem_at(world, p) for p in ("scanning", "analysis", "action-started")]
    references.append(problem_at(world, "assessment"))
    login(browser, role)
    for path in (*(f"/arenden/{r}" for r in references), f"/arenden/{SUBMITTED}", "/arenden"):
        html = browser.get(path).text
        page = structure(html)
        assert page.unlabelled_inputs() == [], path
        assert page.external_urls() == [], path
        assert html.count("<table") == html.count("<caption>"), path
        ids = re.findall(r' id="([^"]+)"', html)
        assert sorted({i for i in ids if ids.count(i) > 1}) == [], path


def test_a_member_of_another_group_and_an_outsider_get_404(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """A problem of Grannsamverkan Valla does not exist for the UNG-gruppen member, nor
    does UNG-gruppen's problem for a member of no group: page and forms are 404."""
    other = problem_at(world, "scanning", group="Grannsamverkan Valla")
    login(browser, "member")
    assert browser.get(f"/arenden/{other}").status_code == 404
    page = browser.get(f"/arenden/{SUBMITTED}")
    answer = browser.post(
        f"/arenden/{other}/steg/lardom",
        data={"_csrf_token": _csrf(page.text), "lesson": "x", "expected_version": "1"},
    )
    assert answer.status_code == 404
    browser.cookies.clear()
    login(browser, "outsider")
    assert browser.get(f"/arenden/{SUBMITTED}").status_code == 404


def test_the_auditor_reads_everything_but_gets_no_forms_and_a_post_is_refused(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Auditors see the whole page without one write form; a POST anyway is 403 and
    records nothing."""
    reference = problem_at(world, "assessment")
    login(browser, "auditor")
    html = browser.get(f"/arenden/{reference}").text
    assert "Testproblem (assessment)" in html
    assert post_forms(html) == []
    assert "Nästa steg" not in html
    version = world.application.find_problem(reference).version
    answer = browser.post(
        f"/arenden/{reference}/steg/lardom",
        data={
            "_csrf_token": _csrf(html),
            "lesson": "Granskaren skriver.",
            "expected_version": str(version),
        },
    )
    assert answer.status_code == 403
    assert world.application.find_problem(reference).version == version


# offered while the problem is open; the member has no other group to give the problem to
TRIAGE = {"prioritera", "fokusomrade"}


@pytest.mark.parametrize(
    ("point", "forms"),
    [
        ("scanning", TRIAGE | {"cheers", "omformulera", "avvisa"}),
        (
            "analysis",
            TRIAGE
            | {
                "iakttagelse",
                "upprepning",
                "datakalla",
                "orsak",
                "nuvarande-insatser",
                "hypotes",
                "nollmatning",
                "avsluta-analys",
            },
        ),
        ("response", TRIAGE | {"atgard", "insats", "starta-uppfoljning", "nollmatning"}),
        ("action-started", TRIAGE | {"atgard", "insats", "starta-uppfoljning"}),
        (
            "assessment",
            TRIAGE
            | {
                "uppfoljningsmatning",
                "processutvardering",
                "forflyttning",
                "effekt",
                "lardom",
                "lamna-in",
                "insats",
                "ateroppna",
            },
        ),
        ("submitted", TRIAGE | {"insats"}),
    ],
)
def test_the_forms_are_the_next_steps_of_the_stage(
    browser: TestClient[Litestar], world: WebWorld, point: str, forms: set[str]
) -> None:
    """The member of the group gets the common next steps of the problem's stage, each
    posting to its step with the CSRF token and the version the page shows."""
    reference = problem_at(world, point)
    login(browser, "member")
    html = browser.get(f"/arenden/{reference}").text
    steps = {a.rsplit("/", 1)[1] for a in post_forms(html) if "/steg/" in a}
    assert steps == forms
    if forms:
        version = world.application.find_problem(reference).version
        assert version_on(html) == str(version)
    assert html.count('name="_csrf_token"') == len(post_forms(html)) + 1  # + logout


def test_the_list_shows_a_members_own_groups_problems_only(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """/arenden for the member lists UNG-gruppen's problems, not another group's; lokala
    BRÅ sees both; the stage filter narrows the list."""
    own = problem_at(world, "scanning")
    other = problem_at(world, "scanning", group="Grannsamverkan Valla")
    login(browser, "member")
    html = browser.get("/arenden").text
    assert f'href="/arenden/{own}"' in html
    assert f'href="/arenden/{other}"' not in html
    browser.cookies.clear()
    login(browser, "bra")
    html = browser.get("/arenden").text
    assert f'href="/arenden/{own}"' in html
    assert f'href="/arenden/{other}"' in html
    filtered = browser.get("/arenden", params={"skede": "assessment"}).text
    assert f'href="/arenden/{SUBMITTED}"' in filtered
    assert f'href="/arenden/{own}"' not in filtered


def test_a_member_can_narrow_their_list_to_a_focus_area(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """``/arenden?fokus=…`` works for a member too (within their own group): only the group's
    problems linked to that focus area are listed."""
    views = world.web_app.state.projections
    index = views.problem_index("1882", group_id=UUID(str(world.youth_group_id)), limit=200).items
    linked = [p for p in index if p.focus_area_id is not None]
    assert linked, "the demo links UNG-gruppen's problems to focus areas"
    focus = linked[0].focus_area_id
    inside = {p.reference for p in index if p.focus_area_id == focus}
    outside = {p.reference for p in index} - inside
    assert outside, "the demo has UNG-gruppen problems outside that focus area"

    login(browser, "member")
    html = browser.get("/arenden", params={"fokus": str(focus)}).text

    for reference in inside:
        assert f'href="/arenden/{reference}"' in html
    for reference in outside:
        assert f'href="/arenden/{reference}"' not in html


def test_the_list_pages_on_with_a_cursor(browser: TestClient[Litestar], world: WebWorld) -> None:
    """More problems than a page: "Fler ärenden" leads to the next page, which goes on
    where the first ended."""
    for _ in range(3):
        problem_at(world, "scanning")
    login(browser, "bra")
    first = browser.get("/arenden").text
    more = re.search(r'href="(/arenden\?[^"]*efter=[^"]+)">Fler ärenden', first)
    assert more is not None
    second = browser.get(more.group(1).replace("&amp;", "&")).text
    first_refs = set(re.findall(r'<th scope="row"><a href="/arenden/([^"]+)"', first))
    second_refs = set(re.findall(r'<th scope="row"><a href="/arenden/([^"]+)"', second))
    assert second_refs
    assert not first_refs & second_refs


# ------------------------------------------------------------------ each step's form

SUCCESSES = [
    (
        "scanning",
        "cheers",
        {"harm.met": "ja", "harm.evidence": "Två skadade."},
        "CHEERS-svaren är sparade.",
    ),
    (
        "analysis",
        "iakttagelse",
        {"side": "offender", "description": "Några unga."},
        "Iakttagelsen är sparad.",
    ),
    ("analysis", "hypotes", {"hypothesis": "Mer ljus, färre skador."}, "Hypotesen är sparad."),
    (
        "analysis",
        "nollmatning",
        {
            "measure.indicator": INDICATOR,
            "measure.area": "Centrum",
            "measure.period_start": "2025-01-01",
            "measure.period_end": "2025-06-30",
            "measure.value": "15",
            "measure.unit": "anmälningar",
        },
        "Nollmätningen är registrerad.",
    ),
    (
        "response",
        "atgard",
        {
            "title": "Trygghetsvandring",
            "responsible_organisation": "polis",
            "responsible_party": "Kommunpolisen",
            "owner": "Kommunpolisen",
            "start_date": "2025-08-01",
            "due_date": "2025-09-01",
            "objective": "En vandring.",
            "mechanism": "Fler vuxna ute.",
            "kind": "situational",
            "technique": "6",
            "horizon": "short",
        },
        "Åtgärden är planerad.",
    ),
    (
        "assessment",
        "uppfoljningsmatning",
        {
            "measure.indicator": INDICATOR,
            "measure.area": "Centrum",
            "measure.period_start": "2025-07-01",
            "measure.period_end": "2025-12-31",
            "measure.value": "7,5",
        },
        "Uppföljningsmätningen är sparad.",
    ),
    (
        "assessment",
        "processutvardering",
        {"summary": "Allt gjordes.", "carried_out_as_planned": "on"},
        "Processutvärderingen är sparad.",
    ),
    (
        "assessment",
        "forflyttning",
        {"kind": "displacement", "dimension": "place", "description": "Till torget."},
        "Förflyttning eller spridning är sparad.",
    ),
    (
        "assessment",
        "effekt",
        {"outcome": "reduced", "motivation": "Från 14 till 6."},
        "Effektbedömningen är sparad.",
    ),
    ("assessment", "lardom", {"lesson": "Börja tidigare."}, "Lärdomen är sparad."),
]


@pytest.mark.parametrize(
    ("point", "step", "data", "message"), SUCCESSES, ids=[s[1] for s in SUCCESSES]
)
def test_each_form_records_its_step_as_the_member(  # noqa: PLR0917 - the parameters
    browser: TestClient[Litestar],
    world: WebWorld,
    point: str,
    step: str,
    data: dict[str, str],
    message: str,
) -> None:
    """A valid form records the step (one new event, by the logged-in member), redirects
    to the problem page (303) and says so there once."""
    reference = problem_at(world, point)
    before = world.application.find_problem(reference).version
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/{step}",
        {**data, "expected_version": version_on(page)},
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/arenden/{reference}"
    problem = world.application.find_problem(reference)
    assert problem.version == before + 1
    last = list(world.application.repository.event_store.get(problem.id))[-1]
    assert last.actor.user_id == world.user_ids["member"]
    shown = browser.get(f"/arenden/{reference}").text
    assert message in shown
    assert message not in browser.get(f"/arenden/{reference}").text


@pytest.mark.parametrize(
    ("point", "step", "stage"),
    [
        ("scanning", "starta-analys", Stage.ANALYSIS),
        ("analysis", "avsluta-analys", Stage.RESPONSE),
        ("action-started", "starta-uppfoljning", Stage.ASSESSMENT),
    ],
)
def test_the_stage_buttons_move_the_problem_on(
    browser: TestClient[Litestar], world: WebWorld, point: str, step: str, stage: Stage
) -> None:
    """Start analysis, complete analysis, start assessment: once the stage's requirements
    are met, the button moves the problem to the next stage."""
    reference = problem_at(world, point)
    pid = problem_id(world, reference)
    app = world.application
    if point == "scanning":
        for question in CheersQuestion:
            app.answer_cheers(SETUP, pid, question=question, met=True, evidence="Belagt.")
    if point == "analysis":
        app.record_finding(SETUP, pid, side=TriangleSide.PLACE, description="Mörkt.")
        app.state_hypothesis(SETUP, pid, hypothesis="Ljus hjälper.")
        app.register_baseline(SETUP, pid, measure=baseline())
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/{step}",
        {"expected_version": version_on(page)},
    )
    assert answer.status_code == 303, answer.text
    assert app.find_problem(reference).stage is stage


def test_starting_and_completing_an_action(browser: TestClient[Litestar], world: WebWorld) -> None:
    """The action's buttons: "Påbörja" starts a planned action, "Markera genomförd"
    completes a started one."""
    reference = problem_at(world, "action-planned")
    (action_id,) = world.application.find_problem(reference).actions
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    start = f"/arenden/{reference}/atgarder/{UUID(action_id)}/paborja"
    assert start in post_forms(page)
    answer = submit(browser, f"/arenden/{reference}", start, {"expected_version": version_on(page)})
    assert answer.status_code == 303
    problem = world.application.find_problem(reference)
    assert problem.actions[action_id].status is ActionStatus.STARTED
    page = browser.get(f"/arenden/{reference}").text
    complete = f"/arenden/{reference}/atgarder/{UUID(action_id)}/slutfor"
    assert complete in post_forms(page)
    answer = submit(
        browser, f"/arenden/{reference}", complete, {"expected_version": version_on(page)}
    )
    assert answer.status_code == 303
    assert world.application.find_problem(reference).actions[action_id].status is (
        ActionStatus.COMPLETED
    )


ERRORS = [
    (
        "scanning",
        "cheers",
        {"harm.met": "ja", "harm.evidence": ""},
        "f-cheers-harm-evidence",
        "Fältet måste fyllas i.",
    ),
    (
        "analysis",
        "iakttagelse",
        {"side": "offender", "description": ""},
        "f-iakttagelse-description",
        "Fältet måste fyllas i.",
    ),
    ("analysis", "hypotes", {"hypothesis": ""}, "f-hypotes-hypothesis", "Fältet måste fyllas i."),
    (
        "analysis",
        "nollmatning",
        {
            "measure.indicator": INDICATOR,
            "measure.area": "Centrum",
            "measure.period_start": "igår",
            "measure.period_end": "2025-06-30",
            "measure.value": "15",
        },
        "f-nollmatning-measure-period_start",
        "Ange ett datum som ÅÅÅÅ-MM-DD.",
    ),
    (
        "response",
        "atgard",
        {
            "title": "Vandring",
            "responsible_organisation": "polis",
            "responsible_party": "Polisen",
            "owner": "Kommunpolisen",
            "start_date": "2025-09-01",
            "due_date": "2025-08-01",
            "objective": "En.",
            "mechanism": "Fler vuxna.",
            "kind": "social",
            "horizon": "short",
        },
        "f-atgard-due_date",
        "Slutdatumet ligger före startdatumet.",
    ),
    (
        "response",
        "atgard",
        {
            "title": "Lås",
            "responsible_organisation": "kommun",
            "responsible_party": "Fastighet",
            "owner": "Fastighetschefen",
            "start_date": "2025-08-01",
            "due_date": "2025-09-01",
            "objective": "Låst.",
            "mechanism": "Svårare.",
            "kind": "situational",
            "horizon": "short",
        },
        "f-atgard-technique",
        "En situationell åtgärd anger en av de 25 teknikerna; en social åtgärd anger ingen.",
    ),
    (
        "assessment",
        "uppfoljningsmatning",
        {
            "measure.indicator": INDICATOR,
            "measure.area": "Centrum",
            "measure.period_start": "2025-07-01",
            "measure.period_end": "2025-12-31",
            "measure.value": "tolv",
        },
        "f-uppfoljningsmatning-measure-value",
        "Ange ett tal, till exempel 12 eller 12,5.",
    ),
    (
        "assessment",
        "processutvardering",
        {"summary": ""},
        "f-processutvardering-summary",
        "Fältet måste fyllas i.",
    ),
    (
        "assessment",
        "forflyttning",
        {"kind": "displacement", "description": "Någonstans."},
        "f-forflyttning-dimension",
        "Ange var förflyttningen skedde: plats, tid, mål, metod eller brottstyp.",
    ),
    (
        "assessment",
        "effekt",
        {"outcome": "", "motivation": "Bättre."},
        "f-effekt-outcome",
        "Fältet måste fyllas i.",
    ),
    ("assessment", "lardom", {"lesson": ""}, "f-lardom-lesson", "Fältet måste fyllas i."),
]


@pytest.mark.parametrize(
    ("point", "step", "data", "field_id", "message"), ERRORS, ids=[f"{e[1]}-{e[3]}" for e in ERRORS]
)
def test_each_form_shows_its_errors_next_to_the_field_in_swedish(  # noqa: PLR0917
    browser: TestClient[Litestar],
    world: WebWorld,
    point: str,
    step: str,
    data: dict[str, str],
    field_id: str,
    message: str,
) -> None:
    """Invalid input (the API's body model) or a broken domain rule on a field: the page is
    shown again (422) with the Swedish message next to that field, the input kept, the
    form open, and nothing recorded."""
    reference = problem_at(world, point)
    before = world.application.find_problem(reference).version
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/{step}",
        {**data, "expected_version": version_on(page)},
    )
    assert answer.status_code == 422, answer.text
    assert field_error(answer.text, field_id) == message
    assert f'<details class="step-form" id="steg-{step}" open>' in answer.text
    assert 'role="alert"' in answer.text
    assert world.application.find_problem(reference).version == before


def test_a_step_the_stage_does_not_allow_is_refused_with_a_swedish_message(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Completing an analysis with nothing in it: 409, the rule's Swedish text, and the
    problem stays in analysis."""
    reference = problem_at(world, "analysis")
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/avsluta-analys",
        {"expected_version": version_on(page)},
    )
    assert answer.status_code == 409
    assert "Analysen är inte klar" in answer.text
    assert world.application.find_problem(reference).stage is Stage.ANALYSIS


def test_a_stale_version_is_a_conflict_with_a_reload_link(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Someone else recorded a step after the page was opened: 409, the Swedish conflict
    message and a link to reload; the step is not recorded."""
    reference = problem_at(world, "assessment")
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    stale = version_on(page)
    world.application.record_lesson(
        SETUP, problem_id(world, reference), lesson="Någon annan hann före."
    )
    answer = browser.post(
        f"/arenden/{reference}/steg/lardom",
        data={"_csrf_token": _csrf(page), "lesson": "Min lärdom.", "expected_version": stale},
    )
    assert answer.status_code == 409
    assert "Ärendet har ändrats av någon annan" in answer.text
    assert "Ladda om sidan" in answer.text
    assert world.application.find_problem(reference).lessons == ["Någon annan hann före."]


def test_a_post_without_the_csrf_token_is_refused(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """No CSRF token: 403 (the Swedish page) and nothing recorded."""
    reference = problem_at(world, "assessment")
    login(browser, "member")
    before = world.application.find_problem(reference).version
    answer = browser.post(
        f"/arenden/{reference}/steg/lardom",
        data={"lesson": "Utan token.", "expected_version": str(before)},
    )
    assert answer.status_code == 403
    assert "Formuläret kunde inte tas emot" in answer.text
    assert world.application.find_problem(reference).version == before


def test_after_a_return_the_comments_are_shown_and_the_member_resubmits(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Lokala BRÅ's comments stand out at the top with a "Lämna in igen" button; pressing
    it submits the assessment again."""
    reference = problem_at(world, "returned")
    login(browser, "member")
    html = browser.get(f"/arenden/{reference}").text
    top = html.split('id="nasta-steg"')[0]
    assert "Lokala BRÅ har återremitterat uppföljningen" in top
    assert "Beskriv förflyttningen till torget." in top
    assert "Lämna in igen till lokala BRÅ" in top
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/lamna-in",
        {"expected_version": version_on(html)},
    )
    assert answer.status_code == 303
    assert world.application.find_problem(reference).review_status is ReviewStatus.SUBMITTED
    assert "Uppföljningen väntar på lokala BRÅ" in browser.get(f"/arenden/{reference}").text


def test_named_persons_in_findings_are_shown_as_the_privacy_rule_says(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """A finding's named person is shown to the group's member and to lokala BRÅ (who may
    see personal data) and never appears in the timeline's step details."""
    reference = problem_at(world, "analysis")
    world.application.record_finding(
        SETUP,
        problem_id(world, reference),
        side=TriangleSide.OFFENDER,
        description="En känd person.",
        named_persons=["Kalle Testsson"],
    )
    for role in ("member", "bra"):
        browser.cookies.clear()
        login(browser, role)
        html = browser.get(f"/arenden/{reference}").text
        assert "Namngivna personer: Kalle Testsson" in html
        steps = re.findall(r'<ol class="steps">.*?</ol>', html, re.S)
        assert steps
        assert not any("Kalle" in s for s in steps)


# ------------------------------------------------------------------ helpers


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_a_long_case_shows_its_effort_per_partner_and_the_first_and_newest_steps(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Sixty efforts by two partners: the page sums them per partner and lists the response
    stage's first ten and newest thirty steps, saying how many there are in all."""
    reference = problem_at(world, "action-planned")
    pid = problem_id(world, reference)
    member = world.application.get_user(world.user_ids["member"]).actor
    for i in range(60):
        world.application.record_effort(
            member,
            pid,
            organisation=Organisation.KOMMUN if i % 2 else Organisation.POLIS,
            partner="Fritid" if i % 2 else "Polisen",
            hours=1.5,
            cost_sek=100.0,
        )
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    assert "Insatser per partner" in page
    rows = re.findall(
        r"<th scope=\"row\">(Fritid|Polisen) \([^)]*\)</th>\s*<td[^>]*>([^<]+)</td>", page
    )
    assert sorted(rows) == [("Fritid", "45"), ("Polisen", "45")]
    steps = world.application.find_problem(reference).version
    assert re.search(r"Visar de 40 första och senaste av \d+ steg", page)
    assert page.count("Insats (tid och kostnad)") <= 40 < steps
