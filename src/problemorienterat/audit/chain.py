"""The hash chain: every stored event's bytes, bound to its place in the log, in one chain.

``link()`` is SHA-256 over a fixed layout: a format tag, the previous link, the position
(notification id), the originator id, its version, the topic and the state exactly as
stored (so encrypted events, and events whose personal data was later crypto-shredded,
keep verifying). Changing any byte of any of these, or the order of events, changes every
later link.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

FORMAT_TAG = b"problemorienterat/chain/v1"
GENESIS = bytes(32)


def link(
    previous: bytes,
    *,
    position: int,
    originator_id: UUID | str,
    version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """The chain link of one stored event, following ``previous``."""
    oid = originator_id.bytes if isinstance(originator_id, UUID) else originator_id.encode()
    topic_bytes = topic.encode("utf-8")
    digest = hashlib.sha256(FORMAT_TAG)
    digest.update(previous)
    digest.update(position.to_bytes(8, "big"))
    digest.update(len(oid).to_bytes(2, "big"))
    digest.update(oid)
    digest.update(version.to_bytes(8, "big", signed=True))
    digest.update(len(topic_bytes).to_bytes(4, "big"))
    digest.update(topic_bytes)
    digest.update(len(state).to_bytes(8, "big"))
    digest.update(state)
    return digest.digest()
