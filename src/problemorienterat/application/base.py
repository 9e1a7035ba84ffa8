"""What every use case shares: load an aggregate, check the version, act, save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Recording

from problemorienterat.application.encryption import (
    EncryptionKeyError,
    Sealer,
    SealingMapper,
    choose_key,
    create_key_file,
    read_key_file,
)
from problemorienterat.application.key_store import SubjectKeyStore, key_store_for
from problemorienterat.application.personal_data import (
    PersonalDataVault,
    register_personal_data_transcodings,
)
from problemorienterat.application.results import CommandResult
from problemorienterat.application.transcodings import register_domain_transcodings
from problemorienterat.audit.metadata import KWARG as METADATA_KWARG
from problemorienterat.audit.metadata import metadata_for
from problemorienterat.domain.errors import (
    ConcurrentWriteError,
    NotFoundError,
    VersionConflictError,
)

A = TypeVar("A", bound=Aggregate)


class ServiceBase(Application[UUID]):
    """The event-sourced application all use cases run in."""

    name = "problemorienterat"

    def __init__(self, env: Any = None) -> None:
        # The vault exists before the mapper, whose transcodings use it.
        self.personal_data = PersonalDataVault()
        super().__init__(env)
        self._save_listeners: list[Callable[[int], None]] = []
        try:
            self.key_store = key_store_for(self.recorder)
            self._open_encryption(self.key_store)
        except Exception:
            self.close()
            raise

    def construct_mapper(self) -> Mapper[UUID]:
        """Every stored event and snapshot sealed to its row (see ``encryption``)."""
        return SealingMapper(transcoder=self.construct_transcoder())

    def _open_encryption(self, store: SubjectKeyStore) -> None:
        """Find the master key, check it against the store's check value, start sealing.

        A wrong or missing key stops here, before anything is read or written.
        """
        choice = choose_key(self.env)
        check = store.check_value()
        sealer: Sealer | None = None
        if not choice.enabled:
            if check is not None:
                raise EncryptionKeyError(
                    "This store is encrypted, and PROBLEMORIENTERAT_ENCRYPTION is off: give "
                    "its key (PROBLEMORIENTERAT_ENCRYPTION_KEY or _KEY_FILE)."
                )
        else:
            key = choice.key
            if key is None and choice.key_file is not None:
                if check is None and not choice.key_file.exists():
                    key = create_key_file(choice.key_file)
                else:
                    key = read_key_file(choice.key_file)
            if key is None:  # pragma: no cover - choose_key always gives one or the other
                raise EncryptionKeyError("No encryption key is configured.")
            sealer = Sealer(key)
            if check is None:
                store.set_check_value(sealer.check_value())
                check = store.check_value()
            if check is None or not sealer.matches(check):
                raise EncryptionKeyError(
                    "The encryption key is not the one this store was written with "
                    f"({_key_source(choice.key_file)}). Nothing was read or written; start "
                    "again with the right key."
                )
        if isinstance(self.mapper, SealingMapper):
            self.mapper.sealer = sealer
        self.personal_data.attach(store, sealer)

    def add_save_listener(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(position)`` after every save in this process, with the position
        of the last event saved (e.g. to wake a projection runner early)."""
        self._save_listeners.append(listener)

    def remove_save_listener(self, listener: Callable[[int], None]) -> None:
        self._save_listeners.remove(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if recordings and self._save_listeners:
            position = max(r.notification.id for r in recordings)
            for listener in list(self._save_listeners):
                listener(position)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Hand the recorder each event's metadata (who, when, what, where) to index."""
        processing_event.saved_kwargs[METADATA_KWARG] = metadata_for(
            processing_event.events, processing_event.aggregates
        )
        return super()._record(processing_event)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)
        register_personal_data_transcodings(transcoder, self.personal_data)

    def load(self, cls: type[A], aggregate_id: UUID, *, version: int | None = None) -> A:
        """The aggregate of type ``cls`` with that id (as of ``version``), or NotFoundError."""
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFoundError(f"No {_label(cls)} with that id.") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"No {_label(cls)} with that id.")
        return aggregate

    def change(
        self,
        cls: type[A],
        aggregate_id: UUID,
        expected_version: int | None,
        command: Callable[[A], Any],
    ) -> CommandResult:
        """Load, check the client's expected version, run ``command``, save.

        If ``command`` returns a UUID (an item it created) the result carries it.
        """
        aggregate = self.load(cls, aggregate_id)
        check_version(aggregate, expected_version)
        created = command(aggregate)
        return self.commit(aggregate, item_id=created if isinstance(created, UUID) else None)

    def commit(self, *aggregates: Aggregate, item_id: UUID | None = None) -> CommandResult:
        """Save the aggregates' new events in one transaction; the first is the one reported.

        A concurrent save of the same aggregate version fails the whole transaction:
        nothing is written and :class:`ConcurrentWriteError` tells the caller to retry.
        """
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentWriteError(
                "Someone else changed this at the same moment; nothing was saved. "
                "Load it again and retry."
            ) from None
        main = aggregates[0]
        position = max(r.notification.id for r in recordings) if recordings else 0
        return CommandResult(main.id, main.version, position, item_id)


def check_version(aggregate: Aggregate, expected_version: int | None) -> None:
    """Refuse a command based on an older (or newer) version than the stored one."""
    if expected_version is not None and aggregate.version != expected_version:
        raise VersionConflictError(
            f"The version you changed was {expected_version}; the current version is "
            f"{aggregate.version}. Load it again and check what changed.",
            expected=expected_version,
            actual=aggregate.version,
        )


def _key_source(key_file: Path | None) -> str:
    return f"key file {key_file}" if key_file else "PROBLEMORIENTERAT_ENCRYPTION_KEY"


def _label(cls: type[Any]) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in cls.__name__).strip()
