"""Encryption at rest: every stored event and snapshot is compressed and sealed with AES-GCM.

Each sealed blob is bound to its row: the originator id, version and topic are the AES-GCM
associated data, so a blob copied into another row (another aggregate, another version, a
snapshot in place of an event) fails to open instead of replaying the wrong facts.

Stored format (version 1)::

    b"PO" 0x01 | flags (1 byte) | key id (4 bytes) | nonce (12 bytes) | AES-256-GCM(body) + tag

The body is the JSON, DEFLATE-compressed (flag bit 0) when it is at least
:data:`COMPRESS_FROM` bytes: snapshots and long texts shrink well, while compressing the
typical short event costs more rebuild time than it saves (``bench/encryption.py``).

Events stored by version 0.1 are plain JSON (they start with ``{``) and still load. The key
id names the master key a blob was sealed with, so keys can be rotated later: older keys
stay in the key ring for opening, the newest seals.

The library's own :class:`~eventsourcing.persistence.Mapper` calls ``cipher.encrypt(bytes)``
without the row, so :class:`SealingMapper` seals in hooks around the library's transcoding
and upcasting (see :mod:`.library_compat`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import sys
import zlib
from base64 import b64decode, b64encode, urlsafe_b64decode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent, Transcoder

from problemorienterat.config import ConfigurationError, private_directory
from problemorienterat.infrastructure.key_store import SubjectKeyStore
from problemorienterat.infrastructure.library_compat import MapperWithStateHooks

FORMAT_V1 = b"PO\x01"
KEY_BYTES = 32
_NONCE = 12
_KEY_ID = 4
_MARK = len(FORMAT_V1)
_HEADER = _MARK + 1 + _KEY_ID
_BODY = _HEADER + _NONCE
_DEFLATED = b"\x01"
_STORED = b"\x00"
COMPRESS_FROM = 512
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
        return hmac.new(self.secret, b"problemorienterat/key-id", hashlib.sha256).digest()[:_KEY_ID]


class Sealer:
    """Compress-then-encrypt with AES-256-GCM, binding each blob to the given context."""

    def __init__(self, key: MasterKey, *, older_keys: tuple[MasterKey, ...] = ()) -> None:
        self._key_id = key.key_id
        self._seal = AESGCM(key.secret)
        self._keys = {k.key_id: k for k in (*older_keys, key)}
        self._open = {key_id: AESGCM(k.secret) for key_id, k in self._keys.items()}

    @property
    def key_id(self) -> bytes:
        """The id of the key that seals (the newest); the others only open."""
        return self._key_id

    def older_keys(self) -> tuple[MasterKey, ...]:
        """The keys that open what was sealed before the newest key took over."""
        return tuple(k for key_id, k in self._keys.items() if key_id != self._key_id)

    def with_older_keys(self, keys: tuple[MasterKey, ...]) -> Sealer:
        """The same sealing key, opening ``keys`` too."""
        current = self._keys[self._key_id]
        return Sealer(current, older_keys=(*self.older_keys(), *keys))

    def seal(self, plaintext: bytes, context: bytes, *, compress: bool = True) -> bytes:
        """Seal ``plaintext`` to ``context``; compressed if ``compress`` and long enough."""
        nonce = os.urandom(_NONCE)
        if compress and len(plaintext) >= COMPRESS_FROM:
            flags, body = _DEFLATED, _deflate(plaintext)
        else:
            flags, body = _STORED, plaintext
        header = FORMAT_V1 + flags + self._key_id
        # The header is authenticated too: a flipped flag fails like a changed body.
        return header + nonce + self._seal.encrypt(nonce, body, header + context)

    def open(self, blob: bytes, context: bytes) -> bytes:
        if blob[:_MARK] != FORMAT_V1:
            raise SealError("not a sealed blob")
        aead = self._open.get(blob[_MARK + 1 : _HEADER])
        if aead is None:
            raise SealError("sealed with another key")
        try:
            body = aead.decrypt(blob[_HEADER:_BODY], blob[_BODY:], blob[:_HEADER] + context)
        except InvalidTag:
            raise SealError("the key is wrong, or the blob was altered or moved") from None
        return _inflate(body) if blob[_MARK : _MARK + 1] == _DEFLATED else body

    def check_value(self) -> bytes:
        """A blob stored with the data, to tell at start whether the key is right."""
        return self.seal(_CHECK_PLAINTEXT, _CHECK_AAD, compress=False)

    def matches(self, check_value: bytes) -> bool:
        try:
            return self.open(check_value, _CHECK_AAD) == _CHECK_PLAINTEXT
        except SealError:
            return False


def _deflate(data: bytes) -> bytes:
    """Raw DEFLATE (no zlib header or checksum: AES-GCM already authenticates the body)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _inflate(data: bytes) -> bytes:
    return zlib.decompress(data, -15)


def is_sealed(blob: bytes) -> bool:
    return blob[:_MARK] == FORMAT_V1


def sealed_with(blob: bytes) -> bytes | None:
    """The id of the key a sealed blob was sealed with (None: not sealed)."""
    return blob[_MARK + 1 : _HEADER] if is_sealed(blob) else None


_EVENT_CONTEXT = b"problemorienterat/event\x00"


def event_context(originator_id: UUID | str, originator_version: int, topic: str) -> bytes:
    """The associated data that binds a stored event (or snapshot) to its row: its
    originator id (16 bytes, or the text of a non-UUID id), version and topic."""
    oid = originator_id.bytes if isinstance(originator_id, UUID) else str(originator_id).encode()
    return b"%s%s\x00%d\x00%s" % (_EVENT_CONTEXT, oid, originator_version, topic.encode())


class SealingMapper(MapperWithStateHooks):
    """The library's mapper, with each stored state sealed to its originator id, version
    and topic. ``sealer`` is set once the key is checked at start; ``None`` writes plain
    JSON (encryption off), which is also what version 0.1 stored."""

    def __init__(self, transcoder: Transcoder, sealer: Sealer | None = None) -> None:
        super().__init__(transcoder=transcoder)
        self.sealer = sealer

    def seal_state(self, state: bytes, originator_id: Any, version: int, topic: str) -> bytes:
        if self.sealer is None:
            return state
        return self.sealer.seal(state, event_context(originator_id, version, topic))

    def open_state(self, stored_event: StoredEvent) -> bytes:
        if stored_event.state[:_MARK] == FORMAT_V1:
            return self._open(stored_event)
        return stored_event.state

    def _open(self, stored: StoredEvent) -> bytes:
        if self.sealer is None:
            raise MapperDeserialisationError(
                f"The {_where(stored)} is encrypted, and no encryption key is configured."
            )
        context = event_context(stored.originator_id, stored.originator_version, stored.topic)
        try:
            return self.sealer.open(stored.state, context)
        except SealError as error:
            raise MapperDeserialisationError(
                f"The {_where(stored)} cannot be decrypted: {error}."
            ) from None


def _where(stored: StoredEvent) -> str:
    return (
        f"stored event {stored.topic!r} of {stored.originator_id} "
        f"version {stored.originator_version}"
    )


# ---------------------------------------------------------------------------- the key at start


ENV_ENCRYPTION = "PROBLEMORIENTERAT_ENCRYPTION"
ENV_KEY = "PROBLEMORIENTERAT_ENCRYPTION_KEY"
ENV_KEY_FILE = "PROBLEMORIENTERAT_ENCRYPTION_KEY_FILE"
# Older master keys, one per line: they open what was sealed before the newest key took over
# (key rotation, docs/backup.md), until `problemorienterat keys rewrap` keeps them in the store.
ENV_PREVIOUS_KEYS_FILE = "PROBLEMORIENTERAT_ENCRYPTION_PREVIOUS_KEYS_FILE"
_OFF = ("0", "off", "false", "no", "n")


@dataclass(frozen=True)
class KeyChoice:
    """Where the master key comes from (decided from the settings, before the store is read)."""

    enabled: bool
    key: MasterKey | None = None
    key_file: Path | None = None  # a file to read, or to create on first start
    ephemeral: bool = False  # an in-memory store: a new key each time, nothing to keep


def read_previous_keys(env: Any) -> tuple[MasterKey, ...]:
    """The older keys of ``ENCRYPTION_PREVIOUS_KEYS_FILE`` (one per line; # starts a comment)."""
    file_name = env.get(ENV_PREVIOUS_KEYS_FILE)
    if not file_name:
        return ()
    path = Path(file_name).expanduser()
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise EncryptionKeyError(f"The previous keys file {path} cannot be read: {error}") from None
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(MasterKey.from_text(line) for line in lines if line)


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
            if db_name.startswith("file:"):  # a URI, e.g. file:/data/x.db?mode=ro
                db_name = unquote(db_name.removeprefix("file:").split("?", 1)[0])
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
    private_directory(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process started at the same moment and made it
        return read_key_file(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key.to_text() + "\n")
    # Also into the log (stderr unless logging is configured), for servers run unattended.
    logging.getLogger("problemorienterat.encryption").warning(
        "New encryption key written to %s: back it up apart from the database.", path
    )
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


def open_encryption(env: Any, store: SubjectKeyStore) -> Sealer | None:
    """Find the master key, check it against the store's check value, and return the sealer
    (None: encryption at rest off). A wrong or missing key stops here, before anything is
    read or written."""
    choice = choose_key(env)
    check = store.check_value()
    if not choice.enabled:
        if check is not None:
            raise EncryptionKeyError(
                "This store is encrypted, and PROBLEMORIENTERAT_ENCRYPTION is off: give "
                "its key (PROBLEMORIENTERAT_ENCRYPTION_KEY or _KEY_FILE)."
            )
        return None
    key = choice.key
    if key is None and choice.key_file is not None:
        if check is None and not choice.key_file.exists():
            key = create_key_file(choice.key_file)
        else:
            key = read_key_file(choice.key_file)
    if key is None:  # pragma: no cover - choose_key always gives one or the other
        raise EncryptionKeyError("No encryption key is configured.")
    sealer = Sealer(key, older_keys=read_previous_keys(env))
    sealer = sealer.with_older_keys(unwrap_ring(store, sealer))
    if check is None:
        store.set_check_value(sealer.check_value())
        check = store.check_value()
    if check is None or not sealer.matches(check):
        raise EncryptionKeyError(
            "The encryption key is not the one this store was written with "
            f"({_key_source(choice.key_file)}). Nothing was read or written; start "
            "again with the right key."
        )
    return sealer


def _key_source(key_file: Path | None) -> str:
    return f"key file {key_file}" if key_file else ENV_KEY


# ---------------------------------------------------------------------------- the key ring

_RING_CONTEXT = b"problemorienterat/master-key\x00"


def ring_context(key_id: bytes) -> bytes:
    """What binds an older master key, kept sealed in the store, to its key id."""
    return _RING_CONTEXT + key_id


def unwrap_ring(store: SubjectKeyStore, sealer: Sealer) -> tuple[MasterKey, ...]:
    """The older master keys kept in the store (sealed with a newer one) that ``sealer``
    opens; a key sealed with a key this process does not have is left out."""
    found: dict[bytes, MasterKey] = {}
    ring = store.ring_keys()
    opener = sealer
    while True:  # a key kept sealed with a key kept sealed with one of ours: to a fixpoint
        more = {}
        for key_id, wrapped in ring.items():
            if key_id in found:
                continue
            try:
                key = MasterKey(opener.open(wrapped, ring_context(key_id)))
            except SealError:
                continue
            if key.key_id == key_id:
                more[key_id] = key
        if not more:
            return tuple(found.values())
        found |= more
        opener = sealer.with_older_keys(tuple(found.values()))
