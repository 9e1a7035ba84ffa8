"""A problem's events as Swedish sentences, for the Historik page and the HTML export:
who (name, organisation) did what, with the details in words.

"Anna Svensson (kommunen) registrerade nollmätningen för anmälda skadegörelsebrott: 14 brott
under perioden 2026-01-01–2026-06-30 i Centrum."

The sentences read the events' payloads as plain values (:mod:`problemorienterat.audit.plain`),
so they serve both the page (history entries) and the export (its JSON document). Working
groups, focus areas, actions and municipalities are named through :class:`CaseNames`, never
by id. The private persons a finding names are only counted, never named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from uuid import UUID

from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.sara import (
    ActionKind,
    CheersQuestion,
    Outcome,
    Priority,
    ProblemSource,
    RepeatPattern,
    SpreadDimension,
    SpreadKind,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.formatting import date_text, number_text, period_text
from problemorienterat.labels import in_sentence, label

UNKNOWN_ACTOR = "En okänd användare"


def id_key(raw: object) -> str:
    """An id as the lookups of :class:`CaseNames` hold it (a UUID's hex, else the text)."""
    if isinstance(raw, UUID):
        return raw.hex
    try:
        return UUID(str(raw)).hex
    except ValueError:
        return str(raw)


@dataclass(frozen=True)
class CaseNames:
    """The names of what a case's events refer to by id: working groups, focus areas and
    actions by id (any spelling of a UUID), municipalities by code."""

    groups: Mapping[str, str] = field(default_factory=dict)
    focus_areas: Mapping[str, str] = field(default_factory=dict)
    actions: Mapping[str, str] = field(default_factory=dict)
    municipalities: Mapping[str, str] = field(default_factory=dict)

    def group(self, group_id: object) -> str:
        return self.groups.get(id_key(group_id), "en arbetsgrupp som inte finns kvar")

    def focus_area(self, focus_area_id: object) -> str:
        return self.focus_areas.get(id_key(focus_area_id), "ett fokusområde som inte finns kvar")

    def action(self, action_id: object) -> str:
        return self.actions.get(id_key(action_id), "en okänd åtgärd")

    def municipality(self, code: str) -> str:
        """ "Kungsör (1882)", or the code alone when the name is not known."""
        name = self.municipalities.get(code)
        return f"{name} ({code})" if name else code

    @staticmethod
    def keyed(names: Mapping[Any, str]) -> dict[str, str]:
        """``names`` with their ids as the lookups hold them."""
        return {id_key(key): name for key, name in names.items()}


def actor_text(actor: Actor | Mapping[str, Any] | None) -> str:
    """ "Anna Svensson (kommunen)": the person who recorded an event and their organisation
    (the system by its name alone)."""
    if actor is None:
        return UNKNOWN_ACTOR
    organisation: object
    role: object
    if isinstance(actor, Actor):
        name, organisation, role = actor.name, actor.organisation.value, actor.role.value
    else:
        name = str(actor.get("name") or "")
        organisation, role = actor.get("organisation"), actor.get("role")
    if role == Role.SYSTEM.value:
        return name or label(Role.SYSTEM)
    if not name:
        return UNKNOWN_ACTOR
    where = _lower(_enum(Organisation, organisation))
    return f"{name} ({where})" if where else name


def event_sentence(
    event_type: str,
    payload: Mapping[str, Any],
    actor: Actor | Mapping[str, Any] | None,
    names: CaseNames,
    *,
    limit: int | None = None,
) -> str:
    """What the event recorded as a Swedish sentence starting with who recorded it; free
    texts cut to ``limit`` characters. With no limit (the export: the record in full) the
    details the sentence leaves out follow in sentences of their own (a problem's
    description, an action's objective and mechanism)."""
    event = _Event(payload, names, limit)
    describe = _PHRASES.get(event_type)
    phrase = describe(event) if describe else "registrerade en händelse"
    text = _sentence(f"{actor_text(actor)} {phrase}")
    details = _DETAILS.get(event_type)
    if limit is None and details is not None:
        text = " ".join([text, *(_sentence(d) for d in details(event) if d)])
    return text


# ---------------------------------------------------------------------------- the phrases


@dataclass(frozen=True)
class _Event:
    payload: Mapping[str, Any]
    names: CaseNames
    limit: int | None

    def text(self, key: str, source: Mapping[str, Any] | None = None) -> str:
        value = (source if source is not None else self.payload).get(key)
        return _short(str(value), self.limit) if value not in (None, "") else ""

    def quoted(self, key: str, source: Mapping[str, Any] | None = None) -> str:
        return f"”{self.text(key, source)}”"

    def sub(self, key: str) -> Mapping[str, Any]:
        value = self.payload.get(key)
        return value if isinstance(value, Mapping) else {}

    def action_title(self) -> str:
        return f"”{_short(self.names.action(self.payload.get('action_id')), self.limit)}”"


def _then(text: str, separator: str = ": ") -> str:
    """``separator`` and ``text``, or nothing when there is no text."""
    return f"{separator}{text}" if text else ""


def _identified(e: _Event) -> str:
    source = _lower(_enum(ProblemSource, e.payload.get("source")))
    phrase = f"identifierade problemet {e.quoted('title')} på platsen {e.text('place')}"
    if source:
        phrase += f", uppmärksammat genom {source}"
    if e.payload.get("group_id"):
        phrase += f", och gav det till arbetsgruppen {e.names.group(e.payload['group_id'])}"
    return phrase


def _cheers(e: _Event) -> str:
    question = _enum(CheersQuestion, e.payload.get("question"))
    met = "uppfylld" if e.payload.get("met") else "inte uppfylld"
    return f"bedömde CHEERS-frågan {question} som {met}" + _then(e.text("evidence"))


def _prioritised(e: _Event) -> str:
    priority = _lower(_enum(Priority, e.payload.get("priority")))
    return f"gav problemet prioriteten {priority}" + _then(e.text("reason"))


def _finding(e: _Event) -> str:
    side = _lower(_enum(TriangleSide, e.payload.get("side")))
    phrase = f"registrerade en iakttagelse om {side} i problemtriangeln" + _then(
        e.text("description")
    )
    named = e.payload.get("named_persons") or []
    if named:
        count = len(named)
        persons = "namngiven person" if count == 1 else "namngivna personer"
        phrase = _sentence(phrase) + f" Iakttagelsen nämner {count} {persons} (visas inte här)"
    return phrase


def _repeat(e: _Event) -> str:
    pattern = _lower(_enum(RepeatPattern, e.payload.get("pattern")))
    return f"klassade upprepningsmönstret som {pattern}" + _then(e.text("description"))


def _data_source(e: _Event) -> str:
    extracted = date_text(e.payload.get("extracted_on"))
    phrase = f"registrerade datakällan {e.text('name')}"
    if extracted:
        phrase += f", uttagen {extracted}"
    return phrase + _then(e.text("description"))


def _measure(e: _Event, what: str) -> str:
    measure = e.sub("measure")
    value = number_text(measure.get("value"))
    unit = e.text("unit", measure)
    amount = f"{value} {unit}" if unit else value
    period = period_text(measure.get("period_start"), measure.get("period_end"))
    phrase = f"registrerade {what} för {_lower(e.text('indicator', measure))}: {amount}"
    phrase += f" under perioden {period}"
    area = e.text("area", measure)
    return phrase + (f" i {area}" if area else "")


def _action_planned(e: _Event) -> str:
    action = e.sub("action")
    kind = _lower(_enum(ActionKind, action.get("kind")))
    horizon = _lower(_enum(TimeHorizon, action.get("horizon")))
    organisation = _lower(_enum(Organisation, action.get("responsible_organisation")))
    phrase = f"planerade åtgärden {e.quoted('title', action)}"
    details = [f"en {kind} åtgärd" if kind else ""]
    if horizon:
        details.append(f"på {horizon}")
    phrase += _then(" ".join(d for d in details if d), ", ")
    if organisation:
        phrase += f" med {organisation} som ansvarig"
    start, due = date_text(action.get("start_date")), date_text(action.get("due_date"))
    if start and due:
        phrase += f", från {start} till {due}"
    return phrase


def _effort(e: _Event) -> str:
    effort = e.sub("effort")
    organisation = _lower(_enum(Organisation, effort.get("organisation")))
    partner = e.text("partner", effort)
    who = f"{partner} ({organisation})" if partner and organisation else partner or organisation
    hours, cost = effort.get("hours") or 0, effort.get("cost_sek") or 0
    amounts = [
        f"{number_text(hours)} timmar" if hours else "",
        f"{number_text(cost)} kr" if cost else "",
    ]
    phrase = f"registrerade en insats av {who}: " + (
        " och ".join(a for a in amounts if a) or "ingen tid och ingen kostnad"
    )
    if effort.get("action_id"):
        phrase += f" för åtgärden ”{_short(e.names.action(effort['action_id']), e.limit)}”"
    return phrase + _then(e.text("note", effort))


def _process(e: _Event) -> str:
    planned = "enligt plan" if e.payload.get("carried_out_as_planned") else "inte enligt plan"
    return f"gjorde processutvärderingen: åtgärderna genomfördes {planned}" + _then(
        e.text("summary"), ". "
    )


def _spread(e: _Event) -> str:
    spread = e.sub("spread")
    kind = spread.get("kind")
    dimension = _TO_OTHER.get(str(spread.get("dimension")), "")
    description = e.text("description", spread)
    if kind == SpreadKind.NONE_FOUND.value:
        phrase = "registrerade att ingen förflyttning eller spridning av vinster hittades"
    else:
        what = _lower(_enum(SpreadKind, kind)) or "förflyttning eller spridning"
        phrase = f"registrerade {what}" + (f" till {dimension}" if dimension else "")
    phrase += _then(description)
    quotient = spread.get("weighted_displacement_quotient")
    if quotient is not None:
        phrase += f" (viktad förflyttningskvot {number_text(quotient)})"
    return phrase


_TO_OTHER: Mapping[str, str] = {
    SpreadDimension.PLACE.value: "andra platser",
    SpreadDimension.TIME.value: "andra tider",
    SpreadDimension.TARGET.value: "andra mål",
    SpreadDimension.METHOD.value: "andra tillvägagångssätt",
    SpreadDimension.OFFENCE.value: "andra brottstyper",
}
"""Where a displacement or a diffusion of benefits went, by its dimension."""


def _decision(e: _Event, verb: str) -> str:
    phrase = verb
    comments = e.text("comments")
    if comments:
        phrase += f" med kommentaren ”{comments}”"
    minutes = e.text("minutes_reference")
    if minutes:
        phrase += f" (protokoll {minutes})"
    paragraph = e.text("paragraph")
    if paragraph:
        phrase += f" vid lokala BRÅ:s möte {date_text(e.payload.get('decided_on'))}, § {paragraph}"
    return phrase


def _reopened(e: _Event) -> str:
    stage = _enum(Stage, e.payload.get("to_stage"))
    return f"öppnade ärendet igen i skedet {stage}" + _then(e.text("reason"))


_PHRASES: Mapping[str, Callable[[_Event], str]] = {
    "Identified": _identified,
    "Reformulated": lambda e: (
        f"formulerade om problemet till {e.quoted('title')}" + _then(e.text("description"))
    ),
    "CheersAnswered": _cheers,
    "Prioritised": _prioritised,
    "Rejected": lambda e: "avvisade problemet" + _then(e.text("reason")),
    "GroupAssigned": lambda e: (
        "gav problemet till arbetsgruppen " + e.names.group(e.payload.get("group_id"))
    ),
    "FocusAreaLinked": lambda e: (
        "kopplade problemet till fokusområdet ”"
        + e.names.focus_area(e.payload.get("focus_area_id"))
        + "” i medborgarlöftet"
    ),
    "AnalysisStarted": lambda e: "påbörjade analysen",
    "FindingRecorded": _finding,
    "RepeatPatternClassified": _repeat,
    "DataSourceRecorded": _data_source,
    "CauseRecorded": lambda e: "registrerade en orsak" + _then(e.text("description")),
    "CurrentResponseDescribed": lambda e: (
        "beskrev hur problemet hanteras i dag" + _then(e.text("description"))
    ),
    "HypothesisStated": lambda e: "formulerade hypotesen" + _then(e.text("hypothesis")),
    "BaselineRegistered": lambda e: _measure(e, "nollmätningen"),
    "AnalysisCompleted": lambda e: "avslutade analysen",
    "ActionPlanned": _action_planned,
    "ActionStarted": lambda e: f"registrerade att åtgärden {e.action_title()} har påbörjats",
    "ActionCompleted": lambda e: f"registrerade att åtgärden {e.action_title()} är genomförd",
    "ActionCancelled": lambda e: f"avbröt åtgärden {e.action_title()}" + _then(e.text("reason")),
    "ActionDeviated": lambda e: (
        f"registrerade en avvikelse i åtgärden {e.action_title()}" + _then(e.text("reason"))
    ),
    "EffortRecorded": _effort,
    "AssessmentStarted": lambda e: "påbörjade uppföljningen",
    "ProcessEvaluated": _process,
    "FollowUpRecorded": lambda e: _measure(e, "en uppföljningsmätning"),
    "SpreadRecorded": _spread,
    "OutcomeJudged": lambda e: (
        "bedömde effekten som ”"
        + _lower(_enum(Outcome, e.payload.get("outcome")))
        + "”"
        + _then(e.text("motivation"))
    ),
    "LessonRecorded": lambda e: "registrerade en lärdom" + _then(e.text("lesson")),
    "AssessmentSubmitted": lambda e: "lämnade in uppföljningen till lokala BRÅ",
    "AssessmentApproved": lambda e: _decision(e, "godkände uppföljningen för lokala BRÅ"),
    "AssessmentReturned": lambda e: _decision(
        e, "återremitterade uppföljningen till arbetsgruppen för lokala BRÅ"
    ),
    "Closed": lambda e: "avslutade ärendet",
    "Reopened": _reopened,
}


def _identified_details(e: _Event) -> list[str]:
    return [
        _then(e.text("description"), "Problemet beskrivs så här: "),
        _then(e.text("reported_by"), "Uppmärksammat av: "),
        _then(e.text("frequency"), "Så ofta och så länge: "),
        _then(e.text("harmed"), "De som drabbas: "),
    ]


def _action_details(e: _Event) -> list[str]:
    action = e.sub("action")
    technique = _enum(Technique, action.get("technique"))
    party, owner = e.text("responsible_party", action), e.text("owner", action)
    return [
        _then(party, "Ansvarig: ") + _then(owner, ", ägare: "),
        _then(e.text("objective", action), "Målet: "),
        _then(e.text("mechanism", action), "Så ska åtgärden verka: "),
        _then(technique, "Teknik: "),
    ]


_DETAILS: Mapping[str, Callable[[_Event], list[str]]] = {
    "Identified": _identified_details,
    "ActionPlanned": _action_details,
}
"""What the export adds after the sentence, which names only the essentials."""


# ---------------------------------------------------------------------------- words


def _enum(enum_class: type[Enum], raw: Any) -> str:
    """The Swedish name of a stored enum value ("" when there is none)."""
    if raw is None or raw == "":
        return ""
    try:
        return label(enum_class(raw))
    except (ValueError, KeyError):
        return str(raw)


def _lower(text: str) -> str:
    return in_sentence(text)


def _short(text: str, limit: int | None) -> str:
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] in ".!?…" or (text[-1] == "”" and text[-2:-1] in (".", "!", "?", "…")):
        return text
    return f"{text}."
