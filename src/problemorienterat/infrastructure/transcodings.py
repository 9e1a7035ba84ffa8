"""How domain values become JSON in the event store, and back.

Every transcoding has an explicit, stable name: stored events refer to it forever, so a name
is never changed or reused. Dataclasses decode by keyword, so a field added later with a
default still loads from older events.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from problemorienterat.domain import (
    actor,
    agreement,
    citizen_promise,
    erasure,
    figures,
    grannsamverkan,
    measure,
    meeting,
    problem_parts,
    sara,
    situation_picture,
    working_group,
)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    def __init__(self, enum_type: type[Enum], name: str) -> None:
        self.type = enum_type
        self.name = name

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


class SetAsList(Transcoding):
    """A set in an aggregate's state (a user's ended sessions), as its sorted items: only
    snapshots hold sets (no event carries one)."""

    type = set
    name = "set"

    def encode(self, obj: set[Any]) -> list[Any]:
        return sorted(obj)

    def decode(self, data: list[Any]) -> set[Any]:
        return set(data)


class DataclassAsDict(Transcoding):
    def __init__(self, dataclass_type: type[Any], name: str) -> None:
        self.type = dataclass_type
        self.name = name

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


ENUMS: dict[str, type[Enum]] = {
    "role": actor.Role,
    "organisation": actor.Organisation,
    "stage": sara.Stage,
    "problem_source": sara.ProblemSource,
    "cheers_question": sara.CheersQuestion,
    "priority": sara.Priority,
    "triangle_side": sara.TriangleSide,
    "repeat_pattern": sara.RepeatPattern,
    "action_kind": sara.ActionKind,
    "time_horizon": sara.TimeHorizon,
    "action_status": sara.ActionStatus,
    "technique": sara.Technique,
    "spread_kind": sara.SpreadKind,
    "spread_dimension": sara.SpreadDimension,
    "outcome": sara.Outcome,
    "review_status": sara.ReviewStatus,
    "group_kind": working_group.GroupKind,
    "trend": situation_picture.Trend,
    "activity_status": citizen_promise.ActivityStatus,
    "area_status": grannsamverkan.AreaStatus,
    "erasure_basis": erasure.ErasureBasis,
    "figure_unit": figures.FigureUnit,
    "agenda_kind": meeting.AgendaKind,
    "decision_kind": meeting.DecisionKind,
}

DATACLASSES: dict[str, type[Any]] = {
    "actor": actor.Actor,
    "measure": measure.Measure,
    "cheers_answer": problem_parts.CheersAnswer,
    "finding": problem_parts.Finding,
    "repeat_pattern_note": problem_parts.RepeatPatternNote,
    "data_source": problem_parts.DataSource,
    "action": problem_parts.Action,
    "effort": problem_parts.Effort,
    "process_evaluation": problem_parts.ProcessEvaluation,
    "spread": problem_parts.Spread,
    "outcome_judgement": problem_parts.OutcomeJudgement,
    "review_decision": problem_parts.ReviewDecision,
    "group_member": working_group.Member,
    "observation": situation_picture.Observation,
    "figure_series": figures.FigureSeries,
    "figure_point": figures.FigurePoint,
    "focus_area": citizen_promise.FocusArea,
    "promise_activity": citizen_promise.Activity,
    "signatory": agreement.Signatory,
    "agreement_revision": agreement.Revision,
    "meeting_participant": meeting.Participant,
    "agenda_item": meeting.AgendaItem,
    "decision_item": meeting.DecisionItem,
    # Replaced in the application by personal_data_vault.ContactPersonAsDict (same name), which
    # seals each detail with the person's own key.
    "contact_person": grannsamverkan.ContactPerson,
}


def register_domain_transcodings(
    transcoder: JSONTranscoder,
    enums: dict[str, type[Enum]] | None = None,
    dataclass_types: dict[str, type[Any]] | None = None,
) -> None:
    """Register dates, every domain enum and every domain value object."""
    transcoder.register(DateAsISO())
    transcoder.register(SetAsList())
    for name, enum_type in {**ENUMS, **(enums or {})}.items():
        transcoder.register(EnumAsValue(enum_type, name))
    for name, dataclass_type in {**DATACLASSES, **(dataclass_types or {})}.items():
        transcoder.register(DataclassAsDict(dataclass_type, name))
