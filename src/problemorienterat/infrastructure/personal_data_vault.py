"""Crypto-shredding: each person's data sealed with a key of that person's own.

:class:`PersonalDataVault` makes a key for a person the first time their data is stored,
keeps it wrapped with the master key in the key store, and opens their values when events
or snapshots are read. Once the key is destroyed every value of that person reads as
erased, in every event, snapshot, history and rebuilt projection, while the events
themselves load as before. The transcodings here are how the vault meets the event store.
"""

from __future__ import annotations

import os
import re
import threading
import time
from base64 import b64decode, b64encode
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding

from problemorienterat.audit.ports import StoredRow
from problemorienterat.domain.errors import RuleViolation
from problemorienterat.domain.grannsamverkan import ContactPerson
from problemorienterat.domain.personal_data import PersonalData
from problemorienterat.infrastructure.key_store import MemoryKeyStore, SubjectKeyStore
from problemorienterat.infrastructure.library_compat import MapperWithStateHooks
from problemorienterat.infrastructure.sealing import Sealer, SealError, is_sealed

_NONCE = 12
KEY_CACHE_SECONDS = 10.0  # how long another process may still open a value after an erasure


class ErasedPersonError(RuleViolation):
    """New personal data cannot be stored about a person who has been erased."""

    rule = "person-erased"


class PersonalDataVault:
    """Seals and opens :class:`PersonalData`; destroys a person's key on erasure."""

    def __init__(self) -> None:
        self._store: SubjectKeyStore = MemoryKeyStore()
        self._master: Sealer | None = None
        self._cache: dict[UUID, tuple[AESGCM, float]] = {}
        self._lock = threading.Lock()

    def attach(self, store: SubjectKeyStore, master: Sealer | None) -> None:
        """Use ``store`` for keys, wrapped with ``master`` (``None``: encryption at rest off)."""
        self._store, self._master = store, master
        self._cache.clear()

    # ------------------------------------------------------------------ values

    def seal(self, value: PersonalData) -> dict[str, Any]:
        if value.text is None:
            return {"subject": value.subject_id.hex, "erased": True}
        aead = self._key(value.subject_id, create=True)
        if aead is None:
            raise ErasedPersonError("That person has been erased; nothing more is kept about them.")
        nonce = os.urandom(_NONCE)
        sealed = nonce + aead.encrypt(nonce, value.text.encode(), _context(value.subject_id))
        return {"subject": value.subject_id.hex, "sealed": b64encode(sealed).decode("ascii")}

    def open(self, data: dict[str, Any]) -> PersonalData:
        subject_id = UUID(data["subject"])
        sealed = data.get("sealed")
        aead = self._key(subject_id, create=False) if sealed else None
        if aead is None or sealed is None:
            return PersonalData.erased(subject_id)
        blob = b64decode(sealed)
        try:
            text = aead.decrypt(blob[:_NONCE], blob[_NONCE:], _context(subject_id)).decode()
        except InvalidTag:
            raise SealError("a person's value was altered or moved") from None
        return PersonalData(subject_id, text)

    def legacy(self, subject_id: UUID, text: str) -> PersonalData | None:
        """A value stored in plain text by version 0.1 (before personal data was sealed):
        shown unless its person has been erased; blank means "not given"."""
        if not text:
            return None
        if self._store.is_erased(subject_id):
            return PersonalData.erased(subject_id)
        return PersonalData(subject_id, text)

    # ------------------------------------------------------------------ keys

    def destroy(self, subject_id: UUID) -> bool:
        """Destroy the person's key for good; False if there was none (already erased, or
        nothing stored yet: a tombstone is left either way)."""
        with self._lock:
            self._cache.pop(subject_id, None)
        return self._store.destroy(subject_id)

    def is_erased(self, subject_id: UUID) -> bool:
        return self._store.is_erased(subject_id)

    def keyed_subjects(self) -> set[UUID]:
        """Every person who has a key now."""
        return self._store.keyed_subjects()

    def _key(self, subject_id: UUID, *, create: bool) -> AESGCM | None:
        now = time.monotonic()
        cached = self._cache.get(subject_id)
        if cached and now - cached[1] < KEY_CACHE_SECONDS:
            return cached[0]
        wrapped = self._store.get(subject_id)
        if wrapped is None and create and not self._store.is_erased(subject_id):
            wrapped = self._store.add(subject_id, self._wrap(subject_id, AESGCM.generate_key(256)))
        if wrapped is None:
            return None
        aead = AESGCM(self._unwrap(subject_id, wrapped))
        with self._lock:
            self._cache[subject_id] = (aead, now)
        return aead

    def _wrap(self, subject_id: UUID, key: bytes) -> bytes:
        # With encryption at rest off, a person's key is kept as it is: erasure still
        # works (the key is deleted), but a copy of the database holds the live keys.
        if self._master is None:
            return key
        return self._master.seal(key, _wrap_context(subject_id), compress=False)

    def _unwrap(self, subject_id: UUID, wrapped: bytes) -> bytes:
        if not is_sealed(wrapped):
            return wrapped
        if self._master is None:
            raise SealError("a person's key is wrapped, and no encryption key is configured")
        return self._master.open(wrapped, _wrap_context(subject_id))


def _context(subject_id: UUID) -> bytes:
    return b"problemorienterat/personal-data\x00" + subject_id.bytes


def _wrap_context(subject_id: UUID) -> bytes:
    return b"problemorienterat/subject-key\x00" + subject_id.bytes


def rewrap_context(subject_id: UUID) -> bytes:
    """What binds a person's wrapped key to the person (key rotation wraps it again)."""
    return _wrap_context(subject_id)


# ---------------------------------------------------------------------------- transcodings


class PersonalDataSealed(Transcoding):
    """``personal_data``: the person's id and the value sealed with their key."""

    type = PersonalData
    name = "personal_data"

    def __init__(self, vault: PersonalDataVault) -> None:
        self.vault = vault

    def encode(self, obj: PersonalData) -> dict[str, Any]:
        return self.vault.seal(obj)

    def decode(self, data: dict[str, Any]) -> PersonalData:
        return self.vault.open(data)


class ContactPersonAsDict(Transcoding):
    """``contact_person``: since 0.2 each detail is personal data; 0.1 stored plain strings."""

    type = ContactPerson
    name = "contact_person"

    def __init__(self, vault: PersonalDataVault) -> None:
        self.vault = vault

    def encode(self, obj: ContactPerson) -> dict[str, Any]:
        return {
            "person_id": obj.person_id,
            "name": obj.name,
            "phone": obj.phone,
            "email": obj.email,
        }

    def decode(self, data: dict[str, Any]) -> ContactPerson:
        person_id: UUID = data["person_id"]

        def detail(value: Any) -> PersonalData | None:
            if isinstance(value, str):
                return self.vault.legacy(person_id, value)
            return value if isinstance(value, PersonalData) else None

        name = detail(data.get("name")) or PersonalData.erased(person_id)
        return ContactPerson(person_id, name, detail(data.get("phone")), detail(data.get("email")))


def register_personal_data_transcodings(
    transcoder: JSONTranscoder, vault: PersonalDataVault
) -> None:
    transcoder.register(PersonalDataSealed(vault))
    transcoder.register(ContactPersonAsDict(vault))


# ---------------------------------------------------------------------------- who the events name

# How the transcoder writes a PersonalData value (compact JSON, its person's id first); a
# quote inside a text is escaped, so free text cannot spell it.
_PERSONAL_DATA = re.compile(rb'"_type_":"personal_data","_data_":\{"subject":"([0-9a-f]{32})"')


class PersonalDataReferences:
    """Collects, from stored events as the chain check walks them, the persons whose
    personal data they hold (without opening any value) and the aggregates of the events of
    ``record_topic`` (the erasure records)."""

    def __init__(self, mapper: Mapper[Any], record_topic: str) -> None:
        self.mapper = mapper if isinstance(mapper, MapperWithStateHooks) else None
        self.record_topic = record_topic
        self.subjects: set[UUID] = set()
        self.records: set[UUID] = set()

    def __call__(self, row: StoredRow) -> None:
        if row.topic == self.record_topic:
            self.records.add(UUID(str(row.originator_id)))
        stored = StoredEvent(row.originator_id, row.originator_version, row.topic, row.state)
        state = self.mapper.open_state(stored) if self.mapper is not None else row.state
        self.subjects.update(UUID(hex_id.decode()) for hex_id in _PERSONAL_DATA.findall(state))
