"""Building a web world and driving the pages like a browser (see ``conftest.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.config import Settings
from problemorienterat.demo import DemoData, add_demo_users, load_demo
from problemorienterat.domain.actor import Actor, Organisation, Role

ROLES = ("bra", "member", "auditor", "admin", "outsider")
ADMIN = Actor.system("Testadministratör")

# The web worlds tell the demo's story of DEMO_YEAR and read it on STORY_NOW, whatever day the
# tests run: the references (KUN-<year>-NNNN), "this year", due dates and overdue actions are
# the same every day. The demo's story runs to late autumn: from 1 January on, a story of the
# calendar year would have nothing overdue yet, and last year's would have nothing on time.
DEMO_YEAR = 2026
STORY_NOW = datetime(DEMO_YEAR, 12, 1, 12, 0, tzinfo=UTC)
STORY_TODAY: date = STORY_NOW.date()


def demo_reference(number: int, *, last_year: bool = False) -> str:
    """The reference of the demo's problem ``number`` of its year (or of the year before)."""
    return f"KUN-{DEMO_YEAR - 1 if last_year else DEMO_YEAR}-{number:04d}"


# The demo's cases the tests name.
CLOSED_CASE = demo_reference(1, last_year=True)  # Bostadsinbrott i Valla (Grannsamverkan Valla)
SUBMITTED_CASE = demo_reference(3, last_year=True)  # awaiting lokala BRÅ (UNG-gruppen)


class StoryClock(datetime):
    """``datetime`` whose ``now()`` is STORY_NOW (``conftest.py`` puts it in the modules that
    read the clock for the pages)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        return STORY_NOW.astimezone(tz) if tz is not None else STORY_NOW.replace(tzinfo=None)


@dataclass
class WebWorld:
    """The demo store, its web application, and each role's user id and token."""

    application: ProblemorienteratApp
    web_app: Litestar
    demo: DemoData
    tokens: dict[str, str]
    user_ids: dict[str, str]

    @property
    def youth_group_id(self) -> str:
        return str(self.demo.groups["UNG-gruppen"])

    def wait_for_views(self) -> None:
        """Until the views have applied every event written so far (read your writes)."""
        position = self.application.recorder.max_notification_id() or 0
        views = self.web_app.state.projections
        if views is not None and position:
            assert views.wait_for(position, timeout=10.0), "the views did not catch up"

    def close(self) -> None:
        _WORLDS.pop(id(self.web_app), None)
        self.application.close()


_WORLDS: dict[int, WebWorld] = {}


def world_of(client: TestClient[Litestar]) -> WebWorld:
    """The web world whose application ``client`` drives."""
    return _WORLDS[id(client.app)]


def build_web_world(directory: Path, **configured: Any) -> WebWorld:
    """The demo municipality on SQLite in ``directory`` with a user for every role
    (``configured``: more settings of the installation, e.g. sign-in providers)."""
    settings = Settings(data_dir=directory, **configured)
    application = ProblemorienteratApp.from_settings(settings)
    demo = load_demo(application, year=DEMO_YEAR)
    logins = add_demo_users(application, demo.municipality, demo.groups["UNG-gruppen"])
    tokens = {login.role.value: login.token for login in logins}
    user_ids = {login.role.value: login.user_id for login in logins}
    admin = application.add_user(
        ADMIN,
        name="Alva Admin",
        organisation=Organisation.KOMMUN,
        role=Role.ADMIN,
        municipalities=[],
    )
    outsider = application.add_user(
        ADMIN,
        name="Olle Utan Grupp",
        organisation=Organisation.POLIS,
        role=Role.MEMBER,
        municipalities=[demo.municipality],
    )
    tokens.update(admin=admin.token, outsider=outsider.token)
    user_ids.update(admin=admin.user_id, outsider=outsider.user_id)
    web_app = create_app(settings, application=application)
    world = WebWorld(application, web_app, demo, tokens, user_ids)
    _WORLDS[id(web_app)] = world
    return world


# ------------------------------------------------------------------ a browser's moves

_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the (first) form on a page."""
    found = _CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def login(
    client: TestClient[Litestar], role: str, *, nasta: str | None = None
) -> TestClient[Litestar]:
    """Log in as ``role`` (one of ROLES) through the login form (GET for the CSRF token,
    then POST); the client keeps the session cookie. Asserts that it succeeded (303)."""
    response = post_login(client, world_of(client).tokens[role], nasta=nasta)
    assert response.status_code == 303, response.text
    return client


def post_login(client: TestClient[Litestar], token: str, *, nasta: str | None = None) -> Response:
    """The login form submitted with ``token``: the raw answer (not followed)."""
    page = client.get("/logga-in", params={"nasta": nasta} if nasta else None)
    assert page.status_code == 200, page.text
    data = {"_csrf_token": csrf_token(page.text), "token": token, "nasta": nasta or ""}
    return client.post("/logga-in", data=data, follow_redirects=False)


def submit(
    client: TestClient[Litestar], page_path: str, action: str, data: dict[str, str]
) -> Response:
    """Open ``page_path``, then post ``data`` (with the page's CSRF token) to ``action``;
    the answer is not followed."""
    page = client.get(page_path)
    assert page.status_code == 200, page.text
    return client.post(
        action, data={"_csrf_token": csrf_token(page.text), **data}, follow_redirects=False
    )


class PageStructure(HTMLParser):
    """What the accessibility and offline checks look at: inputs, labels, links."""

    def __init__(self) -> None:
        super().__init__()
        self.labels_for: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self.urls: list[str] = []
        self.html_lang: str | None = None
        self.main_ids: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "main":
            self.main_ids.append(attributes.get("id"))
        if tag == "label" and attributes.get("for"):
            self.labels_for.add(str(attributes["for"]))
        if tag in ("input", "select", "textarea"):
            self.inputs.append(attributes)
        for name in ("href", "src", "action", "srcset", "data"):
            value = attributes.get(name)
            if value:
                self.urls.append(value)

    def unlabelled_inputs(self) -> list[dict[str, str | None]]:
        """Visible inputs without a ``<label for=...>``."""
        return [
            i
            for i in self.inputs
            if i.get("type") not in ("hidden", "submit", "button")
            and i.get("id") not in self.labels_for
        ]

    def external_urls(self) -> list[str]:
        """URLs pointing at another host (http://, https:// or protocol-relative)."""
        return [u for u in self.urls if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", u, re.I)]


def structure(html: str) -> PageStructure:
    parsed = PageStructure()
    parsed.feed(html)
    return parsed
