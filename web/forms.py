"""Forms: a submitted form becomes the SAME command contract the API route takes
(:mod:`problemorienterat.contracts.commands`), and every error (validation or domain rule)
a Swedish message next to its field.

A page's POST handler::

    @post("/arenden/{reference:str}/uppfoljning", sync_to_thread=True)
    def evaluate(self, request: Request, reference: str, data: FormData,
                 principal: NamedDependency[Principal], ...) -> Response:
        form = parse_form(EvaluateProcess, data)   # contracts.commands.problems
        result = form.run(lambda: application.evaluate_process(
            principal.actor, problem.id, **form.body().model_dump(),
            expected_version=form.expected_version))
        if result is None:                                 # re-render with input and errors
            return render(request, "arende.html.j2", status_code=form.status_code,
                          form=form, ...)
        flash(request, "Processutvärderingen är sparad.")
        return see_other(f"/arenden/{reference}")         # POST-redirect-GET

``form.run`` runs nothing when validation failed. Field names are the model's; a nested
model's fields are ``measure.indicator`` etc.; list fields take repeated keys; a checkbox
(a ``bool`` field) is false when absent; empty inputs count as not given. The version the
page was rendered at travels in the hidden field ``expected_version``.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar, Union, get_args, get_origin

from litestar.enums import RequestEncodingType
from litestar.params import Body
from pydantic import BaseModel, ValidationError

from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    DomainError,
    ForbiddenError,
    InvalidValueError,
    NotFoundError,
    PersonalIdentityNumberError,
    VersionConflictError,
)
from problemorienterat.domain.identity_numbers import contains_identity_number
from web.messages import domain_message, validation_message

B = TypeVar("B", bound=BaseModel)
T = TypeVar("T")

VERSION_FIELD = "expected_version"
CSRF_FIELD = "_csrf_token"
_NOT_SUBMITTED = frozenset({VERSION_FIELD, CSRF_FIELD})
_TRUE = frozenset({"on", "true", "1", "ja", "yes"})

FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
"""The ``data`` parameter of a form POST handler (repeated keys arrive as lists)."""


class Form(Generic[B]):
    """A submitted form: its values (for re-rendering), its errors, and the body model."""

    def __init__(self, model: type[B], raw: Mapping[str, Any]) -> None:
        self.model = model
        self.values: dict[str, Any] = {
            k: v for k, v in _multi(raw).items() if k not in _NOT_SUBMITTED
        }
        self.expected_version = _version(raw.get(VERSION_FIELD))
        self.errors: dict[str, str] = {}
        self.form_errors: list[str] = []
        self.conflict = False
        self._status = 200
        self._body: B | None = None
        try:
            self._body = model.model_validate(_shape(model, self.values, ""))
        except ValidationError as error:
            self._status = 422
            for item in error.errors(include_input=False, include_url=False):
                path = ".".join(str(p) for p in item["loc"] if not isinstance(p, int))
                self.errors.setdefault(path or "__root__", validation_message(item))
            if "__root__" in self.errors:
                self.form_errors.append(self.errors.pop("__root__"))

    @property
    def ok(self) -> bool:
        """Valid so far: no validation error and no refused command."""
        return self._body is not None and not self.errors and not self.form_errors

    @property
    def status_code(self) -> int:
        """422 invalid input, 409 a process rule or a newer version, 200 if nothing failed."""
        return self._status

    def body(self) -> B:
        """The validated body model (only after ``ok``)."""
        if self._body is None:
            msg = "The form did not validate; check form.ok first."
            raise ValueError(msg)
        return self._body

    def run(self, use_case: Callable[[], T]) -> T | None:
        """Run ``use_case`` if the form is valid; a domain error becomes a Swedish message
        (on its field, or for the whole form) and None is returned. An unknown object
        (a ``NotFoundError`` naming no field) is not a form error: it propagates (404); nor
        is a refused role (``ForbiddenError``: 403)."""
        if not self.ok:
            return None
        try:
            return use_case()
        except DomainError as error:
            if isinstance(error, ForbiddenError) or (
                isinstance(error, NotFoundError) and error.field is None
            ):
                raise
            self.add_domain_error(error)
            return None

    def add_domain_error(self, error: DomainError) -> None:
        """Show a domain error on the form; never echo a personnummer back."""
        if isinstance(error, PersonalIdentityNumberError):
            self._forget_identity_numbers()
        if isinstance(error, VersionConflictError | ConcurrentWriteError):
            self.conflict = True
        self._status = 422 if isinstance(error, InvalidValueError | NotFoundError) else 409
        message = domain_message(error)
        path = _field_path(self.model, error.field) if error.field else None
        if path is not None:
            self.errors[path] = message
        else:
            self.form_errors.append(message)

    def add_error(self, name: str, message: str) -> None:
        """A Swedish message on field ``name`` that the page itself found (a confirmation
        not given, a choice the user may not make): the form is invalid input (422)."""
        self.errors[name] = message
        self._status = 422

    def value(self, name: str) -> Any:
        """The submitted value of ``name`` (for re-rendering the field)."""
        return self.values.get(name, "")

    def _forget_identity_numbers(self) -> None:
        for name, value in list(self.values.items()):
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(t, str) and contains_identity_number(t) for t in texts):
                self.values[name] = "" if not isinstance(value, list) else []


def parse_form(model: type[B], raw: Mapping[str, Any]) -> Form[B]:
    """The submitted ``raw`` form validated as ``model`` (a command contract)."""
    return Form(model, raw)


# ------------------------------------------------------------------ shaping form input


def _multi(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A plain dict; a multi-dict's repeated keys become lists."""
    getall = getattr(raw, "getall", None)
    if getall is None:
        return dict(raw)
    out: dict[str, Any] = {}
    for key in raw:
        values = getall(key)
        out[key] = values if len(values) > 1 else values[0]
    return out


def _version(value: Any) -> int | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _shape(model: type[BaseModel], values: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The model's input from flat form values: nested models by ``prefix.field``."""
    shaped: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        kind, is_list = _unwrap(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and not is_list:
            nested = _shape(kind, values, f"{key}.")
            if nested or info.is_required():
                shaped[name] = nested
            continue
        raw = values.get(key)
        if is_list:
            items = raw if isinstance(raw, list) else [raw]
            texts = [str(v).strip() for v in items if v is not None and str(v).strip() != ""]
            if texts or info.is_required():
                shaped[name] = texts
            continue
        value = _scalar(kind, raw[-1] if isinstance(raw, list) and raw else raw)
        if value is not None:
            shaped[name] = value
    for key in values:
        # fields the model does not have are passed on, so extra="forbid" names them
        if key.startswith(prefix) and "." not in key[len(prefix) :]:
            name = key[len(prefix) :]
            if name not in model.model_fields:
                shaped[name] = values[key]
    return shaped


def _scalar(kind: Any, raw: Any) -> Any:
    """One form value for a field of type ``kind``: None when not given (a checkbox not
    ticked is False); numbers may have a decimal comma and spaces."""
    if kind is bool:
        return raw is not None and str(raw).strip().lower() in _TRUE
    if raw is None or raw == [] or str(raw).strip() == "":
        return None
    if kind is str:
        return str(raw)
    text = str(raw).strip()
    if kind in (int, float):
        text = text.replace(" ", "").replace("\u2212", "-")
        if kind is float:
            text = text.replace(",", ".")
    if _int_enum(kind) and text.isdigit() and len(text) <= 9:
        return int(text)  # an enum numbered 1, 2, ... (Technique) takes the number
    return text


def _int_enum(kind: Any) -> bool:
    return (
        isinstance(kind, type)
        and issubclass(kind, Enum)
        and all(isinstance(member.value, int) for member in kind)
    )


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the innermost type, whether it is a list) of a field's annotation."""
    is_list = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else str
        elif origin in (list, tuple, set, frozenset):
            is_list = True
            annotation = get_args(annotation)[0] if get_args(annotation) else str
        else:
            return annotation, is_list


def _field_path(model: type[BaseModel], field: str, prefix: str = "") -> str | None:
    """Where the domain's ``field`` is on the form: a field of the model, or of a nested
    model (the domain says ``period_end``, the form has ``measure.period_end``)."""
    if field in model.model_fields:
        return f"{prefix}{field}"
    for name, info in model.model_fields.items():
        kind, is_list = _unwrap(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and not is_list:
            found = _field_path(kind, field, f"{prefix}{name}.")
            if found is not None:
                return found
    return None
