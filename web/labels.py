"""Swedish names for every enum a page shows, in one place.

``label(value)`` names any of them (``{{ stage | label }}`` in a template); an enum value
without a Swedish name is a bug the unit tests catch (every member of every enum below).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.citizen_promise import ActivityStatus
from problemorienterat.domain.erasure import ErasureBasis
from problemorienterat.domain.grannsamverkan import AreaStatus
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

LABELS: Mapping[type[Enum], Mapping[Enum, str]] = {
    Stage: {stage: stage.label_sv for stage in Stage},
    Role: {
        Role.MEMBER: "Medlem i arbetsgrupp",
        Role.BRA: "Lokala BRÅ",
        Role.AUDITOR: "Granskare",
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


def label_of(enum_class: type[Enum], raw: str | int | None) -> str:
    """The Swedish name of an enum value given as its stored value (views hold strings)."""
    if raw is None or raw == "":
        return ""
    return label(enum_class(raw))


def choices(enum_class: type[Enum]) -> list[tuple[str, str]]:
    """(value, Swedish name) of every member, for a ``<select>`` or radio buttons."""
    return [(str(member.value), text) for member, text in LABELS[enum_class].items()]
