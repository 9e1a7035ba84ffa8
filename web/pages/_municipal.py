"""What the municipal pages (BRÅ-översikt, Gruppens tavla, Medborgarlöfte) share: the views,
which municipality a page shows (``?kommun=`` for a user given several), the municipality
selector, and times as the pages show them.

Nothing here renders; the page modules call these and hand the results to templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Request

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.contracts.policy import OVERSEERS, READERS, check_municipal_object
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Role
from problemorienterat.domain.errors import NotFoundError
from problemorienterat.formatting import Moment, day_moment, moment
from projections import ProjectionService, ViewsNotReadyError

__all__ = ["Moment", "moment"]  # the pages import the time helpers from here

KOMMUN_PARAMETER = "kommun"
MUNICIPALITY_PATTERN = r"^\d{4}$"


@dataclass(frozen=True)
class MunicipalityChoice:
    """A municipality the user is given, for the selector."""

    code: str
    name: str
    chosen: bool


@dataclass(frozen=True)
class Municipality:
    """The municipality a page shows, and the others the user may switch to."""

    code: str
    name: str
    choices: tuple[MunicipalityChoice, ...]

    @property
    def query(self) -> str:
        """``?kommun=CODE`` for links that keep the choice (empty when there is none)."""
        return f"?{KOMMUN_PARAMETER}={self.code}" if len(self.choices) > 1 else ""


def day(value: date) -> Moment:
    """A date as the pages write it (ISO 8601, as Swedish dates are written)."""
    return day_moment(value)


def views_of(request: Request[Any, Any, Any]) -> ProjectionService:
    """The views of this server; a 503 page until they exist."""
    views: ProjectionService | None = request.app.state.get("projections")
    if views is None:
        raise ViewsNotReadyError("The views are not available in this server.")
    return views


def application_of(request: Request[Any, Any, Any]) -> ProblemorienteratApp:
    application: ProblemorienteratApp = request.app.state.application
    return application


def municipality_for(
    application: ProblemorienteratApp,
    principal: Principal,
    kommun: str | None,
    *,
    overseers_only: bool = False,
) -> Municipality | None:
    """The municipality to show: ``kommun`` if given (another municipality is 404, as in the
    API), else the first of the user's by code; None when the user is given none."""
    codes = sorted(principal.municipalities)
    if kommun is None and not codes:
        return None
    code = kommun if kommun is not None else codes[0]
    roles = OVERSEERS if overseers_only else READERS
    check_municipal_object(principal, municipality=code, roles=roles)
    names = {c: _name(application, c) for c in codes}
    choices = tuple(MunicipalityChoice(c, names[c], c == code) for c in codes)
    return Municipality(code, names[code], choices)


def _name(application: ProblemorienteratApp, code: str) -> str:
    try:
        return application.get_municipality(code).name
    except NotFoundError:
        return code


def is_overseer(principal: Principal) -> bool:
    """Lokala BRÅ and auditors: they see every group of their municipalities."""
    return principal.role in (Role.BRA, Role.AUDITOR)
