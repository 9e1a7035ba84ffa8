"""Use cases for the municipalities an installation serves."""

from __future__ import annotations

from problemorienterat.application.base import ServiceBase
from problemorienterat.application.results import CommandResult
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.errors import ConcurrentWriteError, DuplicateError, NotFoundError
from problemorienterat.domain.municipality import (
    Municipality,
    ReferencePrefixClaim,
    municipality_id,
)


class MunicipalityUseCases(ServiceBase):
    def register_municipality(
        self,
        actor: Actor,
        *,
        code: str,
        name: str,
        reference_prefix: str,
        police_area: str = "",
    ) -> CommandResult:
        """Register a municipality by kommunkod, with a reference prefix no other one uses."""
        municipality = Municipality.register(
            actor, code=code, name=name, reference_prefix=reference_prefix, police_area=police_area
        )
        claim = ReferencePrefixClaim.claim(
            actor, municipality=code, prefix=municipality.reference_prefix
        )
        try:
            return self.commit(municipality, claim)
        except ConcurrentWriteError:
            if municipality.id in self.repository:
                raise DuplicateError(
                    f"Municipality {code} is already registered.", field="code"
                ) from None
            raise DuplicateError(
                f"The reference prefix {municipality.reference_prefix} is used by another "
                "municipality.",
                field="reference_prefix",
            ) from None

    def get_municipality(self, code: str) -> Municipality:
        try:
            return self.load(Municipality, municipality_id(code))
        except NotFoundError:
            raise NotFoundError(
                f"No municipality {code} is registered.", field="municipality"
            ) from None
