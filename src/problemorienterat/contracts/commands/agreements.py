"""The commands on a samverkansöverenskommelse: sign, revise, terminate."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from problemorienterat.contracts.commands.fields import (
    Body,
    MunicipalityCode,
    Name,
    Text,
)
from problemorienterat.domain.actor import Organisation


class SignatoryBody(Body):
    name: Name
    title: Name
    organisation: Organisation


class SignAgreement(Body):
    municipality: MunicipalityCode
    police_area: Name
    purpose: Text
    parties: Annotated[list[Name], Field(min_length=2, max_length=20)]
    signatories: Annotated[list[SignatoryBody], Field(min_length=1, max_length=20)]
    commitments: Annotated[list[Text], Field(min_length=1, max_length=100)]
    valid_from: date
    valid_until: date | None = None


class ReviseAgreement(Body):
    summary: Text
    commitments: Annotated[list[Text], Field(min_length=1, max_length=100)]
    valid_from: date


class TerminateAgreement(Body):
    reason: Text
    on: date
