"""The vocabulary of the SARA method: stages, CHEERS, the problem triangle, the 25 techniques."""

from __future__ import annotations

from enum import Enum


class Stage(Enum):
    """Where a problem stands. Swedish labels: Identifiera · Analysera · Åtgärda · Följa upp."""

    SCANNING = "scanning"
    ANALYSIS = "analysis"
    RESPONSE = "response"
    ASSESSMENT = "assessment"
    CLOSED = "closed"
    REJECTED = "rejected"

    @property
    def label_sv(self) -> str:
        return _STAGE_LABELS_SV[self]


_STAGE_LABELS_SV = {
    Stage.SCANNING: "Identifiera",
    Stage.ANALYSIS: "Analysera",
    Stage.RESPONSE: "Åtgärda",
    Stage.ASSESSMENT: "Följa upp",
    Stage.CLOSED: "Avslutat",
    Stage.REJECTED: "Avvisat",
}


class ProblemSource(Enum):
    """How a problem came to notice."""

    SITUATION_PICTURE = "situation_picture"  # lägesbild
    CITIZEN_DIALOGUE = "citizen_dialogue"  # medborgardialog
    STAFF_DIALOGUE = "staff_dialogue"  # medarbetardialog
    EST_REPORT = "est_report"  # EST-rapport (event, skadegörelse, trygghet)
    POLICE_STATISTICS = "police_statistics"  # polisens statistik
    SAFETY_WALK = "safety_walk"  # trygghetsvandring
    COMPLAINT = "complaint"  # klagomål
    OTHER = "other"


class CheersQuestion(Enum):
    """The six questions a problem must pass before it is analysed."""

    COMMUNITY = "community"
    HARM = "harm"
    EXPECTATION = "expectation"
    EVENTS = "events"
    RECURRING = "recurring"
    SIMILARITY = "similarity"


class Priority(Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class TriangleSide(Enum):
    """The problem triangle and its controllers."""

    OFFENDER = "offender"
    TARGET = "target"
    PLACE = "place"
    HANDLER = "handler"
    GUARDIAN = "guardian"
    MANAGER = "manager"


class RepeatPattern(Enum):
    REPEAT_OFFENDER = "repeat_offender"
    REPEAT_VICTIM = "repeat_victim"
    REPEAT_PLACE = "repeat_place"


class ActionKind(Enum):
    SITUATIONAL = "situational"
    SOCIAL = "social"


class TimeHorizon(Enum):
    SHORT = "short"
    LONG = "long"


class ActionStatus(Enum):
    """planned → started → completed, or cancelled, or deviated (with a reason)."""

    PLANNED = "planned"
    STARTED = "started"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DEVIATED = "deviated"


class Technique(Enum):
    """The 25 techniques of situational crime prevention, numbered as in Cornish & Clarke."""

    TARGET_HARDEN = 1
    CONTROL_ACCESS = 2
    SCREEN_EXITS = 3
    DEFLECT_OFFENDERS = 4
    CONTROL_TOOLS_WEAPONS = 5
    EXTEND_GUARDIANSHIP = 6
    ASSIST_NATURAL_SURVEILLANCE = 7
    REDUCE_ANONYMITY = 8
    UTILISE_PLACE_MANAGERS = 9
    STRENGTHEN_FORMAL_SURVEILLANCE = 10
    CONCEAL_TARGETS = 11
    REMOVE_TARGETS = 12
    IDENTIFY_PROPERTY = 13
    DISRUPT_MARKETS = 14
    DENY_BENEFITS = 15
    REDUCE_FRUSTRATION_AND_STRESS = 16
    AVOID_DISPUTES = 17
    REDUCE_EMOTIONAL_AROUSAL = 18
    NEUTRALISE_PEER_PRESSURE = 19
    DISCOURAGE_IMITATION = 20
    SET_RULES = 21
    POST_INSTRUCTIONS = 22
    ALERT_CONSCIENCE = 23
    ASSIST_COMPLIANCE = 24
    CONTROL_DRUGS_AND_ALCOHOL = 25

    @property
    def category(self) -> str:
        """Which of the five purposes the technique serves."""
        return _TECHNIQUE_CATEGORIES[(self.value - 1) // 5]


_TECHNIQUE_CATEGORIES = (
    "increase_effort",
    "increase_risk",
    "reduce_rewards",
    "reduce_provocations",
    "remove_excuses",
)


class SpreadKind(Enum):
    """What was found beyond the target area: harm moved, or benefit spread."""

    DISPLACEMENT = "displacement"
    DIFFUSION_OF_BENEFITS = "diffusion_of_benefits"
    NONE_FOUND = "none_found"


class SpreadDimension(Enum):
    PLACE = "place"
    TIME = "time"
    TARGET = "target"
    METHOD = "method"
    OFFENCE = "offence"


class Outcome(Enum):
    """The impact scale an assessment judges the outcome on."""

    ELIMINATED = "eliminated"
    REDUCED = "reduced"
    LESS_SERIOUS = "less_serious"
    HANDLED_BETTER = "handled_better"
    HANDED_OVER = "handed_over"
    UNCHANGED = "unchanged"
    WORSE = "worse"


class ReviewStatus(Enum):
    """Where the assessment stands with lokala BRÅ."""

    NOT_SUBMITTED = "not_submitted"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
