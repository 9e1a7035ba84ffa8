"""Swedish messages for the pages: every domain rule, HTTP situations, form validation.

Domain errors carry English messages for the API; a page never shows them. It shows
:func:`domain_message`, chosen by the error's ``rule`` and, where one rule covers several
situations, by its ``field`` too. A unit test finds every rule by introspection, so a new
rule cannot be added without a Swedish text here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from problemorienterat.domain.errors import DomainError
from problemorienterat.domain.figures import FiguresError
from problemorienterat.labels import field_label
from web.figure_messages import problems_text

# ------------------------------------------------------------------ domain rules

RULE_MESSAGES: Mapping[str, str] = {
    "domain-rule": "Det går inte att göra så här.",
    "not-found": "Det du sökte finns inte, eller så får du inte se det.",
    "invalid-value": "Värdet kan inte användas. Kontrollera det och försök igen.",
    "personal-identity-number": (
        "Texten innehåller något som ser ut som ett personnummer eller samordningsnummer. "
        "Personuppgifter hör inte hemma i fritext: ta bort numret."
    ),
    "process-rule": "Det går inte i det här läget av arbetet.",
    "wrong-stage": "Det steget hör till ett annat skede i SARA än det problemet är i nu.",
    "cheers-incomplete": (
        "Analysen kan inte börja förrän alla sex CHEERS-frågor är besvarade och uppfyllda. "
        "Ett problem som inte uppfyller CHEERS avvisas eller omformuleras."
    ),
    "analysis-incomplete": (
        "Analysen är inte klar: det behövs minst en iakttagelse, en hypotes och en "
        "nollmätning innan arbetet kan gå vidare till åtgärder."
    ),
    "baseline-fixed": (
        "Nollmätningen ligger fast när en åtgärd har påbörjats: uppföljningen ska jämföras "
        "med nollmätningen som den registrerades."
    ),
    "indicator-mismatch": (
        "Uppföljningen ska mäta samma indikator som nollmätningen och gälla en period "
        "efter nollmätningens."
    ),
    "assessment-incomplete": (
        "Uppföljningen kan inte lämnas till lokala BRÅ förrän processen är utvärderad, "
        "minst en uppföljningsmätning är gjord och effekten är bedömd."
    ),
    "review-state": (
        "Det går inte just nu: uppföljningen ligger hos lokala BRÅ för granskning, är redan "
        "godkänd, eller har inte lämnats in."
    ),
    "action-state": "Åtgärden kan inte ändras så i det läge den är i nu.",
    "activity-state": "Aktiviteten kan inte ändras så i det läge den är i nu.",
    "closed": "Det här är avslutat och tar inte emot fler ändringar.",
    "duplicate": "Det finns redan.",
    "meeting-state": (
        "Det går inte i mötets nuvarande läge: ett möte som har hållits kan inte flyttas "
        "eller ställas in, ett inställt möte tar inte emot beslut, och besluten protokollförs "
        "vid mötet, inte före."
    ),
    "protocol-justerat": (
        "Protokollet är justerat och besluten kan inte ändras. En rättelse blir ett nytt "
        "beslut vid ett senare möte."
    ),
    "no-working-group": "Problemet måste tilldelas en arbetsgrupp innan analysen kan börja.",
    "version-conflict": (
        "Ärendet har ändrats av någon annan sedan du öppnade sidan. Ladda om sidan, se vad "
        "som ändrats och gör din ändring igen."
    ),
    "concurrent-write": (
        "Någon annan sparade samma sak i samma ögonblick; ingenting sparades. Ladda om "
        "sidan och försök igen."
    ),
    "person-erased": (
        "Personens uppgifter har raderats; inga nya uppgifter får sparas om personen."
    ),
    "not-allowed": "Din roll får inte göra detta.",
    "forbidden": "Du har inte behörighet att göra detta.",
    "idempotency-key-reused": "Den här begäran har redan skickats med annat innehåll.",
    "invalid-figures": "Siffrorna kan inte användas. Kontrollera perioderna och värdena.",
}

FIELD_MESSAGES: Mapping[tuple[str, str], str] = {
    ("invalid-value", "due_date"): "Slutdatumet ligger före startdatumet.",
    ("invalid-value", "technique"): (
        "En situationell åtgärd anger en av de 25 teknikerna; en social åtgärd anger ingen."
    ),
    ("invalid-value", "hours"): "Timmar och kostnader kan inte vara negativa.",
    ("invalid-value", "dimension"): (
        "Ange var förflyttningen skedde: plats, tid, mål, metod eller brottstyp."
    ),
    ("invalid-value", "to_stage"): "Ett problem återöppnas till Analysera eller Åtgärda.",
    ("invalid-value", "period_end"): "Perioden slutar innan den börjar.",
    ("invalid-value", "value"): "Värdet måste vara ett ändligt tal.",
    ("invalid-value", "year"): "Ange ett år mellan 2000 och 2100, till exempel 2026.",
    ("invalid-value", "code"): "En kommunkod har fyra siffror, till exempel 1882.",
    ("invalid-value", "reference_prefix"): (
        "Ett referensprefix är 2–5 versaler, till exempel KUN."
    ),
    ("invalid-value", "households"): "Antalet hushåll är ett heltal, minst 1.",
    ("invalid-value", "phone"): (
        "Ett telefonnummer består av siffror, mellanslag, bindestreck och kanske ett + först."
    ),
    ("invalid-value", "email"): "Det är inte en e-postadress.",
    ("invalid-value", "named_persons"): "En raderad person kan inte namnges igen.",
    ("invalid-value", "valid_until"): "Överenskommelsen kan inte sluta innan den börjar.",
    ("invalid-value", "valid_from"): (
        "Revideringen måste gälla från ett datum inom överenskommelsens giltighetstid."
    ),
    ("invalid-value", "on"): "Överenskommelsen kan inte upphöra innan den började.",
    ("invalid-value", "signatories"): "En överenskommelse har minst en undertecknare.",
    ("invalid-value", "mandate"): "Det nya uppdraget är detsamma som det nuvarande.",
    ("invalid-value", "start_time"): "Skriv klockslaget som TT:MM, till exempel 13:30.",
    ("invalid-value", "justerat_on"): "Protokollet justeras samma dag som mötet eller senare.",
    ("invalid-value", "justerare"): "Ange en till tre justerare.",
    ("invalid-value", "present"): "Ange minst en närvarande.",
    ("invalid-value", "problem_id"): "Ärendet finns inte i kommunen.",
    ("invalid-value", "keys"): "En vald punkt föreslås inte längre. Ladda om sidan.",
    ("not-found", "agenda_item_id"): "Dagordningen har ingen sådan punkt.",
    ("duplicate", "agenda_item_id"): "Punkten är redan beslutad.",
    ("duplicate", "subject_id"): "Ärendet står redan på dagordningen.",
    ("invalid-value", "group_id"): "Arbetsgruppen finns inte, eller så får du inte välja den.",
    ("invalid-value", "group_ids"): (
        "Någon av arbetsgrupperna finns inte i användarens kommuner, eller så har användaren "
        "inte rollen medlem (bara medlemmar är med i arbetsgrupper)."
    ),
    ("invalid-value", "user_id"): ("Välj en aktiv användare med rollen medlem i gruppens kommun."),
    ("invalid-value", "role"): "Den rollen kan inte ges till användare.",
    ("invalid-value", "municipalities"): "Ange minst en kommun, varje kommun en gång.",
    ("invalid-value", "citizen_promise_id"): "Kommunen har inget sådant medborgarlöfte.",
    ("invalid-value", "situation_picture_id"): "Kommunen har ingen sådan lägesbild.",
    ("not-found", "action_id"): "Problemet har ingen sådan åtgärd.",
    ("not-found", "focus_area_id"): "Medborgarlöftet har inget sådant fokusområde.",
    ("not-found", "activity_id"): "Medborgarlöftet har ingen sådan aktivitet.",
    ("not-found", "observation_id"): "Lägesbilden har ingen sådan iakttagelse.",
    ("not-found", "series_id"): "Lägesbilden har inga sådana siffror.",
    ("not-found", "person_id"): "Området har ingen sådan kontaktperson.",
    ("not-found", "user_id"): "Det finns ingen sådan användare.",
    ("not-found", "year"): "Det finns inget sådant för det året.",
    ("not-found", "version"): "Den versionen finns inte.",
    ("not-found", "at"): "Det fanns inte ännu vid den tidpunkten.",
    ("not-found", "municipality"): "Kommunen är inte registrerad.",
    ("duplicate", "code"): "Kommunen är redan registrerad.",
    ("duplicate", "reference_prefix"): "Referensprefixet används redan av en annan kommun.",
    ("duplicate", "user_id"): "Användaren är redan medlem i gruppen.",
}


def domain_message(error: DomainError) -> str:
    """The Swedish text for a broken domain rule (never the English message)."""
    if isinstance(error, FiguresError) and error.problems:
        return problems_text(error.problems)
    if error.field is not None:
        specific = FIELD_MESSAGES.get((error.rule, error.field))
        if specific is not None:
            return specific
        if error.rule == "invalid-value":
            return f"Värdet i fältet ”{field_label(error.field)}” kan inte användas."
    return RULE_MESSAGES.get(error.rule, RULE_MESSAGES["domain-rule"])


# ------------------------------------------------------------------ HTTP situations

HTTP_MESSAGES: Mapping[int, tuple[str, str]] = {
    400: ("Felaktig begäran", "Sidan kunde inte förstå det som skickades."),
    401: ("Inte inloggad", "Logga in för att fortsätta."),
    403: ("Ingen behörighet", "Du har inte behörighet att göra detta."),
    404: ("Sidan finns inte", "Det du sökte finns inte, eller så får du inte se det."),
    405: ("Går inte att göra här", "Sidan tar inte emot den sortens begäran."),
    409: ("Går inte just nu", RULE_MESSAGES["process-rule"]),
    412: ("Ärendet har ändrats", RULE_MESSAGES["version-conflict"]),
    413: ("För mycket text", "Det som skickades var för stort. Korta texten och försök igen."),
    422: ("Kontrollera uppgifterna", "Några uppgifter kunde inte användas."),
    429: (
        "För många förfrågningar",
        "Du har skickat för många förfrågningar på kort tid. Vänta en minut och försök igen.",
    ),
    500: (
        "Något gick fel",
        "Ett oväntat fel inträffade. Försök igen; uppge felkoden om du anmäler felet.",
    ),
    503: ("Inte tillgängligt just nu", "Tjänsten är inte klar ännu. Försök igen om en stund."),
}

STORE_UNAVAILABLE = (
    "Det går inte att spara just nu",
    "Databasen tar inte emot ändringar (disken är full eller databasen är skrivskyddad). "
    "Inget sparades. Försök igen om en stund; kvarstår felet, kontakta den som driftar tjänsten.",
)

CSRF_FAILED = (
    "Formuläret hade gått ut eller kom inte från den här sidan. Ladda om sidan och försök igen."
)
LOGIN_REFUSED = "Fel eller återkallad token."
# Sign-in through an identity provider refused (web/pages/login.py), by reason.
SIGN_IN_REFUSED = {
    "state": "Inloggningen kunde inte slutföras: svaret från inloggningstjänsten hörde inte "
    "till den här inloggningen (den kan ha gått ut eller börjats i en annan flik). "
    "Börja om och logga in igen.",
    "denied": "Inloggningen avbröts hos inloggningstjänsten. Du är inte inloggad.",
    "token": "Inloggningen nekades: inloggningstjänstens intyg om vem du är gick inte att "
    "lita på (ogiltigt, ändrat eller för gammalt). Börja om och logga in igen.",
    "provider": "Inloggningstjänsten svarar inte just nu. Försök igen om en stund.",
    "unknown": "Du är inte registrerad som användare här. Be en administratör att lägga upp "
    "dig med den e-postadress eller det användar-id du har hos inloggningstjänsten.",
    "invitation": "Inbjudningslänken fungerar inte längre (den har använts, ersatts eller gått "
    "ut), eller så är ditt konto hos inloggningstjänsten redan kopplat till en annan användare "
    "här. Du är inte inloggad. Be administratören om en ny länk.",
    "revoked": "Ditt konto här är avstängt. Kontakta en administratör om du behöver "
    "komma åt systemet igen.",
}


def http_message(status: int) -> tuple[str, str]:
    """(title, text) for an HTTP status shown as a page."""
    if status in HTTP_MESSAGES:
        return HTTP_MESSAGES[status]
    return HTTP_MESSAGES[500] if status >= 500 else HTTP_MESSAGES[400]


# ------------------------------------------------------------------ form validation

_VALIDATION_MESSAGES: Mapping[str, str] = {
    "missing": "Fältet måste fyllas i.",
    "string_too_short": "Fältet måste fyllas i.",
    "string_too_long": "Texten är för lång: högst {max_length} tecken.",
    "too_short": "Ange minst {min_length}.",
    "too_long": "Ange högst {max_length}.",
    "string_pattern_mismatch": "Värdet har fel form.",
    "string_type": "Ange en text.",
    "int_parsing": "Ange ett heltal.",
    "int_from_float": "Ange ett heltal.",
    "int_type": "Ange ett heltal.",
    "float_parsing": "Ange ett tal, till exempel 12 eller 12,5.",
    "float_type": "Ange ett tal, till exempel 12 eller 12,5.",
    "finite_number": "Ange ett ändligt tal.",
    "bool_parsing": "Välj ja eller nej.",
    "bool_type": "Välj ja eller nej.",
    "date_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_type": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "datetime_parsing": "Ange datum och tid.",
    "datetime_from_date_parsing": "Ange datum och tid.",
    "uuid_parsing": "Välj ett av alternativen.",
    "uuid_type": "Välj ett av alternativen.",
    "enum": "Välj ett av alternativen.",
    "literal_error": "Välj ett av alternativen.",
    "greater_than": "Värdet måste vara större än {gt}.",
    "greater_than_equal": "Värdet måste vara minst {ge}.",
    "less_than": "Värdet måste vara mindre än {lt}.",
    "less_than_equal": "Värdet får vara högst {le}.",
    "extra_forbidden": "Fältet hör inte till formuläret.",
    "list_type": "Ange en eller flera.",
    "model_type": "Fyll i uppgifterna.",
    "dict_type": "Fyll i uppgifterna.",
}
_FALLBACK_VALIDATION = "Värdet kan inte användas."


_FIELD_VALIDATION_MESSAGES: dict[tuple[str, str], str] = {
    # a choice the contract limits to what the domain allows: say what is allowed
    ("enum", "to_stage"): "Ett problem återöppnas till Analysera eller Åtgärda.",
}


def validation_message(error: Mapping[str, Any]) -> str:
    """A pydantic error (from ``ValidationError.errors()``) in Swedish, without the input."""
    kind = str(error.get("type", ""))
    if kind == "value_error" and "finite" in str(error.get("msg", "")):
        kind = "finite_number"
    location = error.get("loc") or ()
    field = str(location[-1]) if location else ""
    if (kind, field) in _FIELD_VALIDATION_MESSAGES:
        return _FIELD_VALIDATION_MESSAGES[kind, field]
    template = _VALIDATION_MESSAGES.get(kind, _FALLBACK_VALIDATION)
    context = error.get("ctx") or {}
    try:
        return template.format(**{k: _number(v) for k, v in context.items()})
    except (KeyError, IndexError, ValueError):
        return _FALLBACK_VALIDATION


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
