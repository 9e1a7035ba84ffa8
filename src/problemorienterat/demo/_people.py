"""The invented officials of the demo. None of them is a real person."""

from __future__ import annotations

from dataclasses import dataclass

from problemorienterat.domain.actor import Actor, Organisation, Role


@dataclass(frozen=True)
class Official:
    """An invented official: who acts in the tracker, and how they appear in groups."""

    actor: Actor
    title: str

    @property
    def user_id(self) -> str:
        return self.actor.user_id

    @property
    def name(self) -> str:
        return self.actor.name

    @property
    def organisation(self) -> Organisation:
        return self.actor.organisation


def _official(
    user_id: str, name: str, organisation: Organisation, title: str, role: Role = Role.MEMBER
) -> Official:
    return Official(Actor(f"demo-{user_id}", name, organisation, role), title)


BRA_COORDINATOR = _official(
    "helena-strom", "Helena Ström", Organisation.KOMMUN, "BRÅ-samordnare", Role.BRA
)
COMMUNITY_OFFICER = _official("jonas-ekholm", "Jonas Ekholm", Organisation.POLIS, "Kommunpolis")
AREA_OFFICER = _official("daniel-fors", "Daniel Fors", Organisation.POLIS, "Områdespolis")
YOUTH_WORKER = _official("amina-rashid", "Amina Rashid", Organisation.KOMMUN, "Fältsekreterare")
SOCIAL_WORKER = _official(
    "sofia-bergqvist", "Sofia Bergqvist", Organisation.KOMMUN, "Socialsekreterare"
)
SAFETY_COORDINATOR = _official(
    "lars-gunnarsson", "Lars Gunnarsson", Organisation.KOMMUN, "Trygghetssamordnare"
)
YOUTH_CENTRE_MANAGER = _official(
    "emil-sandberg", "Emil Sandberg", Organisation.KOMMUN, "Föreståndare för fritidsgården"
)
# Reviews the BRÅ's work on behalf of the municipal council (a web login of the demo).
AUDITOR = _official(
    "ingrid-lundqvist",
    "Ingrid Lundqvist",
    Organisation.KOMMUN,
    "Förtroendevald revisor",
    Role.AUDITOR,
)
HEADTEACHER = _official("mikael-oberg", "Mikael Öberg", Organisation.SKOLA, "Rektor")
HOUSING_MANAGER = _official(
    "therese-nyqvist", "Therese Nyqvist", Organisation.BOSTADSBOLAG, "Bostadsförvaltare"
)

# The two signatories of the agreement (invented, not those of the real 2022 agreement).
MUNICIPAL_DIRECTOR = ("Birgitta Almqvist", "Kommundirektör")
POLICE_AREA_CHIEF = ("Fredrik Norén", "Lokalpolisområdeschef")

# A resident: the Grannsamverkan contact person. The phone number is in the series the
# Swedish Post and Telecom Authority (PTS) reserves for fiction (070-174 06 05 – 070-174 06 99).
CONTACT_PERSON_NAME = "Gunnel Ivarsson"
CONTACT_PERSON_PHONE = "070-174 06 42"
