"""The error answers every endpoint documents in the OpenAPI schema."""

from __future__ import annotations

from litestar.datastructures import ResponseHeader
from litestar.openapi.datastructures import ResponseSpec
from pydantic import BaseModel, ConfigDict

PROBLEM_JSON = "application/problem+json"


class InputError(BaseModel):
    """One input that is wrong: a body field, a parameter or a header; in an imported file
    (the lägesbild's CSV figures) also its ``line`` (1 = the header line)."""

    model_config = ConfigDict(extra="forbid")

    field: str
    source: str
    message: str
    rule: str | None = None
    line: int | None = None


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, one shape for every error (made by :func:`api.errors.problem`):
    ``type`` names the kind of error or the broken domain rule, ``title`` is its Swedish
    title, ``detail`` says what went wrong in this request; ``field`` names the input,
    ``rule`` the domain rule and ``errors`` every wrong input, when there are such."""

    model_config = ConfigDict(extra="forbid")

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    rule: str | None = None
    errors: list[InputError] | None = None


_DESCRIPTIONS = {
    400: "Felaktig begäran: ett fält, en parameter eller en rubrik är ogiltig (namnges).",
    401: "Ingen eller ogiltig bearer-token.",
    403: "Rollen får inte göra detta.",
    404: "Finns inte (eller hör till en kommun du inte har tillgång till).",
    409: "En regel i SARA-processen hindrar kommandot nu, eller någon annan ändrade samtidigt.",
    405: "Metoden stöds inte här; Allow listar dem som gör det.",
    412: "If-Match stämmer inte längre: ärendet har ändrats.",
    413: "Begäran är för stor.",
    422: "Ett värde godtas inte (namnges), eller Idempotency-Key användes för en annan begäran.",
    429: "För många begäranden; försök igen senare.",
    503: "Vyerna är inte tillgängliga eller hann inte ikapp.",
}

READ_ERRORS = (400, 401, 403, 404, 429)
COMMAND_ERRORS = (400, 401, 403, 404, 409, 412, 413, 422, 429)


def errors(*codes: int) -> dict[int, ResponseSpec]:
    """Response specs for ``codes``, each a problem-details body."""
    return {
        code: ResponseSpec(
            data_container=ProblemDetails,
            description=_DESCRIPTIONS[code],
            media_type=PROBLEM_JSON,
            generate_examples=False,
        )
        for code in codes
    }


COMMAND = errors(*COMMAND_ERRORS)
READ = errors(*READ_ERRORS)


# The answer of a GET that reads one object: its version, to send back as If-Match.
ETAG = [
    ResponseHeader(
        name="ETag",
        documentation_only=True,
        required=True,
        description="The object's version; send it as If-Match with a command on it.",
    )
]
