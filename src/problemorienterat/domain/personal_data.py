"""Personal data: values about one private person, kept apart so they can be erased.

A :class:`PersonalData` value names its person (the data subject) and holds the text. In the
event store it is encrypted with a key of that person's own; destroying the key erases the
value everywhere at once (crypto-shredding), while every event that carried it still loads:
the value then reads as erased. Only fields of this type may hold names or contact details of
private persons; free text is checked for personal identity numbers and refused.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from problemorienterat.domain.actor import Actor, Role

ERASED = "[raderad]"
"""How an erased value is shown."""

HIDDEN = "[dold]"
"""How a value is shown to someone who may not see it: it exists, its content is withheld."""

ROLES_THAT_SEE_PERSONAL_DATA = frozenset({Role.BRA, Role.AUDITOR})


@dataclass(frozen=True)
class PersonalData:
    """Text about one person. ``text`` is ``None`` once the person has been erased."""

    subject_id: UUID
    text: str | None = field(repr=False)

    @classmethod
    def of(cls, text: str, subject_id: UUID | None = None) -> PersonalData:
        """Personal data about a new person (or about ``subject_id``)."""
        return cls(subject_id or uuid4(), text)

    @classmethod
    def erased(cls, subject_id: UUID) -> PersonalData:
        return cls(subject_id, None)

    @property
    def is_erased(self) -> bool:
        return self.text is None

    def shown(self, *, visible: bool = True) -> str:
        """The text, :data:`ERASED` once erased, or :data:`HIDDEN` to those who may not see it."""
        if self.text is None:
            return ERASED
        return self.text if visible else HIDDEN

    def __str__(self) -> str:
        # Never the text: str() ends up in logs and messages.
        return ERASED if self.text is None else HIDDEN


def may_see_personal_data(actor: Actor, owning_group_members: Collection[str] = ()) -> bool:
    """Lokala BRÅ, auditors and members of the group that owns the record see personal data;
    everyone else sees only that a value exists."""
    return actor.role in ROLES_THAT_SEE_PERSONAL_DATA or actor.user_id in owning_group_members
