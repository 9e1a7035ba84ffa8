"""Swedish labels for the web pages and the HTML export of a case, in one place: enum
members, event types, fields and stored values.

``label(value)`` names any enum member (``{{ stage | label }}`` in a template); the unit
tests catch an enum member or a problem event without a Swedish name.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.base import MunicipalAggregate
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.erasure import ErasureBasis
from problemorienterat.domain.figures import FigureUnit
from problemorienterat.domain.grannsamverkan import AreaStatus
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import (
    ActionKind,
    ActionStatus,
    CheersQuestion,
    Outcome,
    Priority,
    ProblemSource,
    RepeatPattern,
    ReviewStatus,
    SpreadDimension,
    SpreadKind,
    Stage,
    Technique,
    TimeHorizon,
    TriangleSide,
)
from problemorienterat.domain.situation_picture import Trend
from problemorienterat.domain.working_group import GroupKind

SARA_STAGES = (Stage.SCANNING, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT)
"""The four SARA stages in order (Identifiera, Analysera, Åtgärda, Följa upp)."""
OTHER_STAGE = "Övrigt"
"""Where the HTML export puts an event of no SARA stage."""

LABELS: Mapping[type[Enum], Mapping[Enum, str]] = {
    Stage: {stage: stage.label_sv for stage in Stage},
    Role: {
        Role.MEMBER: "Medlem i arbetsgrupp",
        Role.BRA: "Lokala BRÅ",
        Role.AUDITOR: "Revisor",
        Role.ADMIN: "Administratör",
        Role.SYSTEM: "Systemet",
    },
    Organisation: {
        Organisation.KOMMUN: "Kommunen",
        Organisation.POLIS: "Polisen",
        Organisation.REGION: "Regionen",
        Organisation.BOSTADSBOLAG: "Bostadsbolag",
        Organisation.SKOLA: "Skola",
        Organisation.FORENING: "Förening",
        Organisation.RADDNINGSTJANST: "Räddningstjänsten",
        Organisation.NARINGSLIV: "Näringsliv",
        Organisation.ANNAN: "Annan",
    },
    ProblemSource: {
        ProblemSource.SITUATION_PICTURE: "Lägesbild",
        ProblemSource.CITIZEN_DIALOGUE: "Medborgardialog",
        ProblemSource.STAFF_DIALOGUE: "Medarbetardialog",
        ProblemSource.EST_REPORT: "EST-rapport",
        ProblemSource.POLICE_STATISTICS: "Polisens statistik",
        ProblemSource.SAFETY_WALK: "Trygghetsvandring",
        ProblemSource.COMPLAINT: "Klagomål",
        ProblemSource.OTHER: "Annat",
    },
    CheersQuestion: {
        CheersQuestion.COMMUNITY: "Allmänheten (community)",
        CheersQuestion.HARM: "Skada (harm)",
        CheersQuestion.EXPECTATION: "Förväntan (expectation)",
        CheersQuestion.EVENTS: "Händelser (events)",
        CheersQuestion.RECURRING: "Återkommande (recurring)",
        CheersQuestion.SIMILARITY: "Likhet (similarity)",
    },
    Priority: {Priority.HIGH: "Hög", Priority.MEDIUM: "Medel", Priority.LOW: "Låg"},
    TriangleSide: {
        TriangleSide.OFFENDER: "Gärningsperson",
        TriangleSide.TARGET: "Mål eller offer",
        TriangleSide.PLACE: "Plats",
        TriangleSide.HANDLER: "Kontrollant av gärningspersonen",
        TriangleSide.GUARDIAN: "Väktare av målet",
        TriangleSide.MANAGER: "Platsansvarig",
    },
    RepeatPattern: {
        RepeatPattern.REPEAT_OFFENDER: "Upprepad gärningsperson",
        RepeatPattern.REPEAT_VICTIM: "Upprepad utsatthet",
        RepeatPattern.REPEAT_PLACE: "Upprepad plats",
    },
    ActionKind: {ActionKind.SITUATIONAL: "Situationell", ActionKind.SOCIAL: "Social"},
    TimeHorizon: {TimeHorizon.SHORT: "Kort sikt", TimeHorizon.LONG: "Lång sikt"},
    ActionStatus: {
        ActionStatus.PLANNED: "Planerad",
        ActionStatus.STARTED: "Påbörjad",
        ActionStatus.COMPLETED: "Genomförd",
        ActionStatus.CANCELLED: "Avbruten",
        ActionStatus.DEVIATED: "Avvikelse",
    },
    Technique: {
        Technique.TARGET_HARDEN: "1. Försvåra åtkomst till målet",
        Technique.CONTROL_ACCESS: "2. Kontrollera tillträde",
        Technique.SCREEN_EXITS: "3. Kontrollera utgångar",
        Technique.DEFLECT_OFFENDERS: "4. Avled gärningspersoner",
        Technique.CONTROL_TOOLS_WEAPONS: "5. Kontrollera verktyg och vapen",
        Technique.EXTEND_GUARDIANSHIP: "6. Utöka bevakningen",
        Technique.ASSIST_NATURAL_SURVEILLANCE: "7. Underlätta naturlig övervakning",
        Technique.REDUCE_ANONYMITY: "8. Minska anonymiteten",
        Technique.UTILISE_PLACE_MANAGERS: "9. Använd platsansvariga",
        Technique.STRENGTHEN_FORMAL_SURVEILLANCE: "10. Förstärk den formella övervakningen",
        Technique.CONCEAL_TARGETS: "11. Dölj målen",
        Technique.REMOVE_TARGETS: "12. Avlägsna målen",
        Technique.IDENTIFY_PROPERTY: "13. Märk egendom",
        Technique.DISRUPT_MARKETS: "14. Stör marknaderna",
        Technique.DENY_BENEFITS: "15. Förhindra vinsterna",
        Technique.REDUCE_FRUSTRATION_AND_STRESS: "16. Minska frustration och stress",
        Technique.AVOID_DISPUTES: "17. Undvik konflikter",
        Technique.REDUCE_EMOTIONAL_AROUSAL: "18. Minska känslomässig upphetsning",
        Technique.NEUTRALISE_PEER_PRESSURE: "19. Neutralisera grupptryck",
        Technique.DISCOURAGE_IMITATION: "20. Motverka efterhärmning",
        Technique.SET_RULES: "21. Sätt upp regler",
        Technique.POST_INSTRUCTIONS: "22. Sätt upp anvisningar",
        Technique.ALERT_CONSCIENCE: "23. Väck samvetet",
        Technique.ASSIST_COMPLIANCE: "24. Underlätta regelefterlevnad",
        Technique.CONTROL_DRUGS_AND_ALCOHOL: "25. Kontrollera droger och alkohol",
    },
    SpreadKind: {
        SpreadKind.DISPLACEMENT: "Förflyttning",
        SpreadKind.DIFFUSION_OF_BENEFITS: "Spridning av vinster",
        SpreadKind.NONE_FOUND: "Ingen förflyttning eller spridning",
    },
    SpreadDimension: {
        SpreadDimension.PLACE: "Plats",
        SpreadDimension.TIME: "Tid",
        SpreadDimension.TARGET: "Mål",
        SpreadDimension.METHOD: "Metod",
        SpreadDimension.OFFENCE: "Brottstyp",
    },
    Outcome: {
        Outcome.ELIMINATED: "Problemet är borta",
        Outcome.REDUCED: "Minskat",
        Outcome.LESS_SERIOUS: "Mindre allvarligt",
        Outcome.HANDLED_BETTER: "Hanteras bättre",
        Outcome.HANDED_OVER: "Överlämnat",
        Outcome.UNCHANGED: "Oförändrat",
        Outcome.WORSE: "Förvärrat",
    },
    ReviewStatus: {
        ReviewStatus.NOT_SUBMITTED: "Inte inlämnad",
        ReviewStatus.SUBMITTED: "Väntar på lokala BRÅ",
        ReviewStatus.APPROVED: "Godkänd",
        ReviewStatus.RETURNED: "Återremitterad",
    },
    ActivityStatus: {
        ActivityStatus.PLANNED: "Planerad",
        ActivityStatus.ONGOING: "Pågår",
        ActivityStatus.DONE: "Genomförd",
        ActivityStatus.CANCELLED: "Inställd",
    },
    Trend: {
        Trend.INCREASING: "Ökande",
        Trend.DECREASING: "Minskande",
        Trend.STABLE: "Oförändrad",
        Trend.UNKNOWN: "Okänd",
    },
    FigureUnit: {
        FigureUnit.COUNT: "Antal",
        FigureUnit.PERCENT: "Procent",
        FigureUnit.PER_THOUSAND: "Per 1 000 invånare",
        FigureUnit.PER_HUNDRED_THOUSAND: "Per 100 000 invånare",
        FigureUnit.INDEX: "Index",
    },
    AreaStatus: {
        AreaStatus.ACTIVE: "Aktiv",
        AreaStatus.PAUSED: "Vilande",
        AreaStatus.ENDED: "Avslutad",
    },
    GroupKind: {
        GroupKind.YOUTH: "UNG-grupp",
        GroupKind.NEIGHBOURHOOD_WATCH: "Grannsamverkan",
        GroupKind.PROJECT: "Projektgrupp",
        GroupKind.STANDING: "Stående arbetsgrupp",
    },
    ErasureBasis: {
        ErasureBasis.REQUEST: "Begäran om radering",
        ErasureBasis.RETENTION: "Gallring",
    },
}


def label(value: Enum | None) -> str:
    """The Swedish name of an enum value ("" for None)."""
    if value is None:
        return ""
    return LABELS[type(value)][value]


def in_sentence(text: str) -> str:
    """A label inside a sentence: its first letter small ("Lokala BRÅ godkände" → "lokala
    BRÅ godkände"), never an abbreviation's (BRÅ, CHEERS, EST-rapport stay as they are)."""
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def label_of(enum_class: type[Enum], raw: str | int | None) -> str:
    """The Swedish name of an enum value given as its stored value (views hold strings)."""
    if raw is None or raw == "":
        return ""
    return label(enum_class(raw))


def choices(enum_class: type[Enum]) -> list[tuple[str, str]]:
    """(value, Swedish name) of every member, for a ``<select>`` or radio buttons."""
    return [(str(member.value), text) for member, text in LABELS[enum_class].items()]


# ------------------------------------------------------------------ events

EVENT_LABELS: Mapping[type[MunicipalAggregate.Event], str] = {
    Problem.Identified: "Problemet identifierades",
    Problem.Reformulated: "Problemet omformulerades",
    Problem.CheersAnswered: "CHEERS-fråga besvarad",
    Problem.Prioritised: "Prioriterat",
    Problem.Rejected: "Avvisat",
    Problem.GroupAssigned: "Tilldelat arbetsgrupp",
    Problem.FocusAreaLinked: "Kopplat till fokusområde i medborgarlöftet",
    Problem.AnalysisStarted: "Analysen påbörjades",
    Problem.FindingRecorded: "Iakttagelse i problemtriangeln",
    Problem.RepeatPatternClassified: "Upprepningsmönster",
    Problem.DataSourceRecorded: "Datakälla",
    Problem.CauseRecorded: "Orsak",
    Problem.CurrentResponseDescribed: "Nuvarande hantering",
    Problem.HypothesisStated: "Hypotes",
    Problem.BaselineRegistered: "Nollmätning registrerad",
    Problem.AnalysisCompleted: "Analysen avslutades",
    Problem.ActionPlanned: "Åtgärd planerad",
    Problem.ActionStarted: "Åtgärd påbörjad",
    Problem.ActionCompleted: "Åtgärd genomförd",
    Problem.ActionCancelled: "Åtgärd avbruten",
    Problem.ActionDeviated: "Avvikelse i åtgärd",
    Problem.EffortRecorded: "Insats (tid och kostnad)",
    Problem.AssessmentStarted: "Uppföljningen påbörjades",
    Problem.ProcessEvaluated: "Processutvärdering",
    Problem.FollowUpRecorded: "Uppföljningsmätning",
    Problem.SpreadRecorded: "Förflyttning eller spridning av vinster",
    Problem.OutcomeJudged: "Effekt bedömd",
    Problem.LessonRecorded: "Lärdom",
    Problem.AssessmentSubmitted: "Uppföljningen lämnades till lokala BRÅ",
    Problem.AssessmentApproved: "Lokala BRÅ godkände uppföljningen",
    Problem.AssessmentReturned: "Lokala BRÅ återremitterade uppföljningen",
    Problem.Closed: "Ärendet avslutades",
    Problem.Reopened: "Ärendet återöppnades",
}


def event_label(event_type: str) -> str:
    """The Swedish name of a problem's event type (``FindingRecorded`` → "Iakttagelse i ...")."""
    return _EVENT_LABELS_BY_NAME.get(event_type, event_type)


_EVENT_LABELS_BY_NAME = {cls.__name__: text for cls, text in EVENT_LABELS.items()}

# ------------------------------------------------------------------ fields and values

FIELD_LABELS: Mapping[str, str] = {
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
    "to_stage": "Till skede",
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
"""The fields of the problem's events, as the timeline and the export name them."""

FORM_FIELD_LABELS: Mapping[str, str] = {
    **FIELD_LABELS,
    "held_on": "Datum",
    "start_time": "Klockan",
    "participants": "Kallade",
    "present": "Närvarande",
    "decision": "Beslut",
    "justerare": "Justerare",
    "justerat_on": "Justerat den",
    "agenda_item_id": "Punkt på dagordningen",
    "keys": "Punkter",
    "token": "Åtkomsttoken",
    "expected_version": "Version",
    "year": "År",
    "code": "Kommunkod",
    "reference_prefix": "Referensprefix",
    "police_area": "Lokalpolisområde",
    "households": "Antal hushåll",
    "signs": "Antal uppsatta skyltar",
    "started_on": "Startade",
    "purpose": "Syfte",
    "parties": "Parter",
    "commitments": "Åtaganden",
    "kommun_signatory": "Undertecknare för kommunen",
    "kommun_title": "Titel",
    "polis_signatory": "Undertecknare för polisen",
    "polis_title": "Titel",
    "confirm": "Bekräftelse",
    "terminated_on": "Uppsagd",
    "termination_reason": "Skäl för uppsägning",
    "revisions": "Revideringar",
    "phone": "Telefon",
    "email": "E-post",
    "mandate": "Uppdrag",
    "valid_from": "Gäller från",
    "valid_until": "Gäller till",
    "on": "Datum",
    "signatories": "Undertecknare",
    "group": "Arbetsgrupp",
    "role": "Roll",
    "organisation": "Organisation",
    "user_id": "Användare",
    "person_id": "Kontaktperson",
    "observation_id": "Iakttagelse",
    "activity_id": "Aktivitet",
    "situation_picture_id": "Lägesbild",
    "series_id": "Siffror",
    "points": "Perioder och värden",
    "csv": "CSV-fil",
    "csv_file": "CSV-fil",
    "adopted_on": "Antagen den",
    "trend": "Trend",
    "dimension": "Dimension",
    "weighted_displacement_quotient": "Viktad förflyttningskvot (WDQ)",
    "cause": "Orsak",
    "note": "Anteckning",
    "confirmed": "Bekräftelse",
    "finding": "Iakttagelse",
    "text": "Text",
    "version": "Version",
    "at": "Tidpunkt",
    "focus_area_outcome": "Resultat för fokusområdet",
}
"""The fields of the forms: the events' fields and those only forms have."""

ENUM_OF_FIELD: Mapping[str, type[Enum]] = {
    "question": CheersQuestion,
    "side": TriangleSide,
    "pattern": RepeatPattern,
    "priority": Priority,
    "source": ProblemSource,
    "outcome": Outcome,
    "to_stage": Stage,
    "dimension": SpreadDimension,
    "technique": Technique,
    "horizon": TimeHorizon,
    "responsible_organisation": Organisation,
    "organisation": Organisation,
}
"""The enum an event field holds, so that the timeline names its stored value."""

VALUE_LABELS: Mapping[str, str] = {
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
"""Stored values as the HTML export names them, in running text."""


def field_label(name: str) -> str:
    """The Swedish label of a form field; a nested field (``measure.indicator``) by its
    last part."""
    last = name.rsplit(".", 1)[-1]
    return (
        FORM_FIELD_LABELS.get(name)
        or FORM_FIELD_LABELS.get(last)
        or last.replace("_", " ").capitalize()
    )
