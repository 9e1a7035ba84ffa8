"""Every API route: who may use it (its access kind) and a valid body for it.

The authorisation matrix is generated from this table, and a test checks that the table
and the application's routes are the same set: a new route cannot escape the matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from world import MEASURE_BODY, YEAR, Objects

Body = Callable[[Objects], dict[str, Any]] | None


def _fixed(body: dict[str, Any]) -> Body:
    return lambda _objects: body


_TEXT = {"description": "En iakttagelse."}
_REASON = {"reason": "Ett skäl."}

# "METHOD path-template": (access kind, body)
ROUTES: dict[str, tuple[str, Body]] = {
    "GET /api/v1/me": ("anyone", None),
    "GET /api/v1/me/reminders": ("anyone", None),
    "POST /api/v1/me/reminders/digests": ("anyone", _fixed({"enabled": False})),
    "POST /api/v1/me/calendar-feed": ("anyone", None),
    "DELETE /api/v1/me/calendar-feed": ("anyone", None),
    "GET /api/v1/users": ("admin", None),
    "POST /api/v1/users": (
        "admin_create",
        lambda o: {
            "name": "Ny Användare",
            "organisation": "polis",
            "role": "member",
            "municipalities": [o.municipality],
            "group_ids": [str(o.group_id)],
        },
    ),
    "POST /api/v1/users/{user_id:str}/revocation": ("admin_object", None),
    "POST /api/v1/users/{user_id:str}/assignment": (
        "admin_object",
        lambda o: {"role": "auditor", "municipalities": [o.municipality]},
    ),
    "POST /api/v1/users/{user_id:str}/email": ("admin_object", _fixed({"email": "ny@kungsor.se"})),
    "GET /api/v1/municipalities": ("anyone", None),
    "POST /api/v1/municipalities": (
        "installation",
        _fixed({"code": "0180", "name": "Stockholm", "reference_prefix": "STO"}),
    ),
    "GET /api/v1/municipalities/{code:str}": ("municipal_read", None),
    "GET /api/v1/municipalities/{code:str}/bra-overview": ("overseer_read", None),
    "GET /api/v1/municipalities/{code:str}/groups": ("municipal_read", None),
    "GET /api/v1/municipalities/{code:str}/situation-pictures": ("municipal_read", None),
    "GET /api/v1/municipalities/{code:str}/citizen-promise-follow-up/{year:int}": (
        "municipal_read",
        None,
    ),
    "GET /api/v1/municipalities/{code:str}/citizen-promises": ("municipal_read", None),
    "GET /api/v1/municipalities/{code:str}/reports/{year:int}": ("overseer_read", None),
    # problems: queries
    "GET /api/v1/problems": ("index", None),
    "GET /api/v1/problems/{reference:str}": ("group_read", None),
    "GET /api/v1/problems/{reference:str}/history": ("group_read", None),
    # audit: replay, time travel, feed, verification, export
    "GET /api/v1/audit/problems/{reference:str}/history": ("group_overseer_read", None),
    "GET /api/v1/audit/problems/{reference:str}/as-of": ("group_overseer_read", None),
    "GET /api/v1/audit/problems/{reference:str}/reads": ("group_overseer_read", None),
    "GET /api/v1/audit/problems/{reference:str}/export.json": ("group_overseer_read", None),
    "GET /api/v1/audit/problems/{reference:str}/export.html": ("group_overseer_read", None),
    "GET /api/v1/audit/groups/{group_id:uuid}/history": ("overseer_read", None),
    "GET /api/v1/audit/groups/{group_id:uuid}/as-of": ("overseer_read", None),
    "GET /api/v1/audit/situation-pictures/{picture_id:uuid}/history": ("overseer_read", None),
    "GET /api/v1/audit/situation-pictures/{picture_id:uuid}/as-of": ("overseer_read", None),
    "GET /api/v1/audit/citizen-promises/{promise_id:uuid}/history": ("overseer_read", None),
    "GET /api/v1/audit/citizen-promises/{promise_id:uuid}/as-of": ("overseer_read", None),
    "GET /api/v1/audit/agreements/{agreement_id:uuid}/history": ("overseer_read", None),
    "GET /api/v1/audit/agreements/{agreement_id:uuid}/as-of": ("overseer_read", None),
    "GET /api/v1/audit/grannsamverkan-areas/{area_id:uuid}/history": ("overseer_read", None),
    "GET /api/v1/audit/grannsamverkan-areas/{area_id:uuid}/as-of": ("overseer_read", None),
    "GET /api/v1/audit/feed": ("overseer_any", None),
    "GET /api/v1/audit/verify": ("overseer_any", None),
    # problems: Identifiera
    "POST /api/v1/problems": (
        "create_in_group",
        lambda o: {
            "municipality": o.municipality,
            "title": "Klotter",
            "description": "Återkommande.",
            "place": "Torget",
            "source": "complaint",
            "reported_by": "Boende",
            "group_id": str(o.group_id),
            "year": YEAR,
        },
    ),
    "POST /api/v1/problems/{reference:str}/reformulations": (
        "group_write",
        _fixed({"title": "Ny titel", "description": "Ny beskrivning."}),
    ),
    "POST /api/v1/problems/{reference:str}/cheers-answers": (
        "group_write",
        _fixed({"question": "harm", "met": True, "evidence": "Ja."}),
    ),
    "POST /api/v1/problems/{reference:str}/priority": (
        "group_write",
        _fixed({"priority": "high", "reason": "Allvarligt."}),
    ),
    "POST /api/v1/problems/{reference:str}/rejection": ("group_write", _fixed(_REASON)),
    "POST /api/v1/problems/{reference:str}/group": (
        "group_write",
        lambda o: {"group_id": str(o.group_id)},
    ),
    "POST /api/v1/problems/{reference:str}/focus-area": (
        "group_write",
        lambda o: {"citizen_promise_id": str(o.promise_id), "focus_area_id": str(o.focus_area_id)},
    ),
    "POST /api/v1/problems/{reference:str}/analysis": ("group_write", None),
    # problems: Analysera
    "POST /api/v1/problems/{reference:str}/findings": (
        "group_write",
        _fixed({"side": "offender", "description": "Unga vuxna."}),
    ),
    "POST /api/v1/problems/{reference:str}/repeat-patterns": (
        "group_write",
        _fixed({"pattern": "repeat_place", "description": "Samma gångar."}),
    ),
    "POST /api/v1/problems/{reference:str}/data-sources": (
        "group_write",
        _fixed({"name": "Anmälda brott", "extracted_on": "2026-01-10"}),
    ),
    "POST /api/v1/problems/{reference:str}/causes": ("group_write", _fixed(_TEXT)),
    "POST /api/v1/problems/{reference:str}/current-response": ("group_write", _fixed(_TEXT)),
    "POST /api/v1/problems/{reference:str}/hypothesis": (
        "group_write",
        _fixed({"hypothesis": "Mörker."}),
    ),
    "POST /api/v1/problems/{reference:str}/baseline": (
        "group_write",
        _fixed({"measure": MEASURE_BODY}),
    ),
    "POST /api/v1/problems/{reference:str}/analysis-completion": ("group_write", None),
    # problems: Åtgärda
    "POST /api/v1/problems/{reference:str}/actions": (
        "group_write",
        _fixed(
            {
                "title": "Grannsamverkan",
                "responsible_organisation": "polis",
                "responsible_party": "Kommunpolisen",
                "owner": "Kommunpolisen",
                "start_date": "2026-03-01",
                "due_date": "2026-06-30",
                "objective": "Fler vakna ögon.",
                "mechanism": "Ökad risk.",
                "kind": "situational",
                "technique": 6,
            }
        ),
    ),
    "POST /api/v1/problems/{reference:str}/actions/{action_id:uuid}/start": ("group_write", None),
    "POST /api/v1/problems/{reference:str}/actions/{action_id:uuid}/completion": (
        "group_write",
        None,
    ),
    "POST /api/v1/problems/{reference:str}/actions/{action_id:uuid}/cancellation": (
        "group_write",
        _fixed(_REASON),
    ),
    "POST /api/v1/problems/{reference:str}/actions/{action_id:uuid}/deviations": (
        "group_write",
        _fixed(_REASON),
    ),
    "POST /api/v1/problems/{reference:str}/efforts": (
        "group_write",
        _fixed({"organisation": "kommun", "partner": "Fritid", "hours": 12.5}),
    ),
    "POST /api/v1/problems/{reference:str}/assessment": ("group_write", None),
    # problems: Följa upp
    "POST /api/v1/problems/{reference:str}/process-evaluation": (
        "group_write",
        _fixed({"summary": "Enligt plan.", "carried_out_as_planned": True}),
    ),
    "POST /api/v1/problems/{reference:str}/follow-ups": (
        "group_write",
        _fixed({"measure": MEASURE_BODY}),
    ),
    "POST /api/v1/problems/{reference:str}/spreads": (
        "group_write",
        _fixed({"kind": "none_found", "description": "Ingen förflyttning."}),
    ),
    "POST /api/v1/problems/{reference:str}/outcome": (
        "group_write",
        _fixed({"outcome": "reduced", "motivation": "Färre inbrott."}),
    ),
    "POST /api/v1/problems/{reference:str}/lessons": (
        "group_write",
        _fixed({"lesson": "Belysning hjälper."}),
    ),
    "POST /api/v1/problems/{reference:str}/assessment-submission": ("group_write", None),
    "POST /api/v1/problems/{reference:str}/assessment-approval": (
        "group_bra",
        _fixed({"comments": "Godkänt."}),
    ),
    "POST /api/v1/problems/{reference:str}/assessment-return": (
        "group_bra",
        _fixed({"comments": "Komplettera."}),
    ),
    "POST /api/v1/problems/{reference:str}/closure": ("group_write", None),
    "POST /api/v1/problems/{reference:str}/reopening": (
        "group_write",
        _fixed({"to_stage": "analysis", "reason": "Nya inbrott."}),
    ),
    # working groups
    "POST /api/v1/groups": (
        "municipal_bra",
        lambda o: {
            "municipality": o.municipality,
            "name": "Projektgrupp",
            "kind": "project",
            "mandate": "Ett uppdrag.",
        },
    ),
    "GET /api/v1/groups/{group_id:uuid}": ("group_read", None),
    "GET /api/v1/groups/{group_id:uuid}/board": ("group_read", None),
    "POST /api/v1/groups/{group_id:uuid}/members": (
        "municipal_bra",
        lambda o: {"user_id": o.user_id, "role_in_group": "Skolans representant"},
    ),
    "DELETE /api/v1/groups/{group_id:uuid}/members/{user_id:str}": ("municipal_bra", None),
    "POST /api/v1/groups/{group_id:uuid}/mandate": (
        "municipal_bra",
        _fixed({"mandate": "Nytt uppdrag.", "reason": "Ändrat behov."}),
    ),
    "POST /api/v1/groups/{group_id:uuid}/dissolution": ("municipal_bra", _fixed(_REASON)),
    # lokala BRÅ:s möten
    "POST /api/v1/municipalities/{code:str}/meetings": (
        "municipal_bra",
        _fixed({"held_on": "2026-03-12", "place": "Kommunhuset"}),
    ),
    "GET /api/v1/municipalities/{code:str}/meetings": ("overseer_read", None),
    "GET /api/v1/municipalities/{code:str}/agenda-proposal": ("overseer_read", None),
    "GET /api/v1/meetings/{meeting_id:uuid}": ("overseer_read", None),
    "POST /api/v1/meetings/{meeting_id:uuid}/rescheduling": (
        "municipal_bra",
        _fixed({"held_on": "2026-03-19", "place": "Stadshuset"}),
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/cancellation": ("municipal_bra", _fixed(_REASON)),
    "POST /api/v1/meetings/{meeting_id:uuid}/agenda": (
        "municipal_bra",
        _fixed({"title": "Övrigt"}),
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/agenda/proposal": ("municipal_bra", _fixed({})),
    "POST /api/v1/meetings/{meeting_id:uuid}/agenda/order": (
        "municipal_bra",
        lambda o: {"order": [str(o.agenda_item_id)]},
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/agenda/{agenda_item_id:uuid}/title": (
        "municipal_bra",
        _fixed({"title": "Ny rubrik"}),
    ),
    "DELETE /api/v1/meetings/{meeting_id:uuid}/agenda/{agenda_item_id:uuid}": (
        "municipal_bra",
        None,
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/attendance": (
        "municipal_bra",
        _fixed({"present": [{"name": "Helena Ström", "organisation": "kommun"}]}),
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/decisions": (
        "municipal_bra",
        _fixed({"title": "Information", "decision": "Informationen noteras."}),
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/decisions/assessment": (
        "municipal_bra",
        lambda o: {"reference": o.reference, "decision": "approve"},
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/decisions/situation-picture": (
        "municipal_bra",
        lambda o: {"situation_picture_id": str(o.picture_id)},
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/decisions/citizen-promise": (
        "municipal_bra",
        lambda o: {"citizen_promise_id": str(o.promise_id)},
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/decisions/working-group": (
        "municipal_bra",
        _fixed({"name": "Trygg hamn", "kind": "project", "mandate": "Öka tryggheten i hamnen."}),
    ),
    "POST /api/v1/meetings/{meeting_id:uuid}/justering": (
        "municipal_bra",
        _fixed({"justerare": ["Jonas Berg"], "justerat_on": "2026-03-12"}),
    ),
    # lägesbild
    "POST /api/v1/situation-pictures": (
        "municipal_bra",
        lambda o: {"municipality": o.municipality, "year": YEAR + 1, "summary": "Läget."},
    ),
    "GET /api/v1/situation-pictures/{picture_id:uuid}": ("municipal_read", None),
    "POST /api/v1/situation-pictures/{picture_id:uuid}/observations": (
        "municipal_bra",
        _fixed({"area": "Centrum", "description": "Klotter.", "trend": "stable", "source": "EST"}),
    ),
    "POST /api/v1/situation-pictures/{picture_id:uuid}/observations/{observation_id:uuid}"
    "/withdrawal": ("municipal_bra", _fixed(_REASON)),
    "POST /api/v1/situation-pictures/{picture_id:uuid}/observations/{observation_id:uuid}"
    "/figures": (
        "municipal_bra",
        _fixed(
            {
                "indicator": "Anmälda skadegörelsebrott",
                "unit": "count",
                "points": [{"period": "2025 H1", "value": 42}],
            }
        ),
    ),
    "POST /api/v1/situation-pictures/{picture_id:uuid}/figures/{series_id:uuid}/withdrawal": (
        "municipal_bra",
        _fixed(_REASON),
    ),
    "POST /api/v1/situation-pictures/{picture_id:uuid}/figures/import": (
        "municipal_bra",
        _fixed(
            {"csv": "område;indikator;enhet;period;värde\nCentrum;Anmälda brott;antal;2025;4\n"}
        ),
    ),
    "POST /api/v1/situation-pictures/{picture_id:uuid}/adoption": (
        "municipal_bra",
        _fixed({"adopted_on": "2026-02-01"}),
    ),
    # medborgarlöfte
    "POST /api/v1/citizen-promises": (
        "municipal_bra",
        lambda o: {"municipality": o.municipality, "year": YEAR + 1, "title": "Löfte"},
    ),
    "GET /api/v1/citizen-promises/{promise_id:uuid}": ("municipal_read", None),
    "POST /api/v1/citizen-promises/{promise_id:uuid}/focus-areas": (
        "municipal_bra",
        _fixed({"title": "Unga", "description": "Färre unga i brott."}),
    ),
    "POST /api/v1/citizen-promises/{promise_id:uuid}/activities": (
        "municipal_bra",
        lambda o: {
            "focus_area_id": str(o.focus_area_id),
            "description": "Nattvandring.",
            "responsible_organisation": "forening",
            "responsible_party": "Nattvandrarna",
        },
    ),
    "POST /api/v1/citizen-promises/{promise_id:uuid}/activities/{activity_id:uuid}/status": (
        "municipal_bra",
        _fixed({"status": "ongoing"}),
    ),
    "POST /api/v1/citizen-promises/{promise_id:uuid}/adoption": (
        "municipal_bra",
        _fixed({"adopted_on": "2026-02-01"}),
    ),
    "POST /api/v1/citizen-promises/{promise_id:uuid}/follow-up": (
        "municipal_bra",
        _fixed({"summary": "Året gick bra."}),
    ),
    # samverkansöverenskommelse
    "POST /api/v1/agreements": (
        "municipal_bra",
        lambda o: {
            "municipality": o.municipality,
            "police_area": "Västra Mälardalen",
            "purpose": "Samverkan.",
            "parties": ["Kommunen", "Polisen"],
            "signatories": [{"name": "A B", "title": "Kommundirektör", "organisation": "kommun"}],
            "commitments": ["Lägesbild."],
            "valid_from": "2026-01-01",
        },
    ),
    "GET /api/v1/agreements/{agreement_id:uuid}": ("municipal_read", None),
    "POST /api/v1/agreements/{agreement_id:uuid}/revisions": (
        "municipal_bra",
        _fixed(
            {
                "summary": "Reviderad.",
                "commitments": ["Två lägesbilder."],
                "valid_from": "2026-06-01",
            }
        ),
    ),
    "POST /api/v1/agreements/{agreement_id:uuid}/termination": (
        "municipal_bra",
        _fixed({"reason": "Ersatt.", "on": "2026-12-31"}),
    ),
    # Grannsamverkan
    "POST /api/v1/grannsamverkan-areas": (
        "create_in_group",
        lambda o: {
            "municipality": o.municipality,
            "area": "Hagalund",
            "started_on": "2026-01-01",
            "group_id": str(o.group_id),
        },
    ),
    "GET /api/v1/grannsamverkan-areas/{area_id:uuid}": ("group_read", None),
    "POST /api/v1/grannsamverkan-areas/{area_id:uuid}/contact-persons": (
        "group_write",
        _fixed({"name": "Kontakt Person", "phone": "070-000 00 00"}),
    ),
    "DELETE /api/v1/grannsamverkan-areas/{area_id:uuid}/contact-persons/{person_id:uuid}": (
        "group_write",
        None,
    ),
    "POST /api/v1/grannsamverkan-areas/{area_id:uuid}/figures": (
        "group_write",
        _fixed({"households": 40, "signs": 6}),
    ),
    "GET /api/v1/municipalities/{code:str}/agreements": ("municipal_read", None),
    "GET /api/v1/municipalities/{code:str}/grannsamverkan-areas": ("municipal_read", None),
    "POST /api/v1/grannsamverkan-areas/{area_id:uuid}/status": (
        "group_write",
        _fixed({"status": "paused", "reason": "Vila."}),
    ),
}

ALLOWED, FORBIDDEN, HIDDEN, INVALID = "allowed", "403", "404", "422"


def expected(kind: str, role: str, scope: str) -> str:
    """What a ``role`` gets on a route of ``kind`` for an object in ``scope``."""
    if kind == "anyone":
        return ALLOWED
    if kind == "installation":  # the matrix's administrator is given one municipality
        return FORBIDDEN
    if kind.startswith("admin"):
        if role != "admin":
            return FORBIDDEN
        if scope == "foreign":  # another municipality's user is not the admin's to manage
            return {"admin": ALLOWED, "admin_create": INVALID, "admin_object": HIDDEN}[kind]
        return ALLOWED
    if role == "admin":
        return FORBIDDEN
    if kind == "overseer_any":  # no object: lokala BRÅ and auditors, of their municipalities
        return FORBIDDEN if role == "member" else ALLOWED
    if scope == "foreign":
        return HIDDEN
    return _at_home(kind, role, scope)


def _at_home(kind: str, role: str, scope: str) -> str:
    member_sees = scope == "own"
    if kind in ("municipal_read",):
        return ALLOWED
    if kind == "municipal_bra":
        return ALLOWED if role == "bra" else FORBIDDEN
    if kind == "overseer_read":
        return FORBIDDEN if role == "member" else ALLOWED
    if kind in ("group_read", "index"):
        return ALLOWED if role != "member" or member_sees else HIDDEN
    if role == "member" and not member_sees:
        return INVALID if kind == "create_in_group" else HIDDEN
    if kind == "group_overseer_read":
        return FORBIDDEN if role == "member" else ALLOWED
    if kind in ("group_write", "create_in_group"):
        return FORBIDDEN if role == "auditor" else ALLOWED
    if kind == "group_bra":
        return ALLOWED if role == "bra" else FORBIDDEN
    raise AssertionError(f"unknown access kind {kind}")
