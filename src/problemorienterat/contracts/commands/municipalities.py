"""The commands on municipalities (admins only): register one."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from problemorienterat.contracts.commands.fields import (
    Body,
    MunicipalityCode,
    MunicipalityName,
    NameOrBlank,
)


class RegisterMunicipality(Body):
    code: MunicipalityCode
    name: MunicipalityName
    reference_prefix: Annotated[str, StringConstraints(pattern=r"^[A-ZÅÄÖ]{2,5}$")]
    police_area: NameOrBlank = ""
