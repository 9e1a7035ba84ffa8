"""Encryption at rest: every stored event and snapshot is compressed and sealed with AES-GCM.

Each sealed blob is bound to its row: the originator id, version and topic are the AES-GCM
associated data, so a blob copied into another row (another aggregate, another version, a
snapshot in place of an event) fails to open instead of replaying the wrong facts.

Stored format (version 1)::

    b"PO" 0x01 | key id (4 bytes) | nonce (12 bytes) | AES-256-GCM(zlib(JSON)) with tag

Events stored by version 0.1 are plain JSON (they start with ``{``) and still load. The key
id names the master key a blob was sealed with, so keys can be rotated later: older keys
stay in the key ring for opening, the newest seals.

The library's own :class:`~eventsourcing.persistence.Mapper` calls ``cipher.encrypt(bytes)``
without the row, so :class:`SealingMapper` does the sealing itself around the library's
transcoding and upcasting.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import zlib
from base64 import b64decode, b64encode, urlsafe_b64decode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)

from problemorienterat.config import ConfigurationError

FORMAT_V1 = b"PO\x01"
KEY_BYTES = 32
_NONCE = 12
_KEY_ID = 4
_HEADER = len(FORMAT_V1) + _KEY_ID
KEY_FILE_NAME = "encryption.key"
_CHECK_PLAINTEXT = b"problemorienterat: the encryption key is right"
_CHECK_AAD = b"problemorienterat/key-check"


class EncryptionKeyError(ConfigurationError):
    """The encryption key is missing, malformed or not the one the store was written with."""


class SealError(ValueError):
    """A sealed blob did not open: wrong key, or the blob was altered or moved."""


@dataclass(frozen=True)
class MasterKey:
    """A 256-bit AES key; ``key_id`` (derived, not secret) is stored with every blob."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise EncryptionKeyError(
                f"An encryption key is {KEY_BYTES} bytes (base64-encoded); this one is "
                f"{len(self.secret)} bytes."
            )

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(AESGCM.generate_key(bit_length=KEY_BYTES * 8))

    @classmethod
    def from_text(cls, text: str) -> MasterKey:
        """Parse a key written by :meth:`to_text` (standard or URL-safe base64)."""
        value = text.strip()
        try:
            decode = urlsafe_b64decode if ("-" in value or "_" in value) else b64decode
            secret = decode(value.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise EncryptionKeyError("The encryption key is not valid base64.") from None
        return cls(secret)

    def to_text(self) -> str:
        return b64encode(self.secret).decode("ascii")

    @property
    def key_id(self) -> bytes:
        return hmac.new(self.secret, b"problemorienterat/key-id", hashlib.sha256).digest()[
            :_KEY_ID
        ]


class Sealer:
    """Compress-then-encrypt with AES-256-GCM, binding each blob to the given context."""

    def __init__(self, key: MasterKey, *, older_keys: tuple[MasterKey, ...] = ()) -> None:
        self._key_id = key.key_id
        self._seal = AESGCM(key.secret)
        self._open = {k.key_id: AESGCM(k.secret) for k in (*older_keys, key)}

    def seal(self, plaintext: bytes, context: bytes, *, compress: bool = True) -> bytes:
        nonce = os.urandom(_NONCE)
        body = zlib.compress(plaintext) if compress else plaintext
        return FORMAT_V1 + self._key_id + nonce + self._seal.encrypt(nonce, body, context)

    def open(self, blob: bytes, context: bytes, *, compressed: bool = True) -> bytes:
        if not is_sealed(blob):
            raise SealError("not a sealed blob")
        aead = self._open.get(bytes(blob[len(FORMAT_V1) : _HEADER]))
        if aead is None:
            raise SealError("sealed with another key")
        nonce = blob[_HEADER : _HEADER + _NONCE]
        try:
            body = aead.decrypt(bytes(nonce), bytes(blob[_HEADER + _NONCE :]), context)
        except InvalidTag:
            raise SealError("the key is wrong, or the blob was altered or moved") from None
        return zlib.decompress(body) if compressed else body

    def check_value(self) -> bytes:
        """A blob stored with the data, to tell at start whether the key is right."""
        return self.seal(_CHECK_PLAINTEXT, _CHECK_AAD, compress=False)

    def matches(self, check_value: bytes) -> bool:
        try:
            return self.open(check_value, _CHECK_AAD, compressed=False) == _CHECK_PLAINTEXT
        except SealError:
            return False


def is_sealed(blob: bytes) -> bool:
    return bytes(blob[: len(FORMAT_V1)]) == FORMAT_V1


def event_context(originator_id: UUID | str, originator_version: int, topic: str) -> bytes:
    """The associated data that binds a stored event (or snapshot) to its row."""
    return f"problemorienterat/event\x00{originator_id}\x00{originator_version}\x00{topic}".encode()


class SealingMapper(Mapper[UUID]):
    """The library's mapper, with each stored state sealed to its originator id, version
    and topic. ``sealer`` is set once the key is checked at start; ``None`` writes plain
    JSON (encryption off), which is also what version 0.1 stored."""

    def __init__(self, transcoder: Transcoder, sealer: Sealer | None = None) -> None:
        super().__init__(transcoder=transcoder)
        self.sealer = sealer

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        if self.sealer is None:
            return stored
        context = event_context(stored.originator_id, stored.originator_version, stored.topic)
        return StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=self.sealer.seal(stored.state, context),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        if is_sealed(stored_event.state):
            stored_event = self._opened(stored_event)
        return super().to_domain_event(stored_event)

    def _opened(self, stored: StoredEvent) -> StoredEvent:
        where = (
            f"stored event {stored.topic!r} of {stored.originator_id} "
            f"version {stored.originator_version}"
        )
        if self.sealer is None:
            raise MapperDeserialisationError(
                f"The {where} is encrypted, and no encryption key is configured."
            )
        context = event_context(stored.originator_id, stored.originator_version, stored.topic)
        try:
            state = self.sealer.open(stored.state, context)
        except SealError as error:
            raise MapperDeserialisationError(f"The {where} cannot be decrypted: {error}.") from None
        return StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=state,
        )


# ---------------------------------------------------------------------------- the key at start


ENV_ENCRYPTION = "PROBLEMORIENTERAT_ENCRYPTION"
ENV_KEY = "PROBLEMORIENTERAT_ENCRYPTION_KEY"
ENV_KEY_FILE = "PROBLEMORIENTERAT_ENCRYPTION_KEY_FILE"
_OFF = ("0", "off", "false", "no", "n")


@dataclass(frozen=True)
class KeyChoice:
    """Where the master key comes from (decided from the settings, before the store is read)."""

    enabled: bool
    key: MasterKey | None = None
    key_file: Path | None = None  # a file to read, or to create on first start
    ephemeral: bool = False  # an in-memory store: a new key each time, nothing to keep


def choose_key(env: Any) -> KeyChoice:
    """Read ``PROBLEMORIENTERAT_ENCRYPTION[_KEY|_KEY_FILE]`` from the application's env."""
    if str(env.get(ENV_ENCRYPTION) or "on").strip().lower() in _OFF:
        return KeyChoice(enabled=False)
    text = env.get(ENV_KEY)
    if text:
        return KeyChoice(enabled=True, key=MasterKey.from_text(text))
    file_name = env.get(ENV_KEY_FILE)
    if file_name:
        return KeyChoice(enabled=True, key_file=Path(file_name).expanduser())
    module = str(env.get("PERSISTENCE_MODULE") or "eventsourcing.popo")
    if module.endswith("sqlite"):
        db_name = str(env.get("SQLITE_DBNAME") or "")
        if db_name and ":memory:" not in db_name and "mode=memory" not in db_name:
            return KeyChoice(enabled=True, key_file=Path(db_name).parent / KEY_FILE_NAME)
        return KeyChoice(enabled=True, key=MasterKey.generate(), ephemeral=True)
    if module.endswith("popo"):
        return KeyChoice(enabled=True, key=MasterKey.generate(), ephemeral=True)
    raise EncryptionKeyError(
        "Events are encrypted at rest, and a PostgreSQL store needs its key given: set "
        f"{ENV_KEY} (32 random bytes, base64) or {ENV_KEY_FILE} (a file holding it). "
        "Keep the key safe: without it nothing stored can be read. "
        f"({ENV_ENCRYPTION}=off stores events unencrypted.)"
    )


def read_key_file(path: Path) -> MasterKey:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise EncryptionKeyError(
            f"The store is encrypted, and its key file {path} is missing. Restore it from "
            f"your backup (or give the key in {ENV_KEY}); without it nothing can be read."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise EncryptionKeyError(f"The key file {path} cannot be read: {error}") from None
    if path.stat().st_mode & 0o077:
        print(
            f"VARNING: nyckelfilen {path} kan läsas av andra än ägaren; kör chmod 600.",
            file=sys.stderr,
        )
    return MasterKey.from_text(text)


def create_key_file(path: Path) -> MasterKey:
    """Write a new key to ``path`` (mode 0600) and say loudly that it must be backed up."""
    key = MasterKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key.to_text() + "\n")
    print(
        "\n".join(
            [
                "",
                "!" * 78,
                f"  NY KRYPTERINGSNYCKEL: {path}",
                "  Alla händelser lagras krypterade med den här nyckeln. Säkerhetskopiera",
                "  filen nu, skild från databasen: utan den kan ingenting läsas igen.",
                "  (A new encryption key was created. Back it up now, apart from the",
                "  database: without it nothing stored can ever be read again.)",
                "!" * 78,
                "",
            ]
        ),
        file=sys.stderr,
    )
    return key
