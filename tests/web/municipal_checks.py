"""Checks the municipal pages' tests share (BRÅ-översikt, Gruppens tavla, Medborgarlöfte):
a section's HTML, POST forms, heading order."""

from __future__ import annotations

import itertools
import re

_SECTION = '<section[^>]*aria-labelledby="{id}"[^>]*>'
_HEADING = re.compile(r"<h([1-6])\b")
_POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*action="([^"]*)"', re.I)


def section_of(html: str, heading_id: str) -> str:
    """The HTML of the ``<section aria-labelledby=heading_id>`` (up to the next
    ``<section`` opening at the same place or the end of ``main``)."""
    start = re.search(_SECTION.format(id=re.escape(heading_id)), html)
    assert start is not None, f"no section labelled by {heading_id}"
    rest = html[start.end() :]
    end = min(
        (i for i in (rest.find("\n<section"), rest.find("</main>")) if i >= 0),
        default=len(rest),
    )
    return rest[:end]


def forms_that_write(html: str) -> list[str]:
    """The actions of the page's POST forms, but the layout's Logga ut."""
    return [action for action in _POST_FORM.findall(html) if action != "/logga-ut"]


def heading_levels_in_order(html: str) -> bool:
    """One h1, first; no heading deeper than one level below the one before it."""
    levels = [int(level) for level in _HEADING.findall(html)]
    if not levels or levels[0] != 1 or levels.count(1) != 1:
        return False
    return all(b <= a + 1 for a, b in itertools.pairwise(levels))
