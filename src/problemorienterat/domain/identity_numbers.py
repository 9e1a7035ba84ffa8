"""Swedish personal identity numbers in free text: found, so they can be kept out.

A personnummer is ``YYMMDD-NNNC`` (or ``YYYYMMDDNNNC``, with ``-``, ``+`` or nothing before
the last four digits); a samordningsnummer is the same with 60 added to the day. The last
digit is a Luhn check digit over the ten digits ``YYMMDDNNN``. Only numbers whose date and
check digit are valid count, so most other digit runs (amounts, dates, case numbers) pass.
"""

from __future__ import annotations

import re
from calendar import monthrange

_CANDIDATE = re.compile(
    r"(?<![\d])(?P<century>1[89]|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})[-+]?(?P<tail>\d{4})(?![\d])"
)
_COORDINATION_OFFSET = 60


def contains_identity_number(text: str) -> bool:
    """True if ``text`` holds a valid personnummer or samordningsnummer anywhere."""
    return any(_is_identity_number(m) for m in _CANDIDATE.finditer(text))


def is_identity_number(text: str) -> bool:
    """True if ``text`` (stripped) is exactly one valid personnummer or samordningsnummer."""
    match = _CANDIDATE.fullmatch(text.strip())
    return match is not None and _is_identity_number(match)


def _is_identity_number(match: re.Match[str]) -> bool:
    month, day = int(match["mm"]), int(match["dd"])
    if day > _COORDINATION_OFFSET:
        day -= _COORDINATION_OFFSET
    if not 1 <= month <= 12 or day < 1:
        return False
    # Without the century any year is possible, so 29 February is allowed.
    year = int(match["century"] + match["yy"]) if match["century"] else 2000
    if day > monthrange(year, month)[1]:
        return False
    return _luhn_valid(match["yy"] + match["mm"] + match["dd"] + match["tail"])


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0
