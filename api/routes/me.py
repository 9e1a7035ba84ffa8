"""Who the token belongs to."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from pydantic import BaseModel

from api.documented import errors
from problemorienterat.contracts.principal import Principal
from problemorienterat.domain.actor import Organisation, Role


class MeView(BaseModel):
    user_id: str
    name: str
    organisation: Organisation
    role: Role
    municipalities: list[str]


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["Användare (users)"]

    @get("/", summary="The user the bearer token belongs to", responses=errors(401, 429))
    async def me(self, principal: NamedDependency[Principal]) -> MeView:
        return MeView(
            user_id=principal.user_id,
            name=principal.name,
            organisation=principal.organisation,
            role=principal.role,
            municipalities=sorted(principal.municipalities),
        )
