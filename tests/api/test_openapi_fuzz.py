"""Schemathesis against the app's own OpenAPI document: for generated requests to every
operation, no server error, and every answer conforms to the documented status codes,
content types and schemas. Bounded (a few examples per operation) to keep the suite fast."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from world import FakeViews, build_world

from api.app import create_app
from problemorienterat.application import ProblemorienteratApp

EXAMPLES_PER_OPERATION = 10
# The checks the suite stands on: no 5xx, and status, content type, headers and body as
# documented. (Schemathesis's acceptance checks are left out: the schema does not say
# additionalProperties=false, so it takes our refusal of unknown fields for a bug.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

_application = ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
_world = build_world(_application)
_app = create_app(application=_application)
_app.state.projections = FakeViews()
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", _app)
# The coverage phase sends every boundary of every field (hundreds of requests per
# operation); the bounded fuzzing phase is what runs in the suite.
schema.config.phases.coverage.enabled = False


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_answers_match_the_schema(case: Any) -> None:
    """Generated input never makes a 500 and the answer is what the document promises."""
    case.call_and_validate(headers=_world.headers("bra"), checks=CHECKS)
