"""Which tables a view reads: their SQL names, of the generations current for the read."""

from __future__ import annotations

from dataclasses import dataclass

from projections._database import ViewDatabase


@dataclass(frozen=True)
class Tables:
    """The SQL names of the tables of the generations being read."""

    problems: str
    actions: str
    counts: str
    groups: str
    situation_pictures: str
    observations: str
    promises: str
    focus_areas: str
    activities: str

    @classmethod
    def of(cls, db: ViewDatabase, problems_generation: int, plans_generation: int) -> Tables:
        def name(table: str, generation: int) -> str:
            return db.table(f"pv_{table}_{generation}")

        p, q = problems_generation, plans_generation
        return cls(
            problems=name("problems", p),
            actions=name("actions", p),
            counts=name("counts", p),
            groups=name("groups", q),
            situation_pictures=name("situation_pictures", q),
            observations=name("observations", q),
            promises=name("promises", q),
            focus_areas=name("focus_areas", q),
            activities=name("activities", q),
        )
