"""Municipalities served by the installation, and the per-year numbering of problem references."""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import MunicipalAggregate, optional_text, require_text
from problemorienterat.domain.errors import InvalidValueError
from problemorienterat.domain.limits import MUNICIPALITY_NAME_MAX_LENGTH, NAME_MAX_LENGTH

_CODE = re.compile(r"^\d{4}$")
_PREFIX = re.compile(r"^[A-ZÅÄÖ]{2,5}$")


def municipality_id(code: str) -> UUID:
    """The id of a municipality follows from its kommunkod, so it is unique by construction."""
    return uuid5(NAMESPACE_URL, f"problemorienterat:municipality:{code}")


class Municipality(MunicipalAggregate):
    """A kommun (e.g. 1882 Kungsör) with the prefix of its problem references (e.g. KUN)."""

    class Event(MunicipalAggregate.Event):
        pass

    class Registered(MunicipalAggregate.Created):
        name: str
        reference_prefix: str
        police_area: str

        def apply(self, municipality: Municipality) -> None:
            super().apply(municipality)
            municipality.name = self.name
            municipality.reference_prefix = self.reference_prefix
            municipality.police_area = self.police_area

    def __init__(self) -> None:
        super().__init__()
        self.name: str = ""
        self.reference_prefix: str = ""
        self.police_area: str = ""

    @property
    def code(self) -> str:
        return self.municipality

    @classmethod
    def register(
        cls, actor: Actor, *, code: str, name: str, reference_prefix: str, police_area: str = ""
    ) -> Municipality:
        """Register a municipality by its four-digit kommunkod."""
        if not _CODE.match(code):
            raise InvalidValueError("A kommunkod has four digits, e.g. 1882.", field="code")
        prefix = reference_prefix.strip().upper()
        if not _PREFIX.match(prefix):
            raise InvalidValueError(
                "A reference prefix is 2–5 capital letters, e.g. KUN.", field="reference_prefix"
            )
        return cls._create(
            cls.Registered,
            id=municipality_id(code),
            actor=actor,
            municipality=code,
            name=require_text("name", name, max_length=MUNICIPALITY_NAME_MAX_LENGTH),
            reference_prefix=prefix,
            police_area=optional_text("police_area", police_area, max_length=NAME_MAX_LENGTH) or "",
        )


def reference_counter_id(municipality: str, year: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"problemorienterat:reference-counter:{municipality}:{year}")


class ReferenceCounter(MunicipalAggregate):
    """Hands out the numbers of one municipality's problem references for one year.

    Saved in the same transaction as the problem that takes a number, so two problems can
    never get the same reference: the second save conflicts on the counter's version.
    """

    class Event(MunicipalAggregate.Event):
        pass

    class Started(MunicipalAggregate.Created):
        year: int

        def apply(self, counter: ReferenceCounter) -> None:
            super().apply(counter)
            counter.year = self.year

    class NumberTaken(Event):
        number: int

        def apply(self, counter: ReferenceCounter) -> None:
            counter.last_number = self.number

    def __init__(self) -> None:
        super().__init__()
        self.year: int = 0
        self.last_number: int = 0

    @classmethod
    def start(cls, actor: Actor, *, municipality: str, year: int) -> ReferenceCounter:
        return cls._create(
            cls.Started,
            id=reference_counter_id(municipality, year),
            actor=actor,
            municipality=municipality,
            year=year,
        )

    def take_reference(self, actor: Actor, prefix: str) -> str:
        """Take the next number and return the reference, e.g. ``KUN-2026-0007``."""
        number = self.last_number + 1
        self.record(self.NumberTaken, actor, number=number)
        return f"{prefix}-{self.year}-{number:04d}"


def reference_prefix_id(prefix: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"problemorienterat:reference-prefix:{prefix}")


class ReferencePrefixClaim(MunicipalAggregate):
    """Claims a reference prefix for one municipality, so no two share one."""

    class Event(MunicipalAggregate.Event):
        pass

    class Claimed(MunicipalAggregate.Created):
        prefix: str

        def apply(self, claim: ReferencePrefixClaim) -> None:
            super().apply(claim)
            claim.prefix = self.prefix

    def __init__(self) -> None:
        super().__init__()
        self.prefix: str = ""

    @classmethod
    def claim(cls, actor: Actor, *, municipality: str, prefix: str) -> ReferencePrefixClaim:
        return cls._create(
            cls.Claimed,
            id=reference_prefix_id(prefix),
            actor=actor,
            municipality=municipality,
            prefix=prefix,
        )
