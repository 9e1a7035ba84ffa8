"""Users: a token is shown once and stored only as a hash; tokens authenticate until revoked;
``users add --group`` makes the user a member of the group."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SYSTEM
from typer.testing import CliRunner

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.cli import cli
from problemorienterat.config import Settings
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.errors import InvalidValueError, NotFoundError
from problemorienterat.domain.user import User, identity_hash, token_hash
from problemorienterat.domain.working_group import GroupKind


def test_a_token_authenticates_its_user_and_only_its_hash_is_stored(
    app: ProblemorienteratApp,
) -> None:
    """The token is 32 random bytes; the stored user holds its SHA-256, never the token."""
    added = app.add_user(
        SYSTEM,
        name="Anna Lind",
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=["1882"],
    )
    assert len(added.token) >= 43
    user = app.authenticate(added.token)
    assert user is not None
    assert user.user_id == added.user_id
    assert user.token_hash == token_hash(added.token)
    stored = b"".join(n.state for n in app.recorder.select_notifications(start=1, limit=1000))
    assert added.token.encode() not in stored
    assert app.authenticate(added.token + "x") is None


def test_a_revoked_user_no_longer_authenticates(app: ProblemorienteratApp) -> None:
    """Revocation takes effect at once and cannot be repeated."""
    added = app.add_user(
        SYSTEM,
        name="Bo",
        organisation=Organisation.POLIS,
        role=Role.AUDITOR,
        municipalities=["1882"],
    )
    app.revoke_user(SYSTEM, added.user_id)
    assert app.authenticate(added.token) is None
    with pytest.raises(Exception, match="already revoked"):
        app.revoke_user(SYSTEM, added.user_id)


def test_adding_a_user_to_a_group_makes_them_a_member(app: ProblemorienteratApp) -> None:
    """Group membership is the working group's own member list."""
    group_id = app.establish_group(
        SYSTEM, municipality="1882", name="UNG-gruppen", kind=GroupKind.YOUTH, mandate="Unga."
    ).aggregate_id
    added = app.add_user(
        SYSTEM,
        name="Cia",
        organisation=Organisation.SKOLA,
        role=Role.MEMBER,
        municipalities=["1882"],
        group_ids=[group_id],
    )
    assert added.user_id in app.get_group(group_id).members


def test_users_need_a_known_municipality(app: ProblemorienteratApp) -> None:
    """Every role but admin works for a municipality that is registered."""
    with pytest.raises(NotFoundError):
        app.add_user(
            SYSTEM,
            name="D",
            organisation=Organisation.KOMMUN,
            role=Role.BRA,
            municipalities=["9999"],
        )
    with pytest.raises(InvalidValueError):
        app.add_user(
            SYSTEM, name="D", organisation=Organisation.KOMMUN, role=Role.BRA, municipalities=[]
        )


def test_a_municipality_named_twice_is_refused_naming_the_field(app: ProblemorienteratApp) -> None:
    """A user given ["1882", "1882"] is refused on ``municipalities`` (it used to be made
    ["1882"] without a word), by the command line as by the API."""
    with pytest.raises(InvalidValueError) as caught:
        app.add_user(
            SYSTEM,
            name="D",
            organisation=Organisation.KOMMUN,
            role=Role.BRA,
            municipalities=["1882", "1882"],
        )
    assert caught.value.field == "municipalities"


def test_users_add_prints_the_token_once_and_list_never_shows_it(tmp_path: Path) -> None:
    """``users add`` prints the token on stdout; ``users list`` and ``users revoke`` work on
    the same store; the municipality may be left out when there is exactly one."""
    runner = CliRunner()
    store = ["--data-dir", str(tmp_path)]
    added = runner.invoke(
        cli, ["municipalities", "add", "1882", "--name", "Kungsör", "--prefix", "KUN", *store]
    )
    assert added.exit_code == 0, added.output
    result = runner.invoke(
        cli, ["users", "add", "Eva Berg", "--org", "polis", "--role", "member", *store]
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    listed = runner.invoke(cli, ["users", "list", *store])
    assert "Eva Berg" in listed.stdout
    assert token not in listed.stdout
    application = ProblemorienteratApp.from_settings(_settings(tmp_path))
    try:
        user = application.authenticate(token)
        assert user is not None
        assert user.municipalities == ["1882"]
    finally:
        application.close()
    revoked = runner.invoke(cli, ["users", "revoke", user.user_id, *store])
    assert revoked.exit_code == 0, revoked.output
    assert "spärrad" in runner.invoke(cli, ["users", "list", *store]).stdout


def test_users_add_with_a_group_by_name(tmp_path: Path) -> None:
    """``--group NAME`` finds the group by name in the user's municipality."""
    runner = CliRunner()
    store = ["--data-dir", str(tmp_path)]
    application = ProblemorienteratApp.from_settings(_settings(tmp_path))
    try:
        application.register_municipality(
            SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN"
        )
        group_id = application.establish_group(
            SYSTEM, municipality="1882", name="UNG-gruppen", kind=GroupKind.YOUTH, mandate="Unga."
        ).aggregate_id
    finally:
        application.close()
    result = runner.invoke(
        cli,
        [
            "users",
            "add",
            "Fia",
            "--org",
            "kommun",
            "--role",
            "member",
            "--group",
            "UNG-gruppen",
            "--municipality",
            "1882",
            *store,
        ],
    )
    assert result.exit_code == 0, result.output
    unknown = runner.invoke(
        cli,
        ["users", "add", "Gus", "--org", "kommun", "--role", "member", "--group", "Ingen", *store],
    )
    assert unknown.exit_code != 0
    application = ProblemorienteratApp.from_settings(_settings(tmp_path))
    try:
        assert len(application.get_group(group_id).members) == 1
    finally:
        application.close()


def _settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir)


def test_logging_out_of_a_web_session_is_recorded_once_as_the_users_own_act(
    app: ProblemorienteratApp,
) -> None:
    """Ending a web session records its digest on the user, done by the user; ending it
    again records nothing more, and other sessions are untouched."""
    added = app.add_user(
        SYSTEM,
        name="Karin Sjö",
        organisation=Organisation.KOMMUN,
        role=Role.BRA,
        municipalities=["1882"],
    )
    user_id = app.authenticate(added.token).user_id  # type: ignore[union-attr]

    app.end_web_session(user_id, "a" * 64)
    version = app.get_user(user_id).version
    app.end_web_session(user_id, "a" * 64)

    user = app.get_user(user_id)
    assert user.has_ended("a" * 64)
    assert not user.has_ended("b" * 64)
    assert user.version == version
    last = app.history(user.id)[-1]
    assert last.event_type == "SessionEnded"
    assert last.actor is not None
    assert last.actor.user_id == user_id


ISSUER = "https://idp.example"


def _kommun_user(app: ProblemorienteratApp, name: str, email: str) -> str:
    added = app.add_user(
        SYSTEM,
        name=name,
        organisation=Organisation.KOMMUN,
        role=Role.MEMBER,
        municipalities=["1882"],
    )
    admin = app.add_user(
        SYSTEM, name="Admin", organisation=Organisation.KOMMUN, role=Role.ADMIN, municipalities=[]
    )
    app.set_email_address(app.get_user(admin.user_id).actor, added.user_id, email)
    return added.user_id


def test_two_users_with_one_address_are_not_signed_in_by_it(app: ProblemorienteratApp) -> None:
    """An e-mail address that more than one active user has identifies nobody."""
    _kommun_user(app, "Anna Lind", "delad@kungsor.example")
    _kommun_user(app, "Bo Lind", "Delad@kungsor.example")
    before = app.recorder.max_notification_id()
    outcome = _sign_in(app, "s-1", "delad@kungsor.example")
    assert outcome == "unknown"
    # Nothing about anyone. The installation's first sign-in by a provider records once
    # that the identities linked so far are indexed (none here).
    topics = [n.topic for n in app.recorder.select_notifications(before + 1, 10)]
    assert all(topic.endswith("IdentityIndexBuilt.Created") for topic in topics)
    again = app.recorder.max_notification_id()
    outcome = _sign_in(app, "s-1", "delad@kungsor.example")
    assert outcome == "unknown"
    assert app.recorder.max_notification_id() == again


def _sign_in(app: ProblemorienteratApp, subject: str, email: str | None = None) -> User | str:
    return app.sign_in_with_identity(
        issuer=ISSUER, subject=subject, email=email, session="f" * 64, method="oidc:kommun"
    )


def _no_reading_every_user(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> list[User]:
        raise AssertionError("every user was read")

    monkeypatch.setattr(ProblemorienteratApp, "list_users", lambda _self: refuse())


def test_a_linked_identity_signs_in_without_every_user_being_read(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: the first sign-in (by address) links the identity and
    indexes it; later sign-ins, an API request with the provider's token, an identity
    nobody has and an identity its user has replaced go by the index alone."""
    app = store_app
    anna = _kommun_user(app, "Anna Lind", "anna@kungsor.example")
    bo = _kommun_user(app, "Bo Ek", "bo@kungsor.example")
    first = _sign_in(app, "anna-1", "anna@kungsor.example")
    assert isinstance(first, User)
    assert first.user_id == anna
    admin = app.add_user(
        SYSTEM, name="Admin", organisation=Organisation.KOMMUN, role=Role.ADMIN, municipalities=[]
    )
    admin_actor = app.get_user(admin.user_id).actor
    app.register_identity(admin_actor, bo, issuer=ISSUER, subject="bo-1")

    _no_reading_every_user(monkeypatch)
    again = _sign_in(app, "anna-1", "whatever@elsewhere.example")
    assert isinstance(again, User)
    assert again.user_id == anna
    bo_in = _sign_in(app, "bo-1")
    assert isinstance(bo_in, User)
    assert bo_in.user_id == bo
    found = app.user_of_identity(ISSUER, "bo-1")
    assert found is not None
    assert found.user_id == bo
    assert _sign_in(app, "nobody") == "unknown"
    # Bo's identity at the provider changes: the old one is nobody's
    app.register_identity(admin_actor, bo, issuer=ISSUER, subject="bo-2")
    assert _sign_in(app, "bo-1") == "unknown"
    assert app.user_of_identity(ISSUER, "bo-1") is None
    moved = _sign_in(app, "bo-2")
    assert isinstance(moved, User)
    assert moved.user_id == bo


def test_identities_linked_before_the_index_are_indexed_by_the_first_sign_in_needing_it(
    store_app: ProblemorienteratApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite and PostgreSQL: a link stored as earlier versions stored it (on the user
    alone) still signs in. The first sign-in that finds no index reads every user once and
    indexes every link; from then on no sign-in reads every user."""
    app = store_app
    anna = _kommun_user(app, "Anna Lind", "anna@kungsor.example")
    user = app.get_user(anna)
    user.link_identity(user.actor, ISSUER, identity_hash(ISSUER, "anna-old"))
    app.commit(user)  # no IdentityIndex: as before it existed

    signed_in = _sign_in(app, "anna-old")
    assert isinstance(signed_in, User)
    assert signed_in.user_id == anna
    later = ProblemorienteratApp(env=dict(app.env))  # another process on the same store
    try:
        _no_reading_every_user(monkeypatch)
        assert _sign_in(later, "someone-else") == "unknown"
        again = _sign_in(later, "anna-old")
        assert isinstance(again, User)
        assert again.user_id == anna
    finally:
        later.close()


def test_the_first_sign_in_links_the_subject_not_the_subject_itself(
    store_app: ProblemorienteratApp,
) -> None:
    """On SQLite and PostgreSQL: the link and the sign-in are stored and read back."""
    app = store_app
    user_id = _kommun_user(app, "Anna Lind", "anna@kungsor.example")
    signed_in = app.sign_in_with_identity(
        issuer="https://idp.example",
        subject="anna-subject-123",
        email="ANNA@kungsor.example",
        session="d" * 64,
        method="oidc:kommun",
    )
    assert not isinstance(signed_in, str)
    assert signed_in.user_id == user_id
    assert [e.event_type for e in app.history(signed_in.id)][-2:] == ["IdentityLinked", "SignedIn"]
    hashed = identity_hash("https://idp.example", "anna-subject-123")
    assert app.get_user(user_id).identities == {"https://idp.example": hashed}
    # another account at the same provider with the same address is not let in as Anna
    other = app.sign_in_with_identity(
        issuer="https://idp.example",
        subject="someone-else",
        email="anna@kungsor.example",
        session="e" * 64,
        method="oidc:kommun",
    )
    assert other == "unknown"


def test_users_link_identity_registers_the_subject_at_a_configured_provider(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``users link-identity USER PROVIDER SUBJECT``: that subject at that provider's issuer
    signs in as the user; an unconfigured provider is refused."""
    issuer = "https://login.polisen.example"
    monkeypatch.setenv(
        "PROBLEMORIENTERAT_OIDC_PROVIDERS",
        f'[{{"id": "polisen", "name": "Polisen", "issuer": "{issuer}", "client_id": "po"}}]',
    )
    runner = CliRunner()
    store = ["--data-dir", str(tmp_path)]
    runner.invoke(
        cli, ["municipalities", "add", "1882", "--name", "Kungsör", "--prefix", "KUN", *store]
    )
    runner.invoke(cli, ["users", "add", "Eva Berg", "--org", "polis", "--role", "member", *store])
    application = ProblemorienteratApp.from_settings(_settings(tmp_path))
    try:
        user_id = application.list_users()[0].user_id
    finally:
        application.close()
    unknown = runner.invoke(cli, ["users", "link-identity", user_id, "kommun", "eva", *store])
    assert unknown.exit_code != 0
    linked = runner.invoke(cli, ["users", "link-identity", user_id, "polisen", "eva-1", *store])
    assert linked.exit_code == 0, linked.output
    application = ProblemorienteratApp.from_settings(_settings(tmp_path))
    try:
        found = application.user_of_identity(issuer, "eva-1")
        assert found is not None
        assert found.user_id == user_id
        assert application.user_of_identity(issuer, "eva-2") is None
    finally:
        application.close()
