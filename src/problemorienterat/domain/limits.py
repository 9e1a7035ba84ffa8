"""How long a recorded text may be: the one place for each limit.

The domain refuses longer texts; the command contracts (:mod:`problemorienterat.contracts`)
take the same numbers, so the API documents exactly what the domain enforces.
"""

from __future__ import annotations

TEXT_MAX_LENGTH = 4000
"""Free text: descriptions, reasons, summaries, comments."""

NAME_MAX_LENGTH = 200
"""A name or title: of a problem, a place, a person, a group, an indicator, an area."""

NOTE_MAX_LENGTH = 500
"""A short note on a problem: how often it happens, who is harmed; an erasure's reason."""

MUNICIPALITY_NAME_MAX_LENGTH = 100
USER_ID_MAX_LENGTH = 100
UNIT_MAX_LENGTH = 50
"""The unit of a measure ("anmälningar", "kr")."""

PHONE_MAX_LENGTH = 30
EMAIL_MAX_LENGTH = 254
"""The longest address SMTP carries (RFC 5321)."""
