"""Documented limits are the enforced ones: every command contract's text limits (what the
OpenAPI document promises) agree with the limits the domain applies to the same fields.

The domain applies a text limit in ``require_text``/``optional_text``; the test listens to
those calls while each command route runs with a valid body, and compares the limit the
domain used for a field with the contract's ``max_length`` (and ``min_length``: a required
text is at least one character, an optional one may be blank) for the field of that name.
"""

from __future__ import annotations

import re
import types
from collections import defaultdict
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from pydantic import BaseModel
from route_table import ROUTES
from world import World, build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.contracts.commands.grannsamverkan import AddContactPerson
from problemorienterat.domain import base
from problemorienterat.domain.limits import PHONE_MAX_LENGTH, TEXT_MAX_LENGTH

DOMAIN_MODULES = [
    "problemorienterat.domain.agreement",
    "problemorienterat.domain.citizen_promise",
    "problemorienterat.domain.grannsamverkan",
    "problemorienterat.domain.measure",
    "problemorienterat.domain.municipality",
    "problemorienterat.domain.problem",
    "problemorienterat.domain.situation_picture",
    "problemorienterat.domain.user",
    "problemorienterat.domain.working_group",
]

# (field, domain's max length, domain's min length) for each text the domain checked
Seen = list[tuple[str, int, int]]


def _empty() -> ProblemorienteratApp:
    return ProblemorienteratApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture(scope="module")
def limits_client() -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(application=_empty())) as client:
        yield client


@pytest.fixture
def fresh_world(limits_client: TestClient[Litestar]) -> Iterator[World]:
    application = _empty()
    world = build_world(application)
    assert isinstance(limits_client.app, Litestar)
    limits_client.app.state.application = application
    yield world
    application.close()


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Every text limit the domain applies while the test runs."""
    calls: Seen = []
    require = base.require_text

    def spy_require(field: str, value: str, *, max_length: int = TEXT_MAX_LENGTH, **kw: Any) -> str:
        calls.append((field, max_length, 1))
        return require(field, value, max_length=max_length, **kw)

    def spy_optional(
        field: str, value: str | None, *, max_length: int = TEXT_MAX_LENGTH, **kw: Any
    ) -> str | None:
        calls.append((field, max_length, 0))
        if value is None or not value.strip():
            return None
        return require(field, value, max_length=max_length, **kw)

    for name in [base.__name__, *DOMAIN_MODULES]:
        module = __import__(name, fromlist=["_"])
        for attribute, spy in (("require_text", spy_require), ("optional_text", spy_optional)):
            if hasattr(module, attribute):
                monkeypatch.setattr(module, attribute, spy)
    return calls


def _command_contracts(app: Litestar) -> dict[str, type[BaseModel]]:
    """The contract (body model) of each command route, by "METHOD path"."""
    found: dict[str, type[BaseModel]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            data = handler.parsed_fn_signature.parameters.get("data")
            if data is not None and isinstance(data.annotation, type):
                for method in handler.http_methods:
                    found[f"{method} {route.path}"] = data.annotation
    return found


def _text_limits(model: type[BaseModel], prefix: str = "") -> dict[str, tuple[int, int, bool]]:
    """Each text field of ``model`` (nested models and lists of texts too) by name:
    (max_length, min_length, nullable)."""
    limits: dict[str, tuple[int, int, bool]] = {}
    for name, info in model.model_fields.items():
        annotation, metadata = info.annotation, list(info.metadata)
        nullable = False
        while True:
            origin = get_origin(annotation)
            if origin is Annotated:
                metadata += list(get_args(annotation)[1:])
                annotation = get_args(annotation)[0]
            elif origin in (Union, types.UnionType):
                options = [a for a in get_args(annotation) if a is not type(None)]
                nullable = nullable or len(options) < len(get_args(annotation))
                annotation = options[0]
            elif origin is list:
                metadata = []  # the list's own bounds count items, not characters
                annotation = get_args(annotation)[0]
            else:
                break
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            limits.update(_text_limits(annotation, f"{prefix}{name}."))
            continue
        if annotation is not str:
            continue
        longest = [m.max_length for m in metadata if getattr(m, "max_length", None) is not None]
        shortest = [m.min_length for m in metadata if getattr(m, "min_length", None) is not None]
        if longest:
            limits[name] = (min(longest), max(shortest, default=0), nullable)
    return limits


def _path(template: str, params: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda m: str(params[m.group(1)]), template)


def _role(kind: str) -> str:
    if kind == "installation":
        return "installation_admin"
    return "admin" if kind.startswith("admin") else "bra"


COMMAND_ROUTES = sorted(route for route, (_, body) in ROUTES.items() if body is not None)
compared: dict[str, set[str]] = defaultdict(set)


@pytest.mark.parametrize("route", COMMAND_ROUTES)
def test_each_contract_field_has_the_domains_limit(
    route: str, limits_client: TestClient[Litestar], fresh_world: World, seen: Seen
) -> None:
    """For a field the domain bounds, the contract documents the same maximum, and the same
    minimum (required texts at least one character, optional ones blank) unless null is
    how the contract says "not given"."""
    assert isinstance(limits_client.app, Litestar)
    contract = _command_contracts(limits_client.app)[route]
    documented = _text_limits(contract)
    kind, body = ROUTES[route]
    assert body is not None
    objects = fresh_world.scopes["own"]
    method, template = route.split(" ", 1)
    response = limits_client.request(
        method,
        _path(template, objects.path_params()),
        json=body(objects),
        headers=fresh_world.headers(_role(kind)),
    )
    assert response.status_code < 500, response.text
    disagreements = []
    for field, domain_max, domain_min in seen:
        if field not in documented:
            continue
        contract_max, contract_min, nullable = documented[field]
        compared[contract.__name__].add(field)
        if contract_max != domain_max:
            disagreements.append(
                f"{contract.__name__}.{field}: max {contract_max} documented, {domain_max} enforced"
            )
        if not nullable and contract_min != domain_min:
            disagreements.append(
                f"{contract.__name__}.{field}: min {contract_min} documented, {domain_min} enforced"
            )
    assert disagreements == []


def test_the_comparison_covered_the_contracts() -> None:
    """The listening above did compare fields (it would pass vacuously if the domain's
    checks were no longer heard): at least the limits this test was written for."""
    if not compared:
        pytest.skip("runs after the per-route comparisons")
    assert {"phone", "email", "name"} <= compared["AddContactPerson"]
    assert {"title", "place", "frequency", "harmed"} <= compared["IdentifyProblem"]
    assert {"name"} <= compared["RegisterMunicipality"]
    # (a member's user_id is a user's UUID, checked as an id, not as text)
    assert {"role_in_group"} <= compared["AddMember"]
    assert sum(len(fields) for fields in compared.values()) >= 50


def _add_contact_person(client: TestClient[Litestar], world: World, phone: str) -> Any:
    objects = world.scopes["own"]
    return client.post(
        f"/api/v1/grannsamverkan-areas/{objects.area_id}/contact-persons",
        json={"name": "Kontakt Person", "phone": phone},
        headers=world.headers("bra"),
    )


def test_a_phone_number_of_the_documented_length_is_accepted(
    limits_client: TestClient[Litestar], fresh_world: World
) -> None:
    """The OpenAPI document's maxLength for a phone number is the domain's limit, and a
    number exactly that long is recorded."""
    schema = limits_client.get("/schema/openapi.json").json()
    documented = schema["components"]["schemas"]["AddContactPerson"]["properties"]["phone"]
    assert documented["maxLength"] == PHONE_MAX_LENGTH
    assert AddContactPerson.model_fields["phone"].metadata[0].max_length == PHONE_MAX_LENGTH
    phone = "+46 70" + "1" * (PHONE_MAX_LENGTH - 6)
    assert len(phone) == PHONE_MAX_LENGTH
    answer = _add_contact_person(limits_client, fresh_world, phone)
    assert answer.status_code == 201, answer.text


def test_a_phone_number_over_the_documented_length_is_refused_naming_the_field(
    limits_client: TestClient[Litestar], fresh_world: World
) -> None:
    """One character more is refused before anything is recorded: 4xx problem+json that
    names the ``phone`` field."""
    phone = "+46 70" + "1" * (PHONE_MAX_LENGTH - 5)
    answer = _add_contact_person(limits_client, fresh_world, phone)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    named = {item.get("field") for item in problem.get("errors", [])} | {problem.get("field")}
    assert "phone" in named, problem
