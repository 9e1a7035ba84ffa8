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
from problemorienterat.domain.problem import Problem, event_stage
from problemorienterat.labels import (
    FIELD_LABELS,
    OTHER_STAGE,
    SARA_STAGES,
    VALUE_LABELS,
    event_label,
    label,
)

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
        stage = event_stage(event["type"])
        by_stage[label(stage) if stage in SARA_STAGES else OTHER_STAGE].append(
            {
                **event,
                "facts": {
                    FIELD_LABELS.get(key, key): _value_sv(value)
                    for key, value in event["payload"].items()
                },
                "label": event_label(event["type"]),
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
        return VALUE_LABELS.get(value, value)
    if isinstance(value, dict):
        return {FIELD_LABELS.get(k, k): _value_sv(v) for k, v in value.items()}
    return value


def _swedish_time(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
