"""Sending e-mail through the SMTP server the settings name (the standard library's smtplib).

:class:`SmtpMailer` opens one connection for a run of sends (plain, STARTTLS or implicit
TLS, with the system's certificate authorities), logs in when a user is configured, and
reconnects once if the server dropped the connection between two mails. Errors are
:class:`MailError` with the kind of error only: never an address or a password.
"""

from __future__ import annotations

import smtplib
import ssl
from contextlib import suppress
from email.message import EmailMessage
from types import TracebackType

from problemorienterat.config import ConfigurationError, Settings


class MailError(Exception):
    """The mail was not accepted (``reason``: the kind of error, safe to log and record;
    ``unreachable``: the server could not be reached or trusted, so no other mail can go)."""

    def __init__(self, reason: str, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unreachable = unreachable  # no mail can go now: the caller stops trying


class SmtpMailer:
    """Sends mails through one SMTP connection, opened on the first send."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_configured:
            raise ConfigurationError(
                "E-mail is not configured: set PROBLEMORIENTERAT_SMTP_HOST and "
                "PROBLEMORIENTERAT_SMTP_SENDER."
            )
        if settings.smtp_ca_file is not None and not settings.smtp_ca_file.is_file():
            raise ConfigurationError("PROBLEMORIENTERAT_SMTP_CA_FILE names no file.")
        self.settings = settings
        self.sender = settings.smtp_sender or ""
        self._password = settings.smtp_password()
        self._connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the server; :class:`MailError` if it was not accepted."""
        for attempt in (1, 2):
            try:
                connection = self._connect()
                refused = connection.send_message(message)
            except smtplib.SMTPServerDisconnected:
                self._drop()
                if attempt == 2:
                    raise MailError("server disconnected", unreachable=True) from None
                continue
            except smtplib.SMTPResponseException as error:
                self._drop()
                raise MailError(f"refused ({error.smtp_code})") from None
            except smtplib.SMTPRecipientsRefused:
                raise MailError("recipient refused") from None
            except smtplib.SMTPException as error:
                self._drop()
                raise MailError(type(error).__name__) from None
            except ssl.SSLError as error:
                self._drop()
                raise MailError(f"TLS failed ({type(error).__name__})", unreachable=True) from None
            except OSError as error:
                self._drop()
                raise MailError(
                    f"cannot reach server ({type(error).__name__})", unreachable=True
                ) from None
            if refused:
                raise MailError("recipient refused")
            return

    def close(self) -> None:
        if self._connection is not None:
            with suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
            self._connection = None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is not None:
            return self._connection
        s = self.settings
        host, port, timeout = s.smtp_host or "", s.resolved_smtp_port, s.smtp_timeout_seconds
        connection: smtplib.SMTP
        if s.smtp_security == "tls":
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=self._tls())
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
            if s.smtp_security == "starttls":
                connection.starttls(context=self._tls())
        if s.smtp_user:
            connection.login(s.smtp_user, self._password or "")
        self._connection = connection
        return connection

    def _tls(self) -> ssl.SSLContext:
        """Certificates checked against ``SMTP_CA_FILE`` or the system's authorities."""
        ca_file = self.settings.smtp_ca_file
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)

    def _drop(self) -> None:
        if self._connection is not None:
            with suppress(OSError):
                self._connection.close()
            self._connection = None
