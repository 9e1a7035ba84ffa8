"""The private members of eventsourcing that ``library_compat`` relies on are still there,
with the signatures it expects, and the library code it copied or whose behaviour its
overrides depend on is unchanged (SHA-256 of the source). A failure names the member and
the version the module was written against: read the library's new code before adapting."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import re
from importlib.metadata import version
from typing import Any

import pytest

from problemorienterat.infrastructure.library_compat import LIBRARY_VERSION, RELIED_ON, Member


def _owner(member: Member) -> Any:
    module_name, _, qualname = member.owner.partition(":")
    found: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def _problem(member: Member) -> str | None:
    """What is wrong with the library's ``member``, or None."""
    try:
        owner = _owner(member)
    except AttributeError:
        return "its owner is gone"
    if not member.name:
        target = owner
    elif member.signature is None and member.digest is None:
        # An attribute: the owner's class body (or a base's) must assign it.
        mro = [c for c in inspect.getmro(owner) if c.__module__.startswith("eventsourcing")]
        sources = [inspect.getsource(c) for c in mro]
        pattern = re.compile(rf"self\.{re.escape(member.name)}\b\s*(:[^=\n]*)?=")
        return None if any(pattern.search(s) for s in sources) else "it is no longer assigned"
    else:
        target = inspect.getattr_static(owner, member.name, None)
        if target is None:
            return "it is gone"
        target = getattr(target, "__func__", target)
    if member.signature is not None:
        actual = str(inspect.signature(target))
        if actual != member.signature:
            return f"its signature is now {actual}, expected {member.signature}"
    if member.digest is not None:
        digest = hashlib.sha256(inspect.getsource(target).encode()).hexdigest()
        if digest != member.digest:
            return f"its source changed (sha256 {digest}, recorded {member.digest})"
    return None


def test_the_installed_library_is_the_version_written_against() -> None:
    """pyproject.toml pins eventsourcing exactly; the installed one is that version."""
    assert version("eventsourcing") == LIBRARY_VERSION, (
        f"eventsourcing {version('eventsourcing')} is installed; library_compat was written "
        f"against {LIBRARY_VERSION}"
    )


@pytest.mark.parametrize("member", RELIED_ON, ids=[m.label for m in RELIED_ON])
def test_relied_on_private_member_is_unchanged(member: Member) -> None:
    """Each private member library_compat uses exists as expected, its source unchanged."""
    problem = _problem(member)
    if problem is not None:
        pytest.fail(
            f"eventsourcing {version('eventsourcing')}: {member.label} changed: {problem}. "
            f"library_compat was written against {LIBRARY_VERSION}.",
            pytrace=False,
        )
