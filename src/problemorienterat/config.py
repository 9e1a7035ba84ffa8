"""Configuration: ``PROBLEMORIENTERAT_*`` settings, mapped in one place onto the library's own.

The only module that reads the process environment (tests/unit/test_environment_reads.py):
everything else is handed a :class:`Settings`.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import time
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Event recorders that hash-chain every stored event.
_RECORDERS = "problemorienterat.infrastructure.recorders"
SQLITE_CHAINED_RECORDER = f"{_RECORDERS}:ChainedSQLiteApplicationRecorder"
POSTGRES_CHAINED_RECORDER = f"{_RECORDERS}:ChainedPostgresApplicationRecorder"


class ConfigurationError(Exception):
    """The configuration cannot be used; the message says which setting and why."""


class OidcProvider(BaseModel):
    """One OpenID Provider the web signs in through (``OIDC_PROVIDERS``, a JSON list).

    - ``id``: a short name in the sign-in addresses (``/logga-in/oidc/{id}``), e.g. ``kommun``;
    - ``name``: what the login page says (``Logga in med {name}``);
    - ``issuer``: the provider's issuer URL, exactly as its ID tokens name it (its
      ``/.well-known/openid-configuration`` is read from there);
    - ``client_id`` and ``client_secret`` or ``client_secret_file`` (its first line);
    - ``scopes`` (``openid`` is always asked for);
    - ``user_claim``: which claim identifies the user: ``sub`` (the administrator registered
      the provider's subject), or ``email`` (default) or another claim holding an e-mail
      address, matched against the e-mail address registered on the user;
    - ``audience``: the API takes the provider's access tokens issued for it (default: the
      client id).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")
    name: str = Field(min_length=1, max_length=80)
    issuer: str
    client_id: str = Field(min_length=1)
    client_secret: SecretStr | None = None
    client_secret_file: Path | None = None
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    user_claim: str = Field(default="email", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    # The API accepts the provider's access tokens (JWTs) issued for this audience
    # (default: the client id).
    audience: str | None = None

    @field_validator("issuer")
    @classmethod
    def _issuer_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("the issuer must be an https:// (or http://) URL")
        return value

    @field_validator("scopes")
    @classmethod
    def _openid_first(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return ("openid", *(s for s in value if s != "openid"))

    @property
    def by_subject(self) -> bool:
        """Whether users are found by the provider's subject (else by e-mail address)."""
        return self.user_claim == "sub"

    def secret(self) -> str | None:
        """The client secret: ``client_secret``, else the first line of its file."""
        if self.client_secret is not None:
            return self.client_secret.get_secret_value()
        if self.client_secret_file is None:
            return None
        try:
            text = self.client_secret_file.expanduser().read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigurationError(
                f"The client secret file of OIDC provider {self.id!r} cannot be read"
                f" ({error.strerror})."
            ) from None
        return (text.splitlines() or [""])[0].strip() or None


class Settings(BaseSettings):
    """Every setting is an environment variable ``PROBLEMORIENTERAT_<NAME>``.

    - ``DATA_DIR``: where the embedded database and key files live
      (default: the per-user data directory, e.g. ``~/.local/share/problemorienterat``).
    - ``DATABASE_URL``: ``sqlite:////absolute/file.db``, ``sqlite:///relative-to-data-dir.db`` or ``postgresql://user:pass@host:port/db``
      (optionally ``?schema=NAME``); default: ``problemorienterat.db`` in the data directory.
      ``sqlite:///...?mode=ro`` opens an existing file read-only (``verify`` on a copy).
    """

    model_config = SettingsConfigDict(env_prefix="PROBLEMORIENTERAT_", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: Path(user_data_dir("problemorienterat")))
    database_url: str | None = None
    # The URL (with its password) from a file's first line instead, e.g. a container secret.
    database_url_file: Path | None = None
    # Projections (src/projections): whether `serve` keeps the views current in-process
    # (turn off when a `problemorienterat project` worker does it), how often it looks for
    # other processes' saves, how many events one view transaction applies, and after how
    # many days without an event the BRÅ overview calls an open problem stale.
    projections_in_process: bool = True
    # Set by ``serve --workers`` for the processes it starts: they end when it is gone.
    parent_pid: int | None = None
    projections_poll_seconds: float = Field(default=0.5, gt=0)
    projections_batch_size: int = Field(default=2000, ge=1)
    stale_days: int = Field(default=60, ge=0)
    checkpoint_key_file: Path | None = None
    # GET /api/v1/audit/verify recomputes the whole chain at most this often per process;
    # in between it checks only the events after the last verified state or the newest
    # signed checkpoint (0: the whole chain on every call with a new head).
    audit_full_verify_minutes: float = Field(default=60, ge=0)

    # Encryption at rest (infrastructure/sealing.py): on unless ENCRYPTION=off. The key is
    # ENCRYPTION_KEY (base64 of 32 bytes) or ENCRYPTION_KEY_FILE; SQLite's default file is
    # encryption.key in the data directory, made on first start. PostgreSQL needs one given.
    encryption: bool = True
    encryption_key: SecretStr | None = None
    encryption_key_file: Path | None = None
    # Key rotation (docs/backup.md): older master keys, one per line, that only open what was
    # sealed before ENCRYPTION_KEY took over; `keys rewrap` keeps them in the store after.
    encryption_previous_keys_file: Path | None = None
    # Days after closing before a problem's personal data is purged (retention purge).
    retention_days: int = Field(default=3 * 365, ge=0)
    # The web interface's session cookie (web/session.py): sealed with a key derived from
    # SESSION_SECRET, else from session.key in the data directory (made on first start,
    # mode 0600). Every process serving the same users needs the same secret.
    session_secret: SecretStr | None = None
    session_secret_file: Path | None = None
    session_cookie_secure: bool = False
    session_idle_minutes: int = Field(default=8 * 60, ge=1, le=7 * 24 * 60)
    # Sign-in (web/oidc.py, docs/sign-in.md): OIDC_PROVIDERS is a JSON list of
    # :class:`OidcProvider` (the login page shows "Logga in med ..." for each). TOKEN_LOGIN:
    # whether the web's login page also takes a user's API token; by default only while no
    # provider is configured (an installation without one has no other way in). ``serve
    # --demo`` turns it on.
    oidc_providers: tuple[OidcProvider, ...] = ()
    token_login: bool | None = None
    # Threads that run the API's requests (each waits for the database in turn; a command
    # waiting for its group commit holds one).
    worker_threads: int = Field(default=16, ge=1, le=256)
    # Commands arriving together are written in one transaction (off: one transaction each).
    group_commit: bool = True
    # Aggregates kept in memory per process (0: every command replays its aggregate).
    aggregate_cache_size: int = Field(default=2000, ge=0)
    # The largest request body in bytes: the longest command is a few texts of 4,000 characters.
    max_body_bytes: int = Field(default=64 * 1024, ge=1)
    # Requests per minute per user (per client address for requests without credentials),
    # counted over every process on the store; 0 (or less) turns the limit off.
    rate_limit_per_minute: int = 6000
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed: addresses or
    # networks, comma-separated (e.g. "127.0.0.1,10.0.0.0/24"). Empty (the default): no
    # proxy header is believed, and the client address is the connection's peer.
    trusted_proxies: str = ""
    # How many events the views may be behind the log for /ready to answer 200.
    ready_max_lag: int = Field(default=1000, ge=0)
    # /metrics and /health/status (api/metrics.py): open unless METRICS_TOKEN_FILE names a
    # file whose first line is the bearer token they then require. PROMETHEUS_MULTIPROC_DIR
    # (no prefix: prometheus-client reads it too) keeps the counters of several processes;
    # `serve --workers` sets it.
    metrics_token_file: Path | None = None
    prometheus_multiproc_dir: Path | None = Field(
        default=None, validation_alias="PROMETHEUS_MULTIPROC_DIR"
    )

    def metrics_token(self) -> str | None:
        """The bearer token ``/metrics`` requires (None: none)."""
        if self.metrics_token_file is None:
            return None
        return _first_line(self.metrics_token_file, "PROBLEMORIENTERAT_METRICS_TOKEN_FILE")

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for entry in _entries(value):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                msg = f"{entry!r} is not an IP address or network"
                raise ValueError(msg) from None
        return value

    @field_validator("oidc_providers")
    @classmethod
    def _unique_ids(cls, value: tuple[OidcProvider, ...]) -> tuple[OidcProvider, ...]:
        ids = [provider.id for provider in value]
        if len(set(ids)) != len(ids):
            raise ValueError("every provider needs an id of its own")
        return value

    @property
    def token_login_enabled(self) -> bool:
        """Whether the web's login page takes tokens (``TOKEN_LOGIN``; default: only without
        providers)."""
        return self.token_login if self.token_login is not None else not self.oidc_providers

    def oidc_provider(self, provider_id: str) -> OidcProvider | None:
        """The configured provider with that id, or None."""
        return next((p for p in self.oidc_providers if p.id == provider_id), None)

    @property
    def trusted_proxy_list(self) -> list[str]:
        """``TRUSTED_PROXIES`` as a list (empty: trust no proxy headers)."""
        return _entries(self.trusted_proxies)

    # Reminders (problemorienterat remind, docs/reminders.md): e-mail digests through an SMTP
    # server. Nothing is sent unless SMTP_HOST and SMTP_SENDER are set. SMTP_SECURITY is
    # starttls (default, port 587), tls (port 465) or none (port 25, a local relay);
    # SMTP_PASSWORD_FILE holds the password of SMTP_USER. BASE_URL starts the links in the
    # mail and the calendar addresses (e.g. https://po.kommun.se; the web uses the
    # request's own address when it is not set). REMINDER_DAYS: actions due
    # within that many days are reminded of. A digest left "sending" by a run that died is
    # tried again after REMINDER_RETRY_MINUTES. REMIND_AT (HH:MM, UTC): serve sends the day's
    # digests itself at that time.
    smtp_host: str | None = None
    smtp_port: int | None = Field(default=None, ge=1, le=65535)
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password_file: Path | None = None
    smtp_sender: str | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    # Certificate authorities (a PEM file) to check the server's certificate against, for a
    # relay with a certificate of the municipality's own; default: the system's.
    smtp_ca_file: Path | None = None
    base_url: str | None = None
    reminder_days: int = Field(default=7, ge=0, le=365)
    reminder_retry_minutes: int = Field(default=30, ge=1)
    remind_at: time | None = None

    @field_validator("base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @property
    def resolved_base_url(self) -> str:
        """``BASE_URL``, else the address ``serve`` listens on by default."""
        return self.base_url or "http://127.0.0.1:8000"

    @property
    def smtp_configured(self) -> bool:
        """Whether e-mail can be sent: an SMTP server and a sender are named."""
        return bool(self.smtp_host and self.smtp_sender)

    @property
    def resolved_smtp_port(self) -> int:
        """``SMTP_PORT``, else the usual port of ``SMTP_SECURITY``."""
        if self.smtp_port is not None:
            return self.smtp_port
        return {"starttls": 587, "tls": 465, "none": 25}[self.smtp_security]

    def smtp_password(self) -> str | None:
        """The password from ``SMTP_PASSWORD_FILE`` (its first line), or None."""
        if self.smtp_password_file is None:
            return None
        try:
            text = self.smtp_password_file.expanduser().read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigurationError(
                f"PROBLEMORIENTERAT_SMTP_PASSWORD_FILE cannot be read ({error.strerror})."
            ) from None
        password = (text.splitlines() or [""])[0]
        if not password.isascii():
            # smtplib sends the login as ASCII: refuse it here rather than mid-run
            raise ConfigurationError(
                "PROBLEMORIENTERAT_SMTP_PASSWORD_FILE: the password must be ASCII."
            )
        return password

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        if self.database_url_file is not None:
            return _first_line(self.database_url_file, "PROBLEMORIENTERAT_DATABASE_URL_FILE")
        return f"sqlite:///{self.data_dir / 'problemorienterat.db'}"

    @property
    def resolved_checkpoint_key_file(self) -> Path:
        """The Ed25519 key that signs checkpoints: keep it (and its backup) off the database
        server. ``CHECKPOINT_KEY_FILE``; default ``checkpoint-signing-key.pem`` in the data
        directory."""
        key_file = self.checkpoint_key_file or self.data_dir / "checkpoint-signing-key.pem"
        return key_file.expanduser()

    @property
    def resolved_session_secret_file(self) -> Path:
        """``SESSION_SECRET_FILE``; default ``session.key`` in the data directory."""
        return (self.session_secret_file or self.data_dir / "session.key").expanduser()

    @property
    def is_postgres(self) -> bool:
        return self.resolved_database_url.startswith(("postgresql://", "postgres://"))

    def eventsourcing_env(self) -> dict[str, str]:
        """The ``eventsourcing`` library's environment for the configured store, with the
        settings the application reads from it (group commit, aggregate cache, encryption)."""
        return (
            store_env(self.resolved_database_url, self.data_dir)
            | {
                "PROBLEMORIENTERAT_GROUP_COMMIT": "on" if self.group_commit else "off",
                "PROBLEMORIENTERAT_AGGREGATE_CACHE_SIZE": str(self.aggregate_cache_size),
            }
            | self.encryption_env()
        )

    def export_for_child_processes(self, *, projections_in_process: bool) -> None:
        """Put the store these settings name into this process's environment, which the
        processes it starts inherit and build their own ``Settings()`` from."""
        os.environ.update(
            {
                "PROBLEMORIENTERAT_DATABASE_URL": self.resolved_database_url,
                "PROBLEMORIENTERAT_DATA_DIR": str(self.data_dir),
                "PROBLEMORIENTERAT_PROJECTIONS_IN_PROCESS": str(projections_in_process).lower(),
                "PROBLEMORIENTERAT_PARENT_PID": str(os.getpid()),
            }
        )
        if self.token_login is not None:
            os.environ["PROBLEMORIENTERAT_TOKEN_LOGIN"] = str(self.token_login).lower()

    @staticmethod
    def export_metrics_dir(directory: Path) -> None:
        """Have the processes started from now on keep their metrics in ``directory``
        (prometheus-client's multiprocess mode; it must exist and be empty)."""
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)

    def encryption_env(self) -> dict[str, str]:
        """The settings the application reads to find its encryption key."""
        env = {"PROBLEMORIENTERAT_ENCRYPTION": "on" if self.encryption else "off"}
        if self.encryption_key is not None:
            env["PROBLEMORIENTERAT_ENCRYPTION_KEY"] = self.encryption_key.get_secret_value()
        elif self.encryption_key_file is not None or not self.is_postgres:
            key_file = self.encryption_key_file or self.data_dir / "encryption.key"
            env["PROBLEMORIENTERAT_ENCRYPTION_KEY_FILE"] = str(key_file.expanduser())
        if self.encryption_previous_keys_file is not None:
            env["PROBLEMORIENTERAT_ENCRYPTION_PREVIOUS_KEYS_FILE"] = str(
                self.encryption_previous_keys_file.expanduser()
            )
        return env


def child_environment(**extra: str) -> dict[str, str]:
    """This process's environment with ``extra`` added, for a program it runs (pg_dump)."""
    return {**os.environ, **extra}


def _first_line(path: Path, setting: str) -> str:
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigurationError(f"{setting} cannot be read ({error.strerror}).") from None
    line = (text.splitlines() or [""])[0].strip()
    if not line:
        raise ConfigurationError(f"{setting}: the file is empty.")
    return line


def _entries(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


PRIVATE_DIRECTORY_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_directory(path: Path) -> Path:
    """Create ``path`` (and any missing parents) readable by the owner only; the data
    directory holds the database, whose views keep titles and places in plain text, and the
    key files. An existing directory is left as it is."""
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_DIRECTORY_MODE, parents=True, exist_ok=True)
        path.chmod(PRIVATE_DIRECTORY_MODE)  # mkdir's mode passes through the umask
    return path


def private_file(path: Path) -> Path:
    """Create an empty ``path`` with mode 0600 unless it exists. An empty file is an empty
    SQLite database, and SQLite gives its -wal and -shm files the database file's mode."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return path
    os.close(descriptor)
    return path


# Every connection of the application's PostgreSQL pool runs without JIT compilation and
# without parallel workers, both for long analytical queries. The store's statements are
# short index reads and inserts, and when the planner's estimates are off (a log grown by
# millions of events since its last ANALYZE) the server compiled each of a command's reads
# for 5-80 ms, or started two parallel workers for it (6.6 ms for 0.1 ms of work), in place
# of an index scan (docs/benchmarks.md).
NO_JIT = "-c jit=off"
NO_PARALLEL_WORKERS = "-c max_parallel_workers_per_gather=0"
SHORT_STATEMENT_OPTIONS = (NO_JIT, NO_PARALLEL_WORKERS)


def postgres_options(given: str | None) -> str:
    """The libpq ``options`` of the application's connections: those ``given``, or else what
    the operator set in PGOPTIONS (an explicit ``options`` replaces PGOPTIONS, so it is carried
    over, e.g. a statement_timeout), with JIT and parallel workers off."""
    options = given or os.environ.get("PGOPTIONS", "")
    missing = [each for each in SHORT_STATEMENT_OPTIONS if each not in options]
    return " ".join([options, *missing]).strip()


def store_env(url: str, data_dir: Path) -> dict[str, str]:
    """Translate a database URL into the library's ``PERSISTENCE_MODULE`` and its settings."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # As in SQLAlchemy: sqlite:///relative.db (to the data directory), sqlite:////abs.db
        # ?mode=ro opens an existing file read-only and creates no tables (e.g. to verify a
        # copy); without it the file is made if missing.
        path = unquote(parts.path)[1:]
        if not path:
            raise ConfigurationError("PROBLEMORIENTERAT_DATABASE_URL names no SQLite file.")
        read_only = parse_qs(parts.query).get("mode") == ["ro"]
        if path != ":memory:":
            db_path = Path(path)
            if not db_path.is_absolute():
                db_path = data_dir / db_path
            if read_only:
                if not db_path.is_file():
                    raise ConfigurationError(f"The SQLite file {db_path} does not exist.")
                path = f"file:{quote(str(db_path))}?mode=ro"
            else:
                private_directory(db_path.parent)
                private_file(db_path)
                path = str(db_path)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "APPLICATION_RECORDER_TOPIC": SQLITE_CHAINED_RECORDER,
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "10",
        }
        return env | ({"CREATE_TABLE": "false"} if read_only else {})
    if parts.scheme in ("postgresql", "postgres"):
        if not parts.path.strip("/"):
            raise ConfigurationError("PROBLEMORIENTERAT_DATABASE_URL names no PostgreSQL database.")
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": POSTGRES_CHAINED_RECORDER,
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")),
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "10",
            "POSTGRES_MAX_OVERFLOW": "10",
            "POSTGRES_LOCK_TIMEOUT": "5",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        }
        schema = parse_qs(parts.query).get("schema")
        if schema:
            env["POSTGRES_SCHEMA"] = schema[0]
        return env
    raise ConfigurationError(
        "PROBLEMORIENTERAT_DATABASE_URL must start with sqlite:/// or postgresql://"
    )
