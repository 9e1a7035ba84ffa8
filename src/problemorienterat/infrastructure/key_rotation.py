"""Master key rotation (docs/backup.md#key-rotation).

A new master key takes over sealing as soon as a process starts with it as
``ENCRYPTION_KEY[_FILE]`` and the old one in ``ENCRYPTION_PREVIOUS_KEYS_FILE``: new events,
snapshots and per-person keys are sealed with the new key id, and everything sealed before
still opens with the old one. :func:`rewrap` then moves what the old key guarded over to
the new one:

- every person's key, unwrapped and wrapped again with the new master key (a row changed
  meanwhile, by an erasure, is left as it is); the old wrapping's bytes are overwritten
  (SQLite ``secure_delete``, PostgreSQL ``VACUUM``) as after an erasure;
- the check value, sealed again with the new key, so a process started with only the old key
  is refused from now on;
- every older master key, kept in the store sealed with the new key (the key ring): the events
  sealed before the rotation stay sealed with the old key, since the hash chain and the signed
  checkpoints bind their bytes, and the ring opens them. The old key's file can then go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from problemorienterat.infrastructure.key_store import SubjectKeyStore
from problemorienterat.infrastructure.personal_data_vault import rewrap_context
from problemorienterat.infrastructure.sealing import Sealer, ring_context, sealed_with

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Rewrapped:
    """What :func:`rewrap` did."""

    key_id: str  # the new master key's id (hex)
    rewrapped: int  # person keys now wrapped with it
    already: int  # person keys that were already
    skipped: int  # person keys erased (or changed) while the run went on
    ring: int  # older master keys kept in the store, sealed with the new key


def rewrap(store: SubjectKeyStore, sealer: Sealer, progress: Progress | None = None) -> Rewrapped:
    """Wrap every person's key, the check value and the older master keys with ``sealer``'s
    sealing key; ``progress(done, total)`` after each person."""
    subjects = sorted(store.keyed_subjects())
    rewrapped = already = skipped = 0
    for done, subject_id in enumerate(subjects, start=1):
        wrapped = store.get(subject_id)
        if wrapped is None:
            skipped += 1
        elif sealed_with(wrapped) == sealer.key_id:
            already += 1
        else:
            context = rewrap_context(subject_id)
            key = sealer.open(wrapped, context) if sealed_with(wrapped) else wrapped
            new = sealer.seal(key, context, compress=False)
            if store.replace_wrapped(subject_id, wrapped, new):
                rewrapped += 1
            else:
                skipped += 1
        if progress is not None:
            progress(done, len(subjects))
    for older in sealer.older_keys():
        store.keep_ring_key(
            older.key_id, sealer.seal(older.secret, ring_context(older.key_id), compress=False)
        )
    store.replace_check_value(sealer.check_value())
    store.settle()
    return Rewrapped(sealer.key_id.hex(), rewrapped, already, skipped, len(sealer.older_keys()))
