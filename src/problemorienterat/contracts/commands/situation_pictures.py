"""The commands on a lägesbild: draw up, observations, adopt."""

from __future__ import annotations

from datetime import date

from problemorienterat.contracts.commands.fields import (
    Body,
    MunicipalityCode,
    Name,
    Text,
    Year,
)
from problemorienterat.domain.situation_picture import Trend


class DrawUpSituationPicture(Body):
    municipality: MunicipalityCode
    year: Year
    summary: Text


class RecordObservation(Body):
    area: Name
    description: Text
    trend: Trend
    source: Name


class WithdrawObservation(Body):
    reason: Text


class AdoptOn(Body):
    adopted_on: date
