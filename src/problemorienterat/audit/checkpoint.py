"""Signed checkpoints: the chain's head, signed with an Ed25519 key kept outside the database.

A checkpoint printed into the BRÅ's minutes (or sent elsewhere) lets anyone later prove that
the store still extends it: even someone with write access to the database cannot rewrite
history and recompute the chain without the link at the checkpoint's position changing.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from problemorienterat.audit.ports import ChainStore
from problemorienterat.audit.verify import Verification

FORMAT = "problemorienterat-checkpoint/v1"


class CheckpointError(Exception):
    """A checkpoint or its key cannot be used; the message says why."""


@dataclass(frozen=True)
class Checkpoint:
    format: str
    position: int
    events: int
    head: str
    time: str
    public_key: str
    signature: str = ""

    def signed_bytes(self) -> bytes:
        fields = asdict(self)
        fields.pop("signature")
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        try:
            checkpoint = cls(**json.loads(text))
        except (ValueError, TypeError) as error:
            raise CheckpointError("The file is not a checkpoint.") from error
        if checkpoint.format != FORMAT:
            raise CheckpointError(f"Unknown checkpoint format {checkpoint.format!r}.")
        return checkpoint


def load_or_create_signing_key(path: Path) -> tuple[Ed25519PrivateKey, bool]:
    """The signing key in ``path``; created (mode 0600) if there is none. True if created."""
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except ValueError as error:
            raise CheckpointError(f"{path} does not hold a private key.") from error
        if not isinstance(key, Ed25519PrivateKey):
            raise CheckpointError(f"{path} does not hold an Ed25519 key.")
        return key, False
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the owner's alone
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    return key, True


def trusted_public_key(path: Path) -> str | None:
    """The public key (hex) of the signing key in ``path``, or None when there is no usable
    key there (nothing is created: a server that signs nothing trusts nothing)."""
    if not path.is_file():
        return None
    try:
        key, _ = load_or_create_signing_key(path)
    except (CheckpointError, OSError):
        return None
    return public_key_hex(key)


def public_key_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def make_checkpoint(verification: Verification, key: Ed25519PrivateKey) -> Checkpoint:
    """Sign the head of an intact chain."""
    if not verification.intact:
        raise CheckpointError("The chain is broken; a checkpoint would vouch for tampered data.")
    unsigned = Checkpoint(
        format=FORMAT,
        position=verification.head_position,
        events=verification.events,
        head=verification.head.hex(),
        time=datetime.now(UTC).isoformat(timespec="seconds"),
        public_key=public_key_hex(key),
    )
    signature = key.sign(unsigned.signed_bytes()).hex()
    return Checkpoint(**{**asdict(unsigned), "signature": signature})


def check_signature(checkpoint: Checkpoint, trusted_public_key: str) -> None:
    """Raise unless the checkpoint was signed by the trusted key."""
    if checkpoint.public_key != trusted_public_key:
        raise CheckpointError("The checkpoint was signed with another key than the trusted one.")
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(trusted_public_key))
    try:
        public.verify(bytes.fromhex(checkpoint.signature), checkpoint.signed_bytes())
    except (InvalidSignature, ValueError) as error:
        raise CheckpointError("The checkpoint's signature does not match its contents.") from error


def extends(store: ChainStore, verification: Verification, checkpoint: Checkpoint) -> str | None:
    """None if the (verified) store still extends the checkpoint, else what differs."""
    if not verification.intact:
        return verification.summary()
    if verification.head_position < checkpoint.position:
        return (
            f"the store ends at position {verification.head_position}, before the checkpoint's "
            f"{checkpoint.position}: events were removed"
        )
    found = store.link_at(checkpoint.position)
    if found is None or found.hex() != checkpoint.head:
        return (
            f"the chain at position {checkpoint.position} differs from the checkpoint: "
            "history before it was rewritten"
        )
    return None
