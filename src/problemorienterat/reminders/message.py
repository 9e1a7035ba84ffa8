"""A digest as an e-mail: Swedish, plain text and HTML alternatives, with links to the pages."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from problemorienterat.reminders.digest import Digest

_templates = Environment(
    loader=PackageLoader("problemorienterat.reminders", "templates"),
    autoescape=select_autoescape(["html.j2"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def subject_of(digest: Digest) -> str:
    """``Påminnelser 2026-12-03: 2 försenade åtgärder, 1 uppföljning att granska``."""
    parts = []
    if digest.overdue:
        parts.append(_count(len(digest.overdue), "försenad åtgärd", "försenade åtgärder"))
    if digest.due_soon:
        parts.append(
            _count(
                len(digest.due_soon), "åtgärd ska snart vara klar", "åtgärder ska snart vara klara"
            )
        )
    if digest.returned:
        parts.append(
            _count(
                len(digest.returned),
                "uppföljning återremitterad",
                "uppföljningar återremitterade",
            )
        )
    if digest.awaiting_review:
        parts.append(
            _count(
                len(digest.awaiting_review), "uppföljning att granska", "uppföljningar att granska"
            )
        )
    return f"Påminnelser {digest.day.isoformat()}: {', '.join(parts)}"


def digest_message(
    digest: Digest, *, sender: str, base_url: str, now: datetime | None = None
) -> EmailMessage:
    """The mail of ``digest`` from ``sender``; links start with ``base_url``."""

    def link(path: str) -> str:
        return f"{base_url}{quote(path)}"

    context = {"d": digest, "link": link}
    message = EmailMessage()
    message["Subject"] = subject_of(digest)
    message["From"] = sender
    message["To"] = digest.email
    message["Date"] = format_datetime(now or datetime.now(UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid("paminnelse", domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no automatic replies
    message.set_content(_templates.get_template("digest.txt.j2").render(context))
    message.add_alternative(
        _templates.get_template("digest.html.j2").render(context), subtype="html"
    )
    message["Content-Language"] = "sv"  # after the content: set_content drops Content-*
    return message


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
