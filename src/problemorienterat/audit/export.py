"""A case's complete history for the record: JSON with hashes, and a readable Swedish page.

The JSON carries, for every event, the bytes as stored (base64), its chain link and the link
before it, so anyone can recompute each link offline (:func:`check_export`) and compare the
chain with a signed checkpoint. The HTML is the same history for people: a timeline per SARA
stage, who did what, and lokala BRÅ's decisions.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from jinja2 import Environment, PackageLoader, select_autoescape

from problemorienterat.audit.chain import link
from problemorienterat.audit.plain import plain

FORMAT = "problemorienterat-case-export/v1"

STAGE_OF_EVENT = {
    **dict.fromkeys(
        [
            "Identified",
            "Reformulated",
            "CheersAnswered",
            "Prioritised",
            "Rejected",
            "GroupAssigned",
            "FocusAreaLinked",
        ],
        "Identifiera",
    ),
    **dict.fromkeys(
        [
            "AnalysisStarted",
            "FindingRecorded",
            "RepeatPatternClassified",
            "DataSourceRecorded",
            "CauseRecorded",
            "CurrentResponseDescribed",
            "HypothesisStated",
            "BaselineRegistered",
            "AnalysisCompleted",
        ],
        "Analysera",
    ),
    **dict.fromkeys(
        [
            "ActionPlanned",
            "ActionStarted",
            "ActionCompleted",
            "ActionCancelled",
            "ActionDeviated",
            "EffortRecorded",
            "AssessmentStarted",
        ],
        "Åtgärda",
    ),
    **dict.fromkeys(
        [
            "ProcessEvaluated",
            "FollowUpRecorded",
            "SpreadRecorded",
            "OutcomeJudged",
            "LessonRecorded",
            "AssessmentSubmitted",
            "AssessmentApproved",
            "AssessmentReturned",
            "Closed",
            "Reopened",
        ],
        "Följa upp",
    ),
}
STAGES = ["Identifiera", "Analysera", "Åtgärda", "Följa upp", "Övrigt"]

EVENT_LABELS_SV = {
    "Identified": "Problemet identifierades",
    "Reformulated": "Problemet omformulerades",
    "CheersAnswered": "CHEERS-fråga besvarad",
    "Prioritised": "Prioriterat",
    "Rejected": "Avvisat",
    "GroupAssigned": "Tilldelat arbetsgrupp",
    "FocusAreaLinked": "Kopplat till fokusområde i medborgarlöftet",
    "AnalysisStarted": "Analysen påbörjades",
    "FindingRecorded": "Iakttagelse i problemtriangeln",
    "RepeatPatternClassified": "Upprepningsmönster",
    "DataSourceRecorded": "Datakälla",
    "CauseRecorded": "Orsak",
    "CurrentResponseDescribed": "Nuvarande insatser",
    "HypothesisStated": "Hypotes",
    "BaselineRegistered": "Nollmätning registrerad",
    "AnalysisCompleted": "Analysen avslutades",
    "ActionPlanned": "Åtgärd planerad",
    "ActionStarted": "Åtgärd påbörjad",
    "ActionCompleted": "Åtgärd genomförd",
    "ActionCancelled": "Åtgärd avbruten",
    "ActionDeviated": "Avvikelse i åtgärd",
    "EffortRecorded": "Insats (tid och kostnad)",
    "AssessmentStarted": "Uppföljningen påbörjades",
    "ProcessEvaluated": "Processutvärdering",
    "FollowUpRecorded": "Uppföljningsmätning",
    "SpreadRecorded": "Förflyttning eller spridning av vinster",
    "OutcomeJudged": "Effekt bedömd",
    "LessonRecorded": "Lärdom",
    "AssessmentSubmitted": "Uppföljningen lämnades till lokala BRÅ",
    "AssessmentApproved": "Lokala BRÅ godkände uppföljningen",
    "AssessmentReturned": "Lokala BRÅ återremitterade uppföljningen",
    "Closed": "Ärendet avslutades",
    "Reopened": "Ärendet återöppnades",
}
BRA_DECISIONS = {"AssessmentApproved", "AssessmentReturned"}

FIELD_LABELS_SV = {
    "municipality": "Kommun",
    "reference": "Referens",
    "title": "Rubrik",
    "description": "Beskrivning",
    "place": "Plats",
    "source": "Källa",
    "reported_by": "Uppmärksammat av",
    "frequency": "Hur ofta och hur länge",
    "harmed": "Vem drabbas",
    "group_id": "Arbetsgrupp",
    "question": "Fråga",
    "met": "Uppfylld",
    "evidence": "Underlag",
    "priority": "Prioritet",
    "reason": "Skäl",
    "citizen_promise_id": "Medborgarlöfte",
    "focus_area_id": "Fokusområde",
    "finding_id": "Iakttagelse",
    "side": "Del av problemtriangeln",
    "pattern": "Mönster",
    "name": "Namn",
    "extracted_on": "Uttaget",
    "hypothesis": "Hypotes",
    "measure": "Mätning",
    "action": "Åtgärd",
    "action_id": "Åtgärd",
    "effort": "Insats",
    "summary": "Sammanfattning",
    "carried_out_as_planned": "Genomförd enligt plan",
    "spread": "Spridning",
    "outcome": "Effekt",
    "motivation": "Motivering",
    "lesson": "Lärdom",
    "comments": "Kommentarer",
    "minutes_reference": "Protokoll",
    "to_stage": "Till steg",
    "named_persons": "Namngivna personer",
    "indicator": "Indikator",
    "area": "Område",
    "period_start": "Period från",
    "period_end": "Period till",
    "value": "Värde",
    "unit": "Enhet",
    "responsible_organisation": "Ansvarig organisation",
    "responsible_party": "Ansvarig",
    "owner": "Ägare",
    "start_date": "Start",
    "due_date": "Klart senast",
    "objective": "Mål",
    "mechanism": "Mekanism",
    "kind": "Typ",
    "technique": "Teknik (1–25)",
    "horizon": "Tidshorisont",
    "status": "Status",
    "hours": "Timmar",
    "cost_sek": "Kostnad (kr)",
    "partner": "Partner",
    "what": "Läsning",
}
VALUE_LABELS_SV = {
    "community": "Allmänheten (community)",
    "harm": "Skada (harm)",
    "expectation": "Förväntan (expectation)",
    "events": "Händelser (events)",
    "recurring": "Återkommande (recurring)",
    "similarity": "Likhet (similarity)",
    "offender": "gärningsperson",
    "target": "mål/offer",
    "place": "plats",
    "handler": "kontrollant av gärningspersonen",
    "guardian": "väktare av målet",
    "manager": "platsansvarig",
    "high": "hög",
    "medium": "medel",
    "low": "låg",
    "analysis": "Analysera",
    "response": "Åtgärda",
    "situational": "situationell",
    "social": "social",
    "short": "kort",
    "long": "lång",
    "reduced": "minskat",
    "eliminated": "eliminerat",
    "less_serious": "mindre allvarligt",
    "handled_better": "hanteras bättre",
    "handed_over": "överlämnat",
    "unchanged": "oförändrat",
    "worse": "förvärrat",
    "complaint": "klagomål",
    "situation_picture": "lägesbild",
    "citizen_dialogue": "medborgardialog",
    "staff_dialogue": "medarbetardialog",
    "est_report": "EST-rapport",
    "police_statistics": "polisens statistik",
    "safety_walk": "trygghetsvandring",
}


def case_export(
    *,
    summary: dict[str, Any],
    entries: list[Any],
    stored: dict[int, bytes],
    links: dict[int, tuple[bytes | None, bytes | None]],
    chain_head: tuple[int, bytes] | None,
) -> dict[str, Any]:
    """The machine-readable export (see module doc). ``entries`` are history entries."""
    events = []
    for entry in entries:
        previous, own = links.get(entry.version, (None, None))
        events.append(
            {
                "position": entry.position,
                "version": entry.version,
                "time": entry.timestamp.isoformat(),
                "actor": plain(entry.actor),
                "type": entry.event_type,
                "topic": summary["topics"].get(entry.version),
                "payload": entry.payload,
                "changes": entry.changes,
                "stored_state": base64.b64encode(stored.get(entry.version, b"")).decode(),
                "previous_link": previous.hex() if previous else None,
                "link": own.hex() if own else None,
            }
        )
    return {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "case": {k: v for k, v in summary.items() if k != "topics"},
        "events": events,
        "chain_head": (
            {"position": chain_head[0], "link": chain_head[1].hex()} if chain_head else None
        ),
    }


def check_export(export: dict[str, Any]) -> list[str]:
    """Recompute every exported event's link from its stored bytes; list what does not match."""
    problems = []
    originator = UUID(export["case"]["id"])
    for event in export["events"]:
        if event["link"] is None or event["previous_link"] is None or event["position"] is None:
            problems.append(f"version {event['version']}: not chained")
            continue
        expected = link(
            bytes.fromhex(event["previous_link"]),
            position=event["position"],
            originator_id=originator,
            version=event["version"],
            topic=event["topic"],
            state=base64.b64decode(event["stored_state"]),
        )
        if expected.hex() != event["link"]:
            problems.append(f"version {event['version']} (position {event['position']}) differs")
    return problems


_templates = Environment(
    loader=PackageLoader("problemorienterat.audit", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def case_html(export: dict[str, Any]) -> str:
    """The readable Swedish history of the case."""
    by_stage: dict[str, list[dict[str, Any]]] = {stage: [] for stage in STAGES}
    for event in export["events"]:
        stage = STAGE_OF_EVENT.get(event["type"], "Övrigt")
        by_stage[stage].append(
            {
                **event,
                "facts": {
                    FIELD_LABELS_SV.get(key, key): _value_sv(value)
                    for key, value in event["payload"].items()
                },
                "label": EVENT_LABELS_SV.get(event["type"], event["type"]),
                "is_bra_decision": event["type"] in BRA_DECISIONS,
                "when": _swedish_time(event["time"]),
            }
        )
    decisions = [e for stage in by_stage.values() for e in stage if e["is_bra_decision"]]
    return _templates.get_template("case.html.j2").render(
        case=export["case"],
        stages=[(stage, events) for stage, events in by_stage.items() if events],
        decisions=decisions,
        exported_at=_swedish_time(export["exported_at"]),
        chain_head=export["chain_head"],
        event_count=len(export["events"]),
    )


def _value_sv(value: Any) -> Any:
    if isinstance(value, str):
        return VALUE_LABELS_SV.get(value, value)
    if isinstance(value, dict):
        return {FIELD_LABELS_SV.get(k, k): _value_sv(v) for k, v in value.items()}
    return value


def _swedish_time(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
