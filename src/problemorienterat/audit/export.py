"""A case's complete history for the record: JSON with hashes, and a readable Swedish page.

The JSON carries, for every event, the bytes as stored (base64), its chain link and the link
before it, so anyone can recompute each link offline (:func:`check_export`) and compare the
chain with a signed checkpoint. The HTML is the same history for people: a timeline per SARA
stage, each event a Swedish sentence naming who did what (times in Swedish local time), and
lokala BRÅ's decisions.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from jinja2 import Environment, PackageLoader, select_autoescape

from problemorienterat.audit.chain import link
from problemorienterat.audit.plain import plain
from problemorienterat.domain.problem import Problem, event_stage
from problemorienterat.formatting import Moment, number_text
from problemorienterat.history_text import CaseNames, actor_text, event_sentence
from problemorienterat.labels import OTHER_STAGE, SARA_STAGES, event_label, label

FORMAT = "problemorienterat-case-export/v1"

BRA_DECISIONS = frozenset(
    cls.__name__ for cls in (Problem.AssessmentApproved, Problem.AssessmentReturned)
)
STAGES = [*(label(stage) for stage in SARA_STAGES), OTHER_STAGE]


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


class NameLists(Protocol):
    """The names of what a case's events refer to by id (``case_names`` of the application)."""

    @property
    def groups(self) -> Mapping[str, str]: ...
    @property
    def focus_areas(self) -> Mapping[str, str]: ...
    @property
    def actions(self) -> Mapping[str, str]: ...
    @property
    def municipalities(self) -> Mapping[str, str]: ...


_templates = Environment(
    loader=PackageLoader("problemorienterat.audit", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters["tal"] = number_text


def case_html(export: dict[str, Any], names: NameLists | None = None) -> str:
    """The readable Swedish history of the case: every event as a sentence naming who did
    what, times in Swedish local time, groups, focus areas, actions and the municipality by
    name (``names``; without it they stay unnamed)."""
    known = (
        CaseNames(
            groups=CaseNames.keyed(names.groups),
            focus_areas=CaseNames.keyed(names.focus_areas),
            actions=CaseNames.keyed(names.actions),
            municipalities=names.municipalities,
        )
        if names is not None
        else CaseNames()
    )
    by_stage: dict[str, list[dict[str, Any]]] = {stage: [] for stage in STAGES}
    for event in export["events"]:
        stage = event_stage(event["type"])
        by_stage[label(stage) if stage in SARA_STAGES else OTHER_STAGE].append(
            {
                **event,
                "sentence": event_sentence(event["type"], event["payload"], event["actor"], known),
                "who": actor_text(event["actor"]),
                "label": event_label(event["type"]),
                "is_bra_decision": event["type"] in BRA_DECISIONS,
                "when": Moment.of(datetime.fromisoformat(event["time"])),
            }
        )
    decisions = [e for stage in by_stage.values() for e in stage if e["is_bra_decision"]]
    case = export["case"]
    return _templates.get_template("case.html.j2").render(
        case=case,
        municipality=known.municipality(case["municipality"]),
        stages=[(stage, events) for stage, events in by_stage.items() if events],
        decisions=decisions,
        exported_at=Moment.of(datetime.fromisoformat(export["exported_at"])),
        chain_head=export["chain_head"],
        event_count=len(export["events"]),
    )
