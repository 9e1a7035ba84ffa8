"""Historik: a case's timeline, its state as of an event, the hash chain's integrity and the
exports, for auditors and lokala BRÅ; members and outsiders see nothing of it."""

from __future__ import annotations

import itertools
import json
import re
from html import unescape
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from web_helpers import (
    CLOSED_CASE,
    WebWorld,
    csrf_token,
    demo_reference,
    login,
    structure,
    world_of,
)

from problemorienterat.audit.checkpoint import load_or_create_signing_key, make_checkpoint
from problemorienterat.audit.verify import verify_chain
from problemorienterat.domain.problem import Problem
from problemorienterat.formatting import number_text
from problemorienterat.history_text import CaseNames
from problemorienterat.infrastructure.chain_store import chain_store
from problemorienterat.labels import label
from web import case_history

CASE = CLOSED_CASE  # closed after a whole SARA cycle (Grannsamverkan Valla)
OTHER_GROUPS_CASE = CASE  # not UNG-gruppen's: the demo member is in UNG-gruppen only


def _text(html: str) -> str:
    """The page's visible text, tags removed and white space collapsed."""
    body = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _timeline(html: str) -> list[tuple[int, str]]:
    """(version, label) of every event on the timeline, in page order."""
    return [
        (int(version), unescape(label))
        for version, label in re.findall(
            r'<li id="h(\d+)" class="event[^"]*"[^>]*>\s*<p class="event-label">([^<]+)</p>', html
        )
    ]


def _state(html: str) -> str:
    """The text of the "Läget" section."""
    found = re.search(r'<section id="laget".*?</section>', html, flags=re.S)
    assert found is not None, "the page shows no state"
    return _text(found.group(0))


def _problem(world: WebWorld, reference: str) -> Problem:
    return world.application.get_problem(world.demo.problems[reference])


def _version_of(world: WebWorld, reference: str, event_type: str) -> int:
    entries = world.application.history(world.demo.problems[reference])
    return next(e.version for e in entries if e.event_type == event_type)


def _reads(world: WebWorld, reference: str) -> list[tuple[str, str]]:
    """(user id, what) of every read recorded for the case."""
    return [
        (r.actor.user_id if r.actor else "", r.payload["what"])
        for r in world.application.reads_of(world.demo.problems[reference])
    ]


# ---------------------------------------------------------------------------- the timeline


@pytest.mark.parametrize("role", ["auditor", "bra"])
def test_the_timeline_lists_every_event_in_order(client: TestClient[Litestar], role: str) -> None:
    """Every event of the case's history is on the timeline, in version order, with its
    Swedish label, position, version, time and who recorded it."""
    world = world_of(client)
    login(client, role)
    answer = client.get(f"/historik/{CASE}")
    assert answer.status_code == 200
    entries = world.application.history(world.demo.problems[CASE])
    from problemorienterat.labels import event_label

    assert _timeline(answer.text) == [(e.version, event_label(e.event_type)) for e in entries]
    assert len(entries) == _problem(world, CASE).version
    text = _text(answer.text)
    first = entries[0]
    assert f"Version 1 · position {first.position}" in text
    assert first.actor is not None
    assert first.actor.name in text
    assert f'<time datetime="{case_history.Moment.of(first.timestamp).iso}">' in answer.text


def _line(html: str, version: int) -> str:
    """The visible text of the timeline's line of ``version``."""
    found = re.search(rf'<li id="h{version}".*?</li>', html, re.S)
    assert found is not None, f"no line for version {version}"
    return _text(found.group(0))


def test_an_event_line_is_a_sentence_naming_the_person_and_what_happened(
    client: TestClient[Litestar],
) -> None:
    """The baseline's line is a Swedish sentence: who (name, organisation) registered the
    baseline, with the indicator, value, unit, period and area in words, not a field dump;
    the priority's line says which priority in words."""
    world = world_of(client)
    login(client, "auditor")
    html = client.get(f"/historik/{CASE}").text
    baseline = _problem(world, CASE).baseline
    assert baseline is not None
    version = _version_of(world, CASE, "BaselineRegistered")
    actor = world.application.history(world.demo.problems[CASE])[version - 1].actor
    assert actor is not None
    line = _line(html, version)
    assert (
        f"{actor.name} ({label(actor.organisation).lower()}) registrerade nollmätningen för "
        f"{baseline.indicator[0].lower()}{baseline.indicator[1:]}: {int(baseline.value)} "
        f"{baseline.unit} under perioden {baseline.period_start.isoformat()}–"
        f"{baseline.period_end.isoformat()} i {baseline.area}."
    ) in line
    assert "Mätning:" not in line
    priority = _line(html, _version_of(world, CASE, "Prioritised"))
    assert "gav problemet prioriteten hög:" in priority
    assert "Prioritet:" not in priority


def test_named_persons_are_counted_never_named() -> None:
    """A finding's named persons appear only as a number in the event line."""
    line = case_history.summary(
        "FindingRecorded",
        {
            "side": "offender",
            "description": "Två personer säljer.",
            "named_persons": [
                {"person": "p1", "value": "Kalle Anka"},
                {"person": "p2", "value": "Musse Pigg"},
            ],
        },
        None,
        CaseNames(),
    )
    assert "2 namngivna personer" in line
    assert "Kalle" not in line
    assert "Musse" not in line
    assert "gärningsperson" in line


# ---------------------------------------------------------------------------- state as of


def test_picking_an_event_shows_the_state_as_of_that_event(
    client: TestClient[Litestar],
) -> None:
    """Before the baseline was registered the state has none; after it, the state shows it;
    the picked event is highlighted (aria-current) and the latest state is the default."""
    world = world_of(client)
    login(client, "auditor")
    registered = _version_of(world, CASE, "BaselineRegistered")
    baseline = _problem(world, CASE).baseline
    assert baseline is not None

    before = client.get(f"/historik/{CASE}", params={"version": registered - 1})
    after = client.get(f"/historik/{CASE}", params={"version": registered})
    assert (before.status_code, after.status_code) == (200, 200)
    assert "Nollmätning Ingen nollmätning registrerad" in _state(before.text)
    assert baseline.indicator not in _state(before.text)
    assert f"Nollmätning {baseline.indicator}" in _state(after.text)
    assert "Analysera" in _state(after.text)
    assert f'<li id="h{registered}" class="event event-chosen" aria-current="step">' in after.text
    assert after.text.count('aria-current="step"') == 1
    assert f"Läget efter version {registered}" in _state(after.text)

    latest = client.get(f"/historik/{CASE}").text
    version = _problem(world, CASE).version
    assert f"Läget efter version {version}" in _state(latest)
    assert "Det är det senaste läget" in _state(latest)
    assert "Avslutat" in _state(latest)
    assert f'href="/historik/{CASE}?version={registered}#laget"' in latest


def test_a_version_that_does_not_exist_is_a_swedish_404(client: TestClient[Litestar]) -> None:
    """?version past the last event: the 404 page says the version does not exist."""
    world = world_of(client)
    login(client, "auditor")
    answer = client.get(f"/historik/{CASE}", params={"version": _problem(world, CASE).version + 1})
    assert answer.status_code == 404
    assert "Den versionen finns inte." in answer.text


# ---------------------------------------------------------------------------- integrity


def test_an_untouched_store_shows_an_unbroken_chain(client: TestClient[Litestar]) -> None:
    """The whole chain is verified: "Obruten kedja", how many events were checked, the
    chain's head and the time of the check."""
    world = world_of(client)
    login(client, "auditor")
    html = client.get(f"/historik/{CASE}").text
    text = _text(html)
    assert "Obruten kedja" in text
    total = number_text(world.application.recorder.max_notification_id()).replace("\xa0", " ")
    assert f"Hela händelseloggen: {total} av {total} händelser" in text
    assert "Kedjan är bruten" not in text
    assert "Ingen signerad kontrollpunkt är sparad" in text


def test_the_latest_signed_checkpoint_kept_in_the_store_is_shown(
    fresh_client: TestClient[Litestar],
) -> None:
    """`problemorienterat checkpoint` keeps what it signs; Historik shows the newest one
    signed by the installation's key (one signed by another key is not shown)."""
    world = world_of(fresh_client)
    application = world.application
    key_file = fresh_client.app.state.settings.resolved_checkpoint_key_file
    other, _ = load_or_create_signing_key(key_file.with_name("other.pem"))
    stranger = make_checkpoint(verify_chain(chain_store(application.recorder)), other)
    key, _ = load_or_create_signing_key(key_file)
    login(fresh_client, "auditor")
    application.checkpoints.add(stranger)
    assert "Ingen signerad kontrollpunkt är sparad" in _text(
        fresh_client.get(f"/historik/{CASE}").text
    )
    signed = make_checkpoint(verify_chain(chain_store(application.recorder)), key)
    application.checkpoints.add(signed)
    text = _text(fresh_client.get(f"/historik/{CASE}").text)
    assert f"Den senaste: position {signed.position}, {signed.head}" in text


class Tamperer:
    """Edits the events table behind the application's back, as
    tests/integration/test_tamper_evidence.py does."""

    def __init__(self, world: WebWorld) -> None:
        self.recorder: Any = world.application.recorder

    def edit(self, position: int) -> None:
        with self.recorder.datastore.transaction(commit=True) as c:
            c.execute(
                f"UPDATE {self.recorder.events_table_name} SET state = ? WHERE rowid = ?",  # noqa: S608
                (b'{"edited":true}', position),
            )


def _position_outside(world: WebWorld, reference: str) -> int:
    """A position of an event of another record than ``reference``."""
    own = {e.position for e in world.application.history(world.demo.problems[reference])}
    return next(p for p in range(10, 100) if p not in own)


def test_a_tampered_row_elsewhere_is_a_visible_break(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """An edited event of another record breaks the chain: the page says where and why,
    and no longer "Obruten kedja"."""
    login(fresh_client, "auditor")
    target = _position_outside(fresh_world, CASE)
    Tamperer(fresh_world).edit(target)
    answer = fresh_client.get(f"/historik/{CASE}")
    assert answer.status_code == 200
    text = _text(answer.text)
    assert "Obruten kedja" not in text
    assert f"Kedjan är bruten vid position {target}" in text
    assert "ändrad, flyttad eller omordnad" in text
    assert 'class="integrity-status integrity-broken" role="alert"' in answer.text


def test_a_tampered_event_of_the_case_itself_is_shown_not_a_crash(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """When the case's own event no longer decodes, the page still opens: it says the
    events could not be read and where the chain breaks."""
    login(fresh_client, "auditor")
    entries = fresh_world.application.history(fresh_world.demo.problems[CASE])
    target = entries[3].position
    assert target is not None
    Tamperer(fresh_world).edit(target)
    answer = fresh_client.get(f"/historik/{CASE}")
    assert answer.status_code == 200
    text = _text(answer.text)
    assert "Ärendets händelser kunde inte läsas" in text
    assert f"Kedjan är bruten vid position {target}" in text


def test_on_a_large_store_only_the_case_is_verified_and_the_page_says_so(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the full-verification limit the page checks this case's events only, says so,
    and still finds an edit to one of them (but not one elsewhere)."""
    monkeypatch.setattr(case_history, "FULL_VERIFY_MAX_EVENTS", 10)
    login(fresh_client, "auditor")
    text = _text(fresh_client.get(f"/historik/{CASE}").text)
    assert "Obruten kedja för ärendets händelser" in text
    assert "Bara det här ärendets händelser (44 st.)" in text

    Tamperer(fresh_world).edit(_position_outside(fresh_world, CASE))
    assert "Obruten kedja för ärendets händelser" in _text(
        fresh_client.get(f"/historik/{CASE}").text
    )
    target = fresh_world.application.history(fresh_world.demo.problems[CASE])[5].position
    assert target is not None
    Tamperer(fresh_world).edit(target)
    text = _text(fresh_client.get(f"/historik/{CASE}").text)
    assert f"Kedjan är bruten vid position {target} (ärendets version 6)" in text


# ---------------------------------------------------------------------------- exports


@pytest.mark.parametrize("role", ["auditor", "bra"])
def test_the_exports_are_downloadable_by_an_overseer(
    client: TestClient[Litestar], role: str
) -> None:
    """The page links both exports; the JSON is the API's export (an attachment named for
    the case, every event with its chain link) and the HTML the readable document."""
    world = world_of(client)
    login(client, role)
    html = client.get(f"/historik/{CASE}").text
    assert f'href="/historik/{CASE}/export.json"' in html
    assert f'href="/historik/{CASE}/export.html"' in html

    exported = client.get(f"/historik/{CASE}/export.json")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/json")
    assert f'filename="{CASE}.json"' in exported.headers["content-disposition"]
    document = json.loads(exported.text)
    assert document["format"] == "problemorienterat-case-export/v1"
    assert document["case"]["reference"] == CASE
    assert len(document["events"]) == _problem(world, CASE).version
    assert all(e["link"] for e in document["events"])

    readable = client.get(f"/historik/{CASE}/export.html")
    assert readable.status_code == 200
    assert readable.headers["content-type"].startswith("text/html")
    assert CASE in readable.text


@pytest.mark.parametrize("path", ["", "/export.json", "/export.html"], ids=["page", "json", "html"])
def test_a_member_of_another_group_is_refused_everything(
    client: TestClient[Litestar], path: str
) -> None:
    """The UNG-gruppen member asking for Grannsamverkan Valla's case: 404, nothing shown."""
    login(client, "member")
    answer = client.get(f"/historik/{OTHER_GROUPS_CASE}{path}")
    assert answer.status_code == 404
    assert "Bostadsinbrott" not in answer.text


def test_a_member_reads_no_history_even_of_their_own_groups_case(
    client: TestClient[Litestar],
) -> None:
    """The API lets no member read a history: their own group's case and the list are 404."""
    world = world_of(client)
    own = next(
        ref
        for ref, pid in world.demo.problems.items()
        if str(world.application.get_problem(pid).group_id) == world.youth_group_id
    )
    login(client, "member")
    for path in (f"/historik/{own}", f"/historik/{own}/export.json", "/historik"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("role", ["outsider", "member"])
def test_the_history_is_not_in_a_members_navigation(
    client: TestClient[Litestar], role: str
) -> None:
    """No link to Historik for those who may not read it."""
    login(client, role)
    assert 'href="/historik"' not in client.get("/").text


@pytest.mark.parametrize("role", ["auditor", "bra"])
def test_the_history_is_in_an_overseers_navigation(client: TestClient[Litestar], role: str) -> None:
    """Auditors and lokala BRÅ find Historik in the main menu."""
    login(client, role)
    assert '<a href="/historik">Historik</a>' in client.get("/").text


def test_an_unknown_case_is_404(client: TestClient[Litestar]) -> None:
    """A reference that names no case: the Swedish 404 page."""
    login(client, "auditor")
    answer = client.get("/historik/KUN-2020-9999")
    assert answer.status_code == 404
    assert "Sidan finns inte" in answer.text


def test_without_a_login_the_page_asks_for_one(client: TestClient[Litestar]) -> None:
    """Logged out: 303 to the login page, back to the history afterwards."""
    answer = client.get(f"/historik/{CASE}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/logga-in?nasta=")


# ---------------------------------------------------------------------------- the read


def test_reading_the_history_is_recorded_in_the_access_log(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """Opening the page records "history"; picking an event also "state-as-of"; each
    export its own read, all as the logged-in auditor."""
    login(fresh_client, "auditor")
    auditor = fresh_world.user_ids["auditor"]
    assert _reads(fresh_world, CASE) == []
    fresh_client.get(f"/historik/{CASE}")
    assert _reads(fresh_world, CASE) == [(auditor, "history")]
    fresh_client.get(f"/historik/{CASE}", params={"version": 3})
    fresh_client.get(f"/historik/{CASE}/export.json")
    fresh_client.get(f"/historik/{CASE}/export.html")
    assert _reads(fresh_world, CASE) == [
        (auditor, "history"),
        (auditor, "history"),
        (auditor, "state-as-of"),
        (auditor, "export-json"),
        (auditor, "export-html"),
    ]


def test_a_refused_read_is_not_recorded(
    fresh_world: WebWorld, fresh_client: TestClient[Litestar]
) -> None:
    """A member refused the history leaves no read in the access log."""
    login(fresh_client, "member")
    fresh_client.get(f"/historik/{CASE}")
    assert _reads(fresh_world, CASE) == []


# ---------------------------------------------------------------------------- read only


def test_the_auditor_gets_no_forms_that_write(client: TestClient[Litestar]) -> None:
    """The only POST form on the pages is the layout's Logga ut; the search is a GET form."""
    login(client, "auditor")
    for path in ("/historik", f"/historik/{CASE}"):
        html = client.get(path).text
        actions = re.findall(r'<form method="post" action="([^"]+)"', html)
        assert actions == ["/logga-ut"], path


def test_a_post_to_the_history_is_refused(client: TestClient[Litestar]) -> None:
    """Even with a valid CSRF token a POST to the page changes nothing: 405."""
    world = world_of(client)
    login(client, "auditor")
    token = csrf_token(client.get(f"/historik/{CASE}").text)
    before = _problem(world, CASE).version
    answer = client.post(f"/historik/{CASE}", data={"_csrf_token": token})
    assert answer.status_code == 405
    assert _problem(world, CASE).version == before


# ---------------------------------------------------------------------------- the list


def test_the_list_offers_the_municipalitys_cases(client: TestClient[Litestar]) -> None:
    """/historik lists the cases with links to their histories, in a captioned table, with
    a labelled search field and nothing from another host."""
    world = world_of(client)
    world.wait_for_views()
    login(client, "auditor")
    html = client.get("/historik").text
    for reference in world.demo.problems:
        assert f'href="/historik/{reference}"' in html
    page = structure(html)
    assert page.unlabelled_inputs() == []
    assert page.external_urls() == []
    assert "<caption>" in html
    assert 'href="/static/historik.css"' in html


def test_a_reference_in_the_search_opens_that_case(client: TestClient[Litestar]) -> None:
    """Searching a reference (any case) goes straight to its history."""
    login(client, "bra")
    reference = demo_reference(7)
    answer = client.get("/historik", params={"sok": reference.lower()}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/historik/{reference}"


def test_an_unknown_reference_in_the_search_says_so(client: TestClient[Litestar]) -> None:
    """A reference that names no case: a message, no list."""
    login(client, "auditor")
    answer = client.get("/historik", params={"sok": "KUN-2020-9999"})
    assert answer.status_code == 200
    assert "Det finns inget ärende med referensen KUN-2020-9999" in _text(answer.text)


def test_words_in_the_search_filter_the_list(client: TestClient[Litestar]) -> None:
    """Other words search titles and descriptions: only the matching cases are listed."""
    world = world_of(client)
    world.wait_for_views()
    login(client, "auditor")
    html = client.get("/historik", params={"sok": "båtmotorer"}).text
    listed = set(re.findall(r'href="/historik/(KUN-\d{4}-\d{4})"', html))
    assert listed == {demo_reference(8)}  # Stölder av båtmotorer i hamnen


def test_the_history_page_is_accessible_and_offline(client: TestClient[Litestar]) -> None:
    """Headings in order, times as <time datetime>, the timeline as an ordered list, no
    script, nothing from another host, Swedish."""
    login(client, "auditor")
    html = client.get(f"/historik/{CASE}").text
    page = structure(html)
    assert page.html_lang == "sv"
    assert page.external_urls() == []
    assert "<script" not in html
    levels = [int(h) for h in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert '<ol class="timeline">' in html
    assert "<time datetime=" in html
