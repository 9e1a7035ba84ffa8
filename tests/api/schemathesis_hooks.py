"""A check of our own for the schemathesis run of ``test_openapi_fuzz.py`` (loaded through
``SCHEMATHESIS_HOOKS``; ``--checks all`` runs it with the built-in ones).

Data the document calls valid may get a 422 for a rule no schema can state (a period that
ends before it starts, a personal identity number in free text). It must never get one for a
rule the document could have stated: a blank text, a text too long. Such a 422 means the
contract lets through what the domain refuses, and the document says the wrong thing.
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis

# The domain's messages for rules of one value, which a schema states (a length, a pattern,
# a bound): src/problemorienterat/domain (InvalidValueError).
STATABLE = re.compile(
    r"must not be empty|is longer than|kommunkod has|reference prefix is|phone number has|"
    r"not an e-mail|households is|The year must|finite number|Give at least"
)


@schemathesis.check
def no_statable_rule_refused_late(ctx: Any, response: Any, case: Any) -> bool | None:
    """Valid data per the document is not refused for a blank or over-long text."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        detail = str(response.json().get("detail", ""))
    except ValueError:
        return None
    if STATABLE.search(detail):
        raise AssertionError(
            "The document calls this input valid, but the domain refuses it for a rule the "
            f"contract could state (a pattern, a length): {detail}"
        )
    return None
