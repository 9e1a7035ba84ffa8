"""Reminder digests by e-mail, sent to a real SMTP server (aiosmtpd) started in the test:
what arrives, once per user and day, retried when the server was down, never to a user who
turned them off, and nothing at all without SMTP settings."""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from time import monotonic, sleep
from typing import Any
from uuid import UUID

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from builders import responding, submitted
from support import BRA, SYSTEM, TEST_ENCRYPTION_KEY, caught_up, make_app
from typer.testing import CliRunner

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.cli import cli
from problemorienterat.config import ConfigurationError, Settings
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.reminder import DigestStatus
from problemorienterat.domain.sara import ActionKind, Technique, TimeHorizon
from problemorienterat.reminders import send_reminders
from problemorienterat.reminders.schedule import DailyReminders
from projections import ProjectionService

ADMIN = Actor("cli", "Kommandoraden", Organisation.ANNAN, Role.ADMIN)
DAY = date(2026, 4, 27)  # the lighting action (due 04-30) is due soon, the walk (04-20) overdue
BASE_URL = "https://po.kungsor.se"


class Inbox:
    """An aiosmtpd handler keeping every mail it accepts."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.mails.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.mails if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1 (no TLS), as long as the test runs. Its own log (which
    names the addresses it receives for) is silenced, so a test can check ours."""
    server_log = logging.getLogger("mail.log")
    server_log.disabled = True
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield handler
    controller.stop()
    server_log.disabled = False


@dataclass
class World:
    url: str
    app: ProblemorienteratApp
    views: ProjectionService
    settings: Settings
    member_id: str
    bra_id: str
    other_id: str
    due_soon: str  # the reference of the problem with an action due soon and one overdue
    returned: str
    awaiting: str


def _settings(tmp_path: Path, port: int) -> Settings:
    return Settings(
        data_dir=tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        smtp_sender="Problemorienterat <noreply@kungsor.se>",
        base_url=BASE_URL,
        reminder_days=7,
    )


@pytest.fixture
def world(database_url: str, tmp_path: Path, smtp_port: int) -> Iterator[World]:
    """Kungsör with a problem whose actions fall due (one overdue on DAY), an assessment lokala
    BRÅ returned, one awaiting review; a member of both groups, a BRÅ officer and a member of
    no group, each with an e-mail address. On SQLite and on PostgreSQL."""
    app = make_app(database_url, tmp_path)
    app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
    responding_id, _ = responding(app)
    app.plan_action(
        BRA,
        responding_id,
        title="Trygghetsvandring med hyresgästerna",
        responsible_organisation=Organisation.BOSTADSBOLAG,
        responsible_party="Kungsörs KommunTeknik",
        owner="Områdesansvarig",
        start_date=date(2026, 4, 1),
        due_date=date(2026, 4, 20),
        objective="Brister i utemiljön är kända.",
        mechanism="Boende pekar ut otrygga platser.",
        kind=ActionKind.SITUATIONAL,
        technique=Technique.ASSIST_NATURAL_SURVEILLANCE,
        horizon=TimeHorizon.SHORT,
    )
    returned_id = submitted(app)
    app.return_assessment(BRA, returned_id, comments="Mätperioden är för kort.")
    awaiting_id = submitted(app)
    groups = [app.get_problem(p).group_id for p in (responding_id, returned_id)]
    member = app.add_user(
        SYSTEM,
        name="Anna Lind",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=["1882"],
        group_ids=[g for g in groups if g is not None],
    )
    bra = app.add_user(
        SYSTEM, name="Karin Sjö", organisation=Organisation.KOMMUN, role=Role.BRA,
        municipalities=["1882"],
    )  # fmt: skip
    other = app.add_user(
        SYSTEM, name="Olle Berg", organisation=Organisation.POLIS, role=Role.MEMBER,
        municipalities=["1882"],
    )  # fmt: skip
    app.set_email_address(ADMIN, member.user_id, "anna.lind@kungsor.se")
    app.set_email_address(ADMIN, bra.user_id, "karin.sjo@kungsor.se")
    app.set_email_address(ADMIN, other.user_id, "olle.berg@polisen.se")
    settings = _settings(tmp_path, smtp_port)
    views = ProjectionService(app, settings)
    views.start()
    caught_up(app, views)
    yield World(
        database_url,
        app,
        views,
        settings,
        member.user_id,
        bra.user_id,
        other.user_id,
        app.get_problem(responding_id).reference,
        app.get_problem(returned_id).reference,
        app.get_problem(awaiting_id).reference,
    )
    views.stop()
    app.close()


def _run(world: World, **kwargs: Any) -> Any:
    return send_reminders(world.app, world.views, world.settings, day=DAY, **kwargs)


def _parts(mail: EmailMessage) -> tuple[str, str]:
    text = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


def test_a_member_receives_their_groups_actions_and_returned_assessments(
    world: World, inbox: Inbox
) -> None:
    """The member's digest, as the SMTP server receives it: Swedish, text and HTML, the
    overdue action, the one due within 7 days and the returned assessment with lokala BRÅ's
    comment, each with a link to its page; the review queue is not theirs."""
    summary = _run(world)
    assert (summary.sent, summary.nothing_to_send, summary.failed) == (2, 1, 0)
    [mail] = inbox.to("anna.lind@kungsor.se")
    assert mail["From"] == "Problemorienterat <noreply@kungsor.se>"
    assert mail["Subject"] == (
        "Påminnelser 2026-04-27: 1 försenad åtgärd, 1 åtgärd ska snart vara klar, "
        "1 uppföljning återremitterad"
    )
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Content-Language"] == "sv"
    assert mail["Message-ID"].endswith("@kungsor.se>")
    assert mail.get_content_type() == "multipart/alternative"
    text, html = _parts(mail)
    assert "Hej Anna Lind!" in text
    assert "FÖRSENADE ÅTGÄRDER (1)" in text
    assert "Trygghetsvandring med hyresgästerna" in text
    assert "skulle vara klar 2026-04-20" in text
    assert "Ny belysning i gångarna" in text
    assert "ska vara klar 2026-04-30" in text
    assert "Mätperioden är för kort." in text
    assert f"{BASE_URL}/arenden/{world.due_soon}" in text
    assert f"{BASE_URL}/arenden/{world.returned}" in text
    assert "GRANSKNING" not in text
    assert world.awaiting not in text
    assert f'<a href="{BASE_URL}/arenden/{world.due_soon}">' in html
    assert f"{BASE_URL}/installningar" in text
    assert f"{BASE_URL}/installningar" in html
    assert '<html lang="sv">' in html


def test_lokala_bra_receive_the_assessments_awaiting_review(world: World, inbox: Inbox) -> None:
    """A BRÅ officer in no group gets the review queue, linked to the review page."""
    _run(world)
    [mail] = inbox.to("karin.sjo@kungsor.se")
    text, html = _parts(mail)
    assert mail["Subject"] == "Påminnelser 2026-04-27: 1 uppföljning att granska"
    assert "UPPFÖLJNINGAR SOM VÄNTAR PÅ GRANSKNING (1)" in text
    assert f"{BASE_URL}/granskning/{world.awaiting}" in text
    assert f'href="{BASE_URL}/granskning/{world.awaiting}"' in html


def test_nobody_is_sent_a_digest_with_nothing_in_it(world: World, inbox: Inbox) -> None:
    """A member of no group, with nothing waiting on them, gets no mail."""
    _run(world)
    assert inbox.to("olle.berg@polisen.se") == []


def test_a_second_run_the_same_day_sends_nothing(world: World, inbox: Inbox) -> None:
    """Each digest is recorded as sent; running again the same day sends nothing more, and
    the next day is a new digest."""
    _run(world)
    again = _run(world)
    assert (again.sent, again.already_sent) == (0, 2)
    assert len(inbox.mails) == 2
    next_day = send_reminders(world.app, world.views, world.settings, day=DAY + timedelta(days=1))
    assert next_day.sent == 2
    assert len(inbox.mails) == 4


def test_a_user_who_turned_digests_off_gets_none(world: World, inbox: Inbox) -> None:
    """Digests turned off: no mail; turned on again: the digest comes."""
    me = world.app.get_user(world.member_id).actor
    world.app.set_digests(me, world.member_id, enabled=False)
    _run(world)
    assert inbox.to("anna.lind@kungsor.se") == []
    world.app.set_digests(me, world.member_id, enabled=True)
    _run(world)
    assert len(inbox.to("anna.lind@kungsor.se")) == 1


def test_a_mail_server_that_is_down_loses_and_repeats_nothing(world: World, smtp_port: int) -> None:
    """The server cannot be reached: the first digest is recorded as failed, the run stops
    and the rest are left untried; once the server is up the next run sends each digest
    once, and a run after that sends nothing."""
    down = _run(world)
    assert (down.sent, down.failed, down.failed + down.not_tried) == (0, 1, 2)
    assert not down.ok
    statuses = [
        world.app.find_digest(world.app.get_user(u), DAY) for u in (world.member_id, world.bra_id)
    ]
    assert [s.status for s in statuses if s is not None] == [DigestStatus.FAILED]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        up = _run(world)
        later = _run(world)
    finally:
        controller.stop()
    assert (up.sent, up.failed) == (2, 0)
    assert (later.sent, later.already_sent) == (0, 2)
    assert sorted(a for rcpt, _ in handler.mails for a in rcpt) == [
        "anna.lind@kungsor.se",
        "karin.sjo@kungsor.se",
    ]


def test_a_digest_left_sending_is_sent_again_only_once_stale(world: World, inbox: Inbox) -> None:
    """A run that died after claiming a digest leaves it "sending": another run does not send
    it at once (it may be on its way), but does after the retry time."""
    user = world.app.get_user(world.member_id)
    now = datetime.now(UTC)  # the claim is stamped with the clock
    claimed = world.app.claim_digest(user, DAY, items=3, now=now, stale_after=timedelta(minutes=30))
    assert claimed is not None
    soon = _run(world, now=lambda: now + timedelta(minutes=5))
    assert inbox.to("anna.lind@kungsor.se") == []
    assert soon.already_sent == 1
    later = _run(world, now=lambda: now + timedelta(minutes=31))
    assert later.sent == 1
    assert len(inbox.to("anna.lind@kungsor.se")) == 1
    assert world.app.find_digest(user, DAY).attempts == 2  # type: ignore[union-attr]


def test_without_smtp_settings_nothing_is_sent(world: World, tmp_path: Path) -> None:
    """No SMTP host: the run refuses with a message naming the settings, records nothing."""
    bare = Settings(data_dir=tmp_path)
    with pytest.raises(ConfigurationError, match="PROBLEMORIENTERAT_SMTP_HOST"):
        send_reminders(world.app, world.views, bare, day=DAY)
    assert world.app.find_digest(world.app.get_user(world.member_id), DAY) is None


def test_a_dry_run_counts_and_sends_nothing(world: World, inbox: Inbox) -> None:
    summary = _run(world, dry_run=True)
    assert (summary.sent, summary.nothing_to_send) == (2, 1)
    assert inbox.mails == []
    assert world.app.find_digest(world.app.get_user(world.member_id), DAY) is None


def test_a_run_without_a_date_makes_the_digests_of_the_day_in_sweden(world: World) -> None:
    """At 22:30 UTC on 26 April it is already 27 April in Sweden: that day's digests."""
    late_evening = datetime(2026, 4, 26, 22, 30, tzinfo=UTC)
    summary = send_reminders(
        world.app, world.views, world.settings, dry_run=True, now=lambda: late_evening
    )
    assert summary.day == DAY
    assert (summary.sent, summary.nothing_to_send) == (2, 1)


def test_the_remind_command_sends_and_prints_one_line(
    world: World, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``problemorienterat remind --date`` sends the day's digests and prints the counts, with
    no address in its output; run again it sends nothing. Without SMTP settings it says so
    and exits 2."""
    world.views.stop()
    world.app.close()
    env = {
        "PROBLEMORIENTERAT_DATABASE_URL": world.url,
        "PROBLEMORIENTERAT_DATA_DIR": str(world.settings.data_dir),
        "PROBLEMORIENTERAT_SMTP_HOST": "127.0.0.1",
        "PROBLEMORIENTERAT_SMTP_PORT": str(world.settings.smtp_port),
        "PROBLEMORIENTERAT_SMTP_SECURITY": "none",
        "PROBLEMORIENTERAT_SMTP_SENDER": "noreply@kungsor.se",
    }
    if world.url.startswith("postgres"):
        env["PROBLEMORIENTERAT_ENCRYPTION_KEY"] = TEST_ENCRYPTION_KEY
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    first = runner.invoke(cli, ["remind", "--date", "2026-04-27"])
    assert first.exit_code == 0, first.output
    assert "sent 2, already sent 0, nothing to send 1, failed 0" in first.output
    assert "@" not in first.output
    second = runner.invoke(cli, ["remind", "--date", "2026-04-27"])
    assert "sent 0, already sent 2" in second.output
    assert len(inbox.mails) == 2
    monkeypatch.delenv("PROBLEMORIENTERAT_SMTP_HOST")
    bare = runner.invoke(cli, ["remind", "--date", "2026-04-28"])
    assert bare.exit_code == 2
    assert "PROBLEMORIENTERAT_SMTP_HOST" in bare.output
    assert len(inbox.mails) == 2


def test_two_claims_of_one_digest_at_the_same_moment_send_it_once(
    store_app: ProblemorienteratApp,
) -> None:
    """Two runs claiming the same user's digest of the same day: the store takes one claim,
    the other run is told it is taken (on both stores)."""
    added = store_app.add_user(
        SYSTEM, name="Anna Lind", organisation=Organisation.KOMMUN, role=Role.MEMBER,
        municipalities=["1882"],
    )  # fmt: skip
    user = store_app.get_user(added.user_id)
    now = datetime(2026, 4, 27, 6, 0, tzinfo=UTC)
    results: list[object] = []
    barrier = threading.Barrier(2)

    def claim() -> None:
        barrier.wait()
        results.append(
            store_app.claim_digest(user, DAY, items=1, now=now, stale_after=timedelta(minutes=30))
        )

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    digest = store_app.find_digest(user, DAY)
    assert digest is not None
    assert digest.attempts == 1
    assert isinstance(digest.user_id, UUID)


def test_serve_sends_the_days_reminders_on_its_schedule(world: World, inbox: Inbox) -> None:
    """With REMIND_AT set to a time already past today, the schedule inside serve sends the
    day's digests at start-up (and would again tomorrow)."""
    settings = world.settings.model_copy(update={"remind_at": time(0, 0)})
    schedule = DailyReminders(world.app, world.views, settings)
    schedule.start()
    try:
        deadline = monotonic() + 10
        while len(inbox.mails) < 2 and monotonic() < deadline:
            sleep(0.05)
    finally:
        schedule.stop()
    assert sorted(a for rcpt, _ in inbox.mails for a in rcpt) == [
        "anna.lind@kungsor.se",
        "karin.sjo@kungsor.se",
    ]
    now = datetime(2026, 4, 27, 6, 0, tzinfo=UTC)
    assert schedule.next_run(now) == datetime(2026, 4, 28, 0, 0, tzinfo=UTC)


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"problemorienterat",
        b"hemligt-losenord",
    )
    return AuthResult(success=ok, handled=False)  # refused: the server answers 535


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_the_sender_logs_in_with_the_password_from_its_file(
    world: World, tmp_path: Path, smtp_port: int
) -> None:
    """SMTP_USER and SMTP_PASSWORD_FILE: the server that wants a login gets the one in the
    file and accepts the mail; with a wrong password it refuses, and the digest is recorded
    as failed (sent by a later run), never as sent. A password smtplib cannot send (not
    ASCII) is refused before anything is tried."""
    handler = Inbox()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=smtp_port,
        authenticator=_authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    password = tmp_path / "smtp-password"
    try:
        password.write_text("fel\n", encoding="utf-8")
        wrong = world.settings.model_copy(
            update={"smtp_user": "problemorienterat", "smtp_password_file": password}
        )
        refused = send_reminders(world.app, world.views, wrong, day=DAY)
        assert (refused.sent, refused.failed) == (0, 2)
        password.write_text("hemligt-lösenord\n", encoding="utf-8")
        with pytest.raises(ConfigurationError, match="ASCII"):
            send_reminders(world.app, world.views, wrong, day=DAY)
        password.write_text("hemligt-losenord\n", encoding="utf-8")
        accepted = send_reminders(world.app, world.views, wrong, day=DAY)
    finally:
        controller.stop()
    assert (accepted.sent, accepted.failed) == (2, 0)
    assert len(handler.mails) == 2


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by itself, and its key (PEM files)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp.kungsor.test")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_starttls_checks_the_servers_certificate(
    world: World, tmp_path: Path, smtp_port: int
) -> None:
    """SMTP_SECURITY=starttls (the default) against a server that requires STARTTLS: with a
    certificate the system does not know the run sends nothing (recorded as failed); with
    SMTP_CA_FILE naming its authority the digests go out over TLS."""
    cert_file, key_file = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    handler = Inbox()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=smtp_port,
        tls_context=server_tls,
        require_starttls=True,
    )
    controller.start()
    starttls = world.settings.model_copy(update={"smtp_security": "starttls"})
    try:
        unknown = send_reminders(world.app, world.views, starttls, day=DAY)
        trusted = send_reminders(
            world.app,
            world.views,
            starttls.model_copy(update={"smtp_ca_file": cert_file}),
            day=DAY,
        )
    finally:
        controller.stop()
    assert (unknown.sent, unknown.failed) == (0, 1)
    assert (trusted.sent, trusted.failed) == (2, 0)
    assert len(handler.mails) == 2
