"""A problem's events as Swedish sentences (problemorienterat.history_text) and the readable
HTML export built from them (problemorienterat.audit.export.case_html)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import pytest

from problemorienterat.audit.export import case_html
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.history_text import CaseNames, actor_text, event_sentence
from problemorienterat.labels import EVENT_LABELS

ANNA = Actor("u-anna", "Anna Svensson", Organisation.KOMMUN, Role.MEMBER)
GROUP, FOCUS, PROMISE, ACTION = uuid4(), uuid4(), uuid4(), uuid4()
NAMES = CaseNames(
    groups=CaseNames.keyed({GROUP: "UNG-gruppen"}),
    focus_areas=CaseNames.keyed({FOCUS: "Tryggare centrum"}),
    actions=CaseNames.keyed({ACTION: "Belysning i parken"}),
    municipalities={"1882": "Kungsör"},
)
BASELINE = {
    "measure": {
        "indicator": "Anmälda skadegörelsebrott",
        "area": "Centrum",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "value": 14.0,
        "unit": "brott",
    }
}


def test_the_baseline_reads_as_a_sentence() -> None:
    """Who (name, organisation) registered which indicator, value, period and area."""
    assert event_sentence("BaselineRegistered", BASELINE, ANNA, NAMES) == (
        "Anna Svensson (kommunen) registrerade nollmätningen för anmälda skadegörelsebrott: "
        "14 brott under perioden 2026-01-01–2026-06-30 i Centrum."
    )


def test_groups_focus_areas_and_actions_are_named_not_given_by_id() -> None:
    assign = event_sentence("GroupAssigned", {"group_id": str(GROUP)}, ANNA, NAMES)
    assert assign == "Anna Svensson (kommunen) gav problemet till arbetsgruppen UNG-gruppen."
    linked = event_sentence(
        "FocusAreaLinked",
        {"citizen_promise_id": str(PROMISE), "focus_area_id": str(FOCUS)},
        ANNA,
        NAMES,
    )
    assert "till fokusområdet ”Tryggare centrum” i medborgarlöftet." in linked
    started = event_sentence("ActionStarted", {"action_id": ACTION.hex}, ANNA, NAMES)
    assert started.endswith("registrerade att åtgärden ”Belysning i parken” har påbörjats.")
    for text in (assign, linked, started):
        assert str(GROUP) not in text
        assert str(FOCUS) not in text
        assert ACTION.hex not in text


def test_an_effort_gives_hours_and_kronor_in_swedish_numbers() -> None:
    effort = {
        "effort": {
            "organisation": "bostadsbolag",
            "partner": "Kungsörs Fastighets AB",
            "hours": 12.5,
            "cost_sek": 45000.0,
            "action_id": str(ACTION),
            "note": "",
        }
    }
    assert event_sentence("EffortRecorded", effort, ANNA, NAMES) == (
        "Anna Svensson (kommunen) registrerade en insats av Kungsörs Fastighets AB "
        "(bostadsbolag): 12,5 timmar och 45\u00a0000 kr för åtgärden ”Belysning i parken”."
    )


def test_lokala_bras_decision_quotes_the_comments() -> None:
    returned = event_sentence(
        "AssessmentReturned",
        {"comments": "Komplettera mätningen.", "minutes_reference": "BRÅ 2026-03-12 § 4"},
        Actor("u-h", "Helena Ström", Organisation.KOMMUN, Role.BRA),
        NAMES,
    )
    assert returned == (
        "Helena Ström (kommunen) återremitterade uppföljningen till arbetsgruppen för lokala "
        "BRÅ med kommentaren ”Komplettera mätningen.” (protokoll BRÅ 2026-03-12 § 4)."
    )


def test_a_decision_in_a_meeting_names_the_meeting_and_its_paragraph() -> None:
    approved = event_sentence(
        "AssessmentApproved",
        {"comments": "", "minutes_reference": None, "paragraph": 2, "decided_on": "2026-03-12"},
        Actor("u-h", "Helena Ström", Organisation.KOMMUN, Role.BRA),
        NAMES,
    )
    assert approved == (
        "Helena Ström (kommunen) godkände uppföljningen för lokala BRÅ vid lokala BRÅ:s möte "
        "2026-03-12, § 2."
    )


def test_named_persons_are_counted_never_named() -> None:
    line = event_sentence(
        "FindingRecorded",
        {
            "side": "offender",
            "description": "Två personer säljer.",
            "named_persons": [{"person": "p1", "value": "Kalle Anka"}],
        },
        ANNA,
        NAMES,
    )
    assert "1 namngiven person (visas inte här)" in line
    assert "Kalle" not in line


@pytest.mark.parametrize("event_type", [cls.__name__ for cls in EVENT_LABELS])
def test_every_event_reads_as_a_sentence_starting_with_who(event_type: str) -> None:
    """Every kind of event, even with an empty payload: who did it, a capital letter and a
    full stop, no Python values ("None", "[]", "{")."""
    sentence = event_sentence(event_type, {}, ANNA, NAMES)
    assert sentence.startswith("Anna Svensson (kommunen) ")
    assert sentence.endswith(".")
    for dump in ("None", "[]", "{", "_"):
        assert dump not in sentence


def test_who_names_the_person_and_organisation_or_says_unknown() -> None:
    assert actor_text({"name": "Jonas Ekholm", "organisation": "polis", "role": "member"}) == (
        "Jonas Ekholm (polisen)"
    )
    assert actor_text(None) == "En okänd användare"
    assert actor_text(Actor.system("Demodata")) == "Demodata"


# ---------------------------------------------------------------------------- the export


@dataclass
class _Names:
    groups: dict[str, str] = field(default_factory=lambda: {GROUP.hex: "UNG-gruppen"})
    focus_areas: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    municipalities: dict[str, str] = field(default_factory=lambda: {"1882": "Kungsör"})


def _export(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "problemorienterat-case-export/v1",
        "exported_at": "2026-06-30T22:30:00+00:00",
        "case": {
            "id": str(uuid4()),
            "reference": "KUN-2026-0001",
            "title": "Klotter i centrum",
            "municipality": "1882",
            "stage": "scanning",
            "stage_sv": "Identifiera",
            "version": len(events),
        },
        "events": [
            {
                "position": number,
                "version": number,
                "actor": {
                    "user_id": "u",
                    "name": "Anna Svensson",
                    "organisation": "kommun",
                    "role": "member",
                },
                "topic": "t",
                "changes": [],
                "stored_state": "",
                "previous_link": None,
                "link": None,
                **event,
            }
            for number, event in enumerate(events, start=1)
        ],
        "chain_head": None,
    }


def test_the_export_shows_local_times_names_and_sentences() -> None:
    """A fixed UTC time is shown as Stockholm time; the group and the municipality by name;
    an empty list is not printed as "[]"."""
    html = case_html(
        _export(
            {
                "time": "2026-12-03T09:15:00+00:00",
                "type": "Identified",
                "payload": {
                    "municipality": "1882",
                    "reference": "KUN-2026-0001",
                    "title": "Klotter i centrum",
                    "description": "Klotter på skolan.",
                    "place": "Centrum",
                    "source": "citizen_dialogue",
                    "reported_by": "Medborgardialog",
                    "frequency": None,
                    "harmed": None,
                    "group_id": str(GROUP),
                },
            },
            {
                "time": "2026-12-03T09:20:00+00:00",
                "type": "FindingRecorded",
                "payload": {"side": "place", "description": "Mörk gång.", "named_persons": []},
            },
        ),
        _Names(),
    )
    assert ">2026-12-03 10:15</time>" in html
    assert ">2026-07-01 00:30</time>" in html  # exported at, in summer time
    assert "UTC" not in html
    assert "Kommun: Kungsör (1882)" in html
    assert (
        "Anna Svensson (kommunen) identifierade problemet ”Klotter i centrum” på platsen "
        "Centrum, uppmärksammat genom medborgardialog, och gav det till arbetsgruppen "
        "UNG-gruppen."
    ) in html
    assert str(GROUP) not in html
    assert "[]" not in html
    assert "None" not in html


def test_the_export_gives_the_details_the_page_leaves_out() -> None:
    """In full (the export) a planned action's objective and mechanism follow its sentence;
    on the page (a limit) the sentence stays short."""
    planned = {
        "action": {
            "action_id": str(ACTION),
            "title": "Belysning i parken",
            "responsible_organisation": "kommun",
            "responsible_party": "Tekniska förvaltningen",
            "owner": "Parkchefen",
            "start_date": "2026-03-01",
            "due_date": "2026-05-31",
            "objective": "Alla gångvägar är upplysta.",
            "mechanism": "Den som rör sig i parken syns.",
            "kind": "situational",
            "technique": 7,
            "horizon": "short",
        }
    }
    full = event_sentence("ActionPlanned", planned, ANNA, NAMES)
    assert full.startswith(
        "Anna Svensson (kommunen) planerade åtgärden ”Belysning i parken”, en situationell "
        "åtgärd på kort sikt med kommunen som ansvarig, från 2026-03-01 till 2026-05-31. "
    )
    assert "Målet: Alla gångvägar är upplysta." in full
    assert "Teknik: 7. Underlätta naturlig övervakning." in full
    short = event_sentence("ActionPlanned", planned, ANNA, NAMES, limit=160)
    assert "Målet" not in short
