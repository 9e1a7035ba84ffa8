"""Problems per SARA stage: the counts the BRÅ overview and a group board show by stage."""

from __future__ import annotations

from dataclasses import dataclass

from problemorienterat.domain.sara import Stage


@dataclass(frozen=True)
class StageCount:
    stage: Stage
    count: int
