"""Every step of a problem's SARA life as a form of the problem page: generated from the
domain's declarations (a command without a form fails here), and each new form through
the test client: it records its event as the logged-in user, a bad value is a Swedish error
next to its field (422, nothing recorded), a role that may not send it sees no form and is
refused (403), and a stale version is a conflict (409)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from problem_stages import (
    INDICATOR,
    SETUP,
    field_error,
    post_forms,
    problem_at,
    problem_id,
    version_on,
)
from web_helpers import WebWorld, csrf_token, login, submit

from problemorienterat.contracts.policy import WRITERS
from problemorienterat.domain.measure import Measure
from problemorienterat.domain.problem import PROBLEM_STEPS, Problem
from problemorienterat.domain.sara import (
    ActionStatus,
    CheersQuestion,
    Outcome,
    ReviewStatus,
    Stage,
    TriangleSide,
)
from problemorienterat.domain.working_group import GroupKind
from web.pages import review
from web.pages._problem_parts import findings_by_side
from web.pages._problem_steps import (
    ACTION_STEPS,
    CREATING_COMMAND,
    REVIEW_COMMANDS,
    STEPS,
    form_of,
)

# ------------------------------------------------------------------ generated from the domain


def test_every_form_takes_a_declared_command() -> None:
    """A form whose command the Problem does not declare would never be shown."""
    for slug, form in STEPS.items():
        assert form.command in PROBLEM_STEPS, slug
        assert form.shown_with is None or form.shown_with in PROBLEM_STEPS, slug
    for slug, action_form in ACTION_STEPS.items():
        assert action_form.command in PROBLEM_STEPS, slug


@pytest.mark.parametrize("command", list(PROBLEM_STEPS))
def test_every_problem_command_has_a_web_form_for_each_role_allowed(command: str) -> None:
    """Every command the Problem declares (but the creating one, which is the "Nytt problem"
    page) is a form of the problem page, or of Granskning for lokala BRÅ's decisions; and
    the page takes it from every role the domain allows to send it."""
    if command == CREATING_COMMAND:
        return
    roles = PROBLEM_STEPS[command].roles
    if command in REVIEW_COMMANDS:
        decision = {"approve_assessment": "godkann", "return_assessment": "returnera"}[command]
        paths = {path for route in review.ROUTES for path in route.paths}
        assert f"/granskning/{{reference:str}}/{decision}" in paths, command
        assert roles <= review.BRA_ONLY, command
        return
    assert form_of(command) is not None, f"the problem page has no form for {command}"
    assert roles <= WRITERS, f"the page refuses a role the domain allows for {command}"


# ------------------------------------------------------------------ the world


def _approved(world: WebWorld) -> str:
    reference = problem_at(world, "submitted")
    world.application.approve_assessment(SETUP, problem_id(world, reference), comments="Bra.")
    world.wait_for_views()
    return reference


def _closed(world: WebWorld) -> str:
    reference = _approved(world)
    world.application.close_problem(SETUP, problem_id(world, reference))
    world.wait_for_views()
    return reference


def _at(world: WebWorld, point: str) -> str:
    if point == "approved":
        return _approved(world)
    if point == "closed":
        return _closed(world)
    return problem_at(world, point)


def _action(world: WebWorld, reference: str) -> UUID:
    (action_id,) = world.application.find_problem(reference).actions
    return UUID(action_id)


def _path(world: WebWorld, reference: str, slug: str) -> str:
    if slug in ACTION_STEPS:
        return f"/arenden/{reference}/atgarder/{_action(world, reference)}/{slug}"
    return f"/arenden/{reference}/steg/{slug}"


def _focus_area(world: WebWorld) -> dict[str, str]:
    promise = world.application.find_citizen_promise(world.demo.municipality, 2026)
    area = next(iter(promise.focus_areas.values()))
    return {"citizen_promise_id": str(promise.id), "focus_area_id": str(area.focus_area_id)}


def _valla(world: WebWorld) -> dict[str, str]:
    return {"group_id": str(world.demo.groups["Grannsamverkan Valla"])}


Check = Callable[[Problem], bool]

# (point, role, slug, data or a function of the world giving it, what the problem then shows)
NEW_FORMS: list[tuple[str, str, str, object, Check]] = [
    (
        "scanning",
        "member",
        "omformulera",
        {"title": "Klotter vid skolan", "description": "Nytt klotter varje vecka."},
        lambda p: p.title == "Klotter vid skolan",
    ),
    (
        "scanning",
        "bra",
        "prioritera",
        {"priority": "high", "reason": "Många drabbade."},
        lambda p: p.priority is not None and p.priority.value == "high",
    ),
    ("scanning", "bra", "arbetsgrupp", _valla, lambda p: p.group_id is not None),
    ("scanning", "member", "fokusomrade", _focus_area, lambda p: p.focus_area_id is not None),
    (
        "scanning",
        "bra",
        "avvisa",
        {"reason": "Inte ett återkommande problem."},
        lambda p: p.stage is Stage.REJECTED,
    ),
    (
        "analysis",
        "member",
        "iakttagelse",
        {"side": "offender", "description": "Två kända.", "named_persons": "Kalle Testsson"},
        lambda p: len(p.findings[-1].named_persons) == 1,
    ),
    (
        "analysis",
        "member",
        "upprepning",
        {"pattern": "repeat_place", "description": "Samma vägg."},
        lambda p: len(p.repeat_patterns) == 1,
    ),
    (
        "analysis",
        "member",
        "datakalla",
        {"name": "EST-rapporter", "extracted_on": "2026-01-15"},
        lambda p: p.data_sources[-1].extracted_on == date(2026, 1, 15),
    ),
    (
        "analysis",
        "member",
        "orsak",
        {"description": "Mörkt och oövervakat."},
        lambda p: p.causes == ["Mörkt och oövervakat."],
    ),
    (
        "analysis",
        "member",
        "nuvarande-insatser",
        {"description": "Sanering varje månad."},
        lambda p: p.current_response == "Sanering varje månad.",
    ),
    (
        "response",
        "member",
        "insats",
        {"organisation": "polis", "partner": "Kommunpolisen", "hours": "7,5", "cost_sek": "0"},
        lambda p: p.efforts[-1].hours == 7.5,
    ),
    (
        "action-started",
        "member",
        "avvikelse",
        {"reason": "Lamporna kom två veckor sent."},
        lambda p: next(iter(p.actions.values())).status is ActionStatus.DEVIATED,
    ),
    (
        "action-planned",
        "bra",
        "avbryt",
        {"reason": "Fastighetsägaren sa nej."},
        lambda p: next(iter(p.actions.values())).status is ActionStatus.CANCELLED,
    ),
    ("approved", "member", "avsluta", {"confirmed": "on"}, lambda p: p.stage is Stage.CLOSED),
    (
        "assessment",
        "member",
        "ateroppna",
        {"to_stage": "response", "reason": "Fler åtgärder behövs."},
        lambda p: p.stage is Stage.RESPONSE and p.cycle == 2,
    ),
    (
        "closed",
        "bra",
        "ateroppna",
        {"to_stage": "analysis", "reason": "Problemet kom tillbaka."},
        lambda p: p.stage is Stage.ANALYSIS,
    ),
]


@pytest.mark.parametrize(
    ("point", "role", "slug", "data", "check"),
    NEW_FORMS,
    ids=[f"{f[2]}-{f[0]}" for f in NEW_FORMS],
)
def test_each_new_form_records_its_step_as_the_logged_in_user(  # noqa: PLR0917
    browser: TestClient[Litestar],
    world: WebWorld,
    point: str,
    role: str,
    slug: str,
    data: object,
    check: Check,
) -> None:
    """The form is on the page for the role, and sending it records one event by the
    logged-in user, then shows the problem again (303) with the step's message."""
    reference = _at(world, point)
    before = world.application.find_problem(reference).version
    login(browser, role)
    page = browser.get(f"/arenden/{reference}").text
    action = _path(world, reference, slug)
    assert action in post_forms(page)
    fields = data(world) if callable(data) else data
    assert isinstance(fields, dict)
    answer = submit(
        browser, f"/arenden/{reference}", action, {**fields, "expected_version": version_on(page)}
    )
    assert answer.status_code == 303, answer.text
    problem = world.application.find_problem(reference)
    assert problem.version == before + 1
    assert check(problem)
    last = list(world.application.repository.event_store.get(problem.id))[-1]
    assert last.actor.user_id == world.user_ids[role]
    message = STEPS[slug].done if slug in STEPS else ACTION_STEPS[slug].done
    assert message in browser.get(f"/arenden/{reference}").text


# (point, slug, data, the field's id, the Swedish message)
BAD_VALUES = [
    ("scanning", "omformulera", {"title": "", "description": "X"}, "f-omformulera-title", None),
    (
        "scanning",
        "prioritera",
        {"priority": "akut", "reason": "X"},
        "f-prioritera-priority",
        "Välj ett av alternativen.",
    ),
    (
        "scanning",
        "arbetsgrupp",
        {"group_id": "inte-en-grupp"},
        "f-arbetsgrupp-group_id",
        "Välj ett av alternativen.",
    ),
    ("scanning", "avvisa", {"reason": ""}, "f-avvisa-reason", "Fältet måste fyllas i."),
    (
        "scanning",
        "cheers",
        {"harm.met": "", "harm.evidence": "Två skadade."},
        "f-cheers-harm-met",
        "Välj ja eller nej.",
    ),
    (
        "analysis",
        "upprepning",
        {"pattern": "", "description": "Samma vägg."},
        "f-upprepning-pattern",
        "Fältet måste fyllas i.",
    ),
    (
        "analysis",
        "datakalla",
        {"name": "EST", "extracted_on": "15 januari"},
        "f-datakalla-extracted_on",
        "Ange ett datum som ÅÅÅÅ-MM-DD.",
    ),
    ("analysis", "orsak", {"description": ""}, "f-orsak-description", "Fältet måste fyllas i."),
    (
        "analysis",
        "nuvarande-insatser",
        {"description": ""},
        "f-nuvarande-insatser-description",
        "Fältet måste fyllas i.",
    ),
    (
        "response",
        "insats",
        {"organisation": "polis", "partner": "Polisen", "hours": "-3"},
        "f-insats-hours",
        "Värdet måste vara minst 0.",
    ),
    ("action-started", "avvikelse", {"reason": ""}, "f-atgard-{action}-avvikelse-reason", None),
    ("action-planned", "avbryt", {"reason": ""}, "f-atgard-{action}-avbryt-reason", None),
    (
        "approved",
        "avsluta",
        {},
        "f-avsluta-confirmed",
        "Kryssa i rutan för att bekräfta att ärendet avslutas.",
    ),
    (
        "assessment",
        "ateroppna",
        {"to_stage": "scanning", "reason": "Om från början."},
        "f-ateroppna-to_stage",
        "Ett problem återöppnas till Analysera eller Åtgärda.",
    ),
]


@pytest.mark.parametrize(
    ("point", "slug", "data", "field_id", "message"),
    BAD_VALUES,
    ids=[f"{b[1]}-{b[0]}" for b in BAD_VALUES],
)
def test_a_bad_value_is_a_swedish_error_next_to_its_field_and_nothing_is_recorded(  # noqa: PLR0917
    browser: TestClient[Litestar],
    world: WebWorld,
    point: str,
    slug: str,
    data: dict[str, str],
    field_id: str,
    message: str | None,
) -> None:
    reference = _at(world, point)
    before = world.application.find_problem(reference).version
    login(browser, "bra" if slug == "arbetsgrupp" else "member")  # lokala BRÅ has a choice
    page = browser.get(f"/arenden/{reference}").text
    answer = submit(
        browser,
        f"/arenden/{reference}",
        _path(world, reference, slug),
        {**data, "expected_version": version_on(page)},
    )
    assert answer.status_code == 422, answer.text
    if "{action}" in field_id:
        field_id = field_id.format(action=_action(world, reference).hex)
    assert field_error(answer.text, field_id) == (message or "Fältet måste fyllas i.")
    assert 'role="alert"' in answer.text
    assert world.application.find_problem(reference).version == before


SLUGS_BY_POINT = sorted({(f[0], f[2]) for f in NEW_FORMS} | {("scanning", "cheers")})


@pytest.mark.parametrize(("point", "slug"), SLUGS_BY_POINT, ids=[s for _, s in SLUGS_BY_POINT])
def test_the_auditor_sees_no_form_and_is_refused(
    browser: TestClient[Litestar], world: WebWorld, point: str, slug: str
) -> None:
    """Auditors may not send any step: no form on the page, 403 on a POST, nothing recorded."""
    reference = _at(world, point)
    before = world.application.find_problem(reference).version
    login(browser, "auditor")
    page = browser.get(f"/arenden/{reference}").text
    action = _path(world, reference, slug)
    assert action not in post_forms(page)
    answer = browser.post(
        action, data={"_csrf_token": csrf_token(page), "expected_version": str(before)}
    )
    assert answer.status_code == 403
    assert world.application.find_problem(reference).version == before


STALE = [
    ("scanning", "prioritera", {"priority": "low", "reason": "Få drabbade."}),
    ("scanning", "cheers", {"harm.met": "ja", "harm.evidence": "Två skadade."}),
    ("analysis", "orsak", {"description": "Mörkt."}),
    ("response", "insats", {"organisation": "kommun", "partner": "Fritid", "hours": "2"}),
    ("action-started", "avvikelse", {"reason": "Sent."}),
    ("approved", "avsluta", {"confirmed": "on"}),
    ("assessment", "ateroppna", {"to_stage": "analysis", "reason": "Om."}),
]


@pytest.mark.parametrize(("point", "slug", "data"), STALE, ids=[s[1] for s in STALE])
def test_a_stale_version_is_a_conflict(
    browser: TestClient[Litestar],
    world: WebWorld,
    point: str,
    slug: str,
    data: dict[str, str],
) -> None:
    """Someone else recorded a step after the page was opened: 409 with the Swedish
    conflict message, and the step is not recorded."""
    reference = _at(world, point)
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    world.application.record_lesson(SETUP, problem_id(world, reference), lesson="Före dig.")
    after = world.application.find_problem(reference).version
    answer = browser.post(
        _path(world, reference, slug),
        data={"_csrf_token": csrf_token(page), **data, "expected_version": version_on(page)},
    )
    assert answer.status_code == 409, answer.text
    assert "Ärendet har ändrats av någon annan" in answer.text
    assert world.application.find_problem(reference).version == after


# ------------------------------------------------------------------ what the forms show


def test_cheers_is_one_form_that_keeps_the_answers_and_records_only_changes(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """Six rows; an answered question shows its answer and evidence, an unanswered one
    preselects nothing; sending the form records only the rows that changed."""
    reference = problem_at(world, "scanning")
    pid = problem_id(world, reference)
    world.application.answer_cheers(
        SETUP, pid, question=CheersQuestion.HARM, met=False, evidence="Oklart."
    )
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    form = page.split('id="steg-cheers"')[1].split("</details>")[0]
    for question in CheersQuestion:
        assert f'name="{question.value}.met"' in form
        assert f'name="{question.value}.evidence"' in form
    harm = re.search(r'<select id="f-cheers-harm-met".*?</select>', form, re.S)
    assert harm is not None
    assert '<option value="nej" selected>' in harm.group(0)
    community = re.search(r'<select id="f-cheers-community-met".*?</select>', form, re.S)
    assert community is not None
    assert "selected" not in community.group(0)
    assert "Oklart." in form
    before = world.application.find_problem(reference).version
    data = {"harm.met": "nej", "harm.evidence": "Oklart."}  # unchanged
    data.update({"community.met": "ja", "community.evidence": "Boende klagar."})
    data.update({"events.met": "ja", "events.evidence": "Tolv anmälningar."})
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/cheers",
        {**data, "expected_version": version_on(page)},
    )
    assert answer.status_code == 303, answer.text
    problem = world.application.find_problem(reference)
    assert problem.version == before + 2
    assert set(problem.cheers) == {"harm", "community", "events"}
    assert not problem.cheers["harm"].met


def test_starting_the_analysis_is_shown_disabled_with_the_reason_until_cheers_passes(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    reference = problem_at(world, "scanning")
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    assert f"/arenden/{reference}/steg/starta-analys" not in post_forms(page)
    assert re.search(r"<button type=\"button\" disabled[^>]*>Starta analysen</button>", page)
    assert "Analysen kan inte börja förrän alla sex CHEERS-frågor" in page
    assert "Kvar i CHEERS: Allmänheten (community)" in page
    app = world.application
    for question in CheersQuestion:
        app.answer_cheers(
            SETUP, problem_id(world, reference), question=question, met=True, evidence="Belagt."
        )
    world.wait_for_views()
    page = browser.get(f"/arenden/{reference}").text
    assert f"/arenden/{reference}/steg/starta-analys" in post_forms(page)
    assert "disabled" not in page


def test_a_member_assigns_only_their_own_groups(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The member's choice lists only their own other groups (not the problem's present
    group); another group sent anyway is an error next to the field, as the API refuses it;
    one of their own is recorded."""
    app = world.application
    own = app.establish_group(
        SETUP,
        municipality=world.demo.municipality,
        name="Projektgrupp Torget",
        kind=GroupKind.PROJECT,
        mandate="Torget.",
    ).aggregate_id
    app.add_member(
        SETUP,
        own,
        user_id=world.user_ids["member"],
    )
    reference = problem_at(world, "scanning")
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    select = re.search(r'<select id="f-arbetsgrupp-group_id".*?</select>', page, re.S)
    assert select is not None
    assert f'<option value="{own}">Projektgrupp Torget</option>' in select.group(0)
    assert "UNG-gruppen" not in select.group(0)
    assert "Grannsamverkan Valla" not in select.group(0)
    before = app.find_problem(reference).version
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/arbetsgrupp",
        {**_valla(world), "expected_version": version_on(page)},
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "f-arbetsgrupp-group_id") == (
        "Välj en av dina egna arbetsgrupper."
    )
    assert app.find_problem(reference).version == before
    answer = submit(
        browser,
        f"/arenden/{reference}",
        f"/arenden/{reference}/steg/arbetsgrupp",
        {"group_id": str(own), "expected_version": str(before)},
    )
    assert answer.status_code == 303, answer.text
    assert app.find_problem(reference).group_id == own


def test_the_focus_areas_are_offered_by_name(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    reference = problem_at(world, "scanning")
    login(browser, "bra")
    page = browser.get(f"/arenden/{reference}").text
    promise = world.application.find_citizen_promise(world.demo.municipality, 2026)
    for area in promise.focus_areas.values():
        assert f'<option value="{area.focus_area_id}">{area.title}</option>' in page


def test_the_25_techniques_are_offered_by_number_and_name(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    reference = problem_at(world, "response")
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    select = re.search(r'<select id="f-atgard-technique".*?</select>', page, re.S)
    assert select is not None
    numbered = re.findall(r'<option value="(\d+)">(\d+)\. ', select.group(0))
    assert [int(v) for v, _ in numbered] == list(range(1, 26))
    assert all(v == n for v, n in numbered)


def test_the_follow_up_is_prefilled_and_an_uneven_period_is_warned_of_on_both_pages(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The follow-up form starts from the baseline's indicator and area; a follow-up of a
    month against a baseline of half a year is pointed out on Ärende and on Granskning."""
    reference = problem_at(world, "assessment")
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    assert 'id="f-uppfoljningsmatning-measure-indicator" name="measure.indicator" required' in page
    assert f'value="{INDICATOR}"' in page
    assert "181 dagar" in page
    assert "period-warning" not in page
    world.application.record_follow_up(
        SETUP,
        problem_id(world, reference),
        measure=Measure.of(
            indicator=INDICATOR,
            area="Centrum",
            period_start=date(2025, 7, 1),
            period_end=date(2025, 7, 31),
            value=2,
        ),
    )
    world.wait_for_views()
    page = browser.get(f"/arenden/{reference}").text
    assert "perioden är mycket kortare än nollmätningens" in page
    browser.cookies.clear()
    login(browser, "bra")
    pid = problem_id(world, reference)
    app = world.application
    app.evaluate_process(SETUP, pid, summary="Klart.", carried_out_as_planned=True)
    app.judge_outcome(SETUP, pid, outcome=Outcome.REDUCED, motivation="Färre.")
    app.submit_assessment(SETUP, pid)
    world.wait_for_views()
    assert app.find_problem(reference).review_status is ReviewStatus.SUBMITTED
    review_page = browser.get(f"/granskning/{reference}").text
    assert "perioden är mycket kortare än nollmätningens" in review_page


def test_the_process_evaluation_shows_how_many_planned_actions_were_completed(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    reference = problem_at(world, "assessment")
    login(browser, "member")
    page = browser.get(f"/arenden/{reference}").text
    form = page.split('id="steg-processutvardering"')[1].split("</details>")[0]
    assert "0 av 1 planerade åtgärder genomförda" in form


def test_named_persons_sent_through_the_api_are_kept_as_personal_data(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The API's RecordFinding takes ``named_persons`` too: the names are stored as
    personal data (not in the description) and shown on the page to the group's member."""
    reference = problem_at(world, "analysis")
    answer = browser.post(
        f"/api/v1/problems/{reference}/findings",
        json={"side": "offender", "description": "Två kända.", "named_persons": ["Nisse Nilsson"]},
        headers={"Authorization": f"Bearer {world.tokens['member']}"},
    )
    assert answer.status_code in (200, 201), answer.text
    finding = world.application.find_problem(reference).findings[-1]
    (person,) = finding.named_persons
    assert person.text == "Nisse Nilsson"
    assert "Nisse" not in finding.description
    world.wait_for_views()
    login(browser, "member")
    assert "Namngivna personer: Nisse Nilsson" in browser.get(f"/arenden/{reference}").text
    version = world.application.find_problem(reference).version
    too_many = browser.post(
        f"/api/v1/problems/{reference}/findings",
        json={"side": "offender", "description": "Många.", "named_persons": ["N"] * 21},
        headers={"Authorization": f"Bearer {world.tokens['member']}"},
    )
    assert too_many.status_code in (400, 422), too_many.text
    assert "named_persons" in too_many.text
    assert world.application.find_problem(reference).version == version


def test_named_persons_are_masked_for_a_reader_who_may_not_see_personal_data(
    browser: TestClient[Litestar], world: WebWorld
) -> None:
    """The page's findings name a person only to readers who may see personal data."""
    reference = problem_at(world, "analysis")
    world.application.record_finding(
        SETUP,
        problem_id(world, reference),
        side=TriangleSide.OFFENDER,
        description="En känd person.",
        named_persons=["Kalle Testsson"],
    )
    problem = world.application.find_problem(reference)
    hidden = [f.named_persons for f in findings_by_side(problem, may_see_personal_data=False)]
    shown = [f.named_persons for f in findings_by_side(problem, may_see_personal_data=True)]
    assert ("Kalle Testsson",) in shown
    assert ("Kalle Testsson",) not in hidden
    assert ("[dold]",) in hidden
