"""The roles the API lets send each problem command are the roles the domain declares for
it (:data:`problemorienterat.domain.problem.PROBLEM_STEPS`)."""

from __future__ import annotations

from route_table import ALLOWED, ROUTES, expected

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.domain.problem import PROBLEM_STEPS

ROLES = ("member", "bra", "auditor", "admin")
COMMAND_OF_HANDLER = {"identify_problem": "identify", "close_problem": "close"}
"""Route handlers named otherwise than the Problem's method (the API names the object)."""


def _problem_command_routes() -> dict[str, str]:
    """Domain command → "POST path" of the route that sends it."""
    application = ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    app = create_app(application=application)
    application.close()
    found: dict[str, str] = {}
    for route in app.routes:
        if not route.path.startswith("/api/v1/problems"):
            continue
        for handler in getattr(route, "route_handlers", ()):
            if "POST" not in handler.http_methods:
                continue
            name = handler.handler_name
            found[COMMAND_OF_HANDLER.get(name, name)] = f"POST {route.path}"
    return found


def test_every_problem_command_route_allows_the_roles_the_domain_declares() -> None:
    """For each command: the roles the route table lets through (on a problem of their own
    group) are exactly the roles of the domain's declaration; and every declared command
    has a route."""
    routes = _problem_command_routes()
    assert set(routes) == set(PROBLEM_STEPS)
    for command, route in routes.items():
        kind, _ = ROUTES[route]
        allowed = {role for role in ROLES if expected(kind, role, "own") == ALLOWED}
        declared = {role.value for role in PROBLEM_STEPS[command].roles}
        assert allowed == declared, f"{command} ({route}): API {allowed}, domain {declared}"
