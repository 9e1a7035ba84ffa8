"""A command of a user this server has seen before is confirmed in the command's own read
of the store (the user together with the problem), not by the middleware: what the user
may do is still what the store says at that moment, whichever process changed it.

Each test runs on a real store with two applications on it: the server's, and another
process's that revokes users and changes groups while the server has them in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from support import make_app
from world import FakeViews, World, build_world

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.composition import create_app
from problemorienterat.domain.actor import Role

EFFORT = {"organisation": "kommun", "partner": "Fritidsgården", "hours": 2}


class Served:
    """The server's application and its client, and another process on the same store."""

    def __init__(self, world: World, client: TestClient[Litestar], other: ProblemorienteratApp):
        self.world = world
        self.client = client
        self.other = other

    def effort(self, role: str = "member") -> Any:
        reference = self.world.scopes["own"].reference
        return self.client.post(
            f"/api/v1/problems/{reference}/efforts", json=EFFORT, headers=self.world.headers(role)
        )

    def problem_version(self) -> int:
        return self.other.find_problem(self.world.scopes["own"].reference).version

    def revoke(self, role: str) -> None:
        bra = self.other.get_user(self.world.user_ids["bra"]).actor
        self.other.revoke_user(bra, self.world.user_ids[role])


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[Served]:
    application = make_app(database_url, tmp_path)
    world = build_world(application)
    app = create_app(application=application)
    app.state.projections = FakeViews(app.state)
    other = make_app(database_url, tmp_path)
    try:
        with TestClient(app=app) as client:
            yield Served(world, client, other)
    finally:
        other.close()
        application.close()


def _refused(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_a_user_revoked_by_another_process_records_nothing_more(served: Served) -> None:
    """The server has the member's token and user in memory from a first command; after
    another process revokes the member, the next command is 401 and records nothing."""
    assert served.effort().status_code == 200
    version = served.problem_version()

    served.revoke("member")

    response = served.effort()
    _refused(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert served.problem_version() == version
    _refused(served.client.get("/api/v1/me", headers=served.world.headers("member")), 401)


def test_a_member_removed_from_the_group_elsewhere_can_no_longer_change_its_problem(
    served: Served,
) -> None:
    """Membership is read with the command too: removed from the problem's group by
    another process, the member meets the answer for an object not theirs (404)."""
    assert served.effort().status_code == 200
    version = served.problem_version()
    group_id = served.world.scopes["own"].group_id
    bra = served.other.get_user(served.world.user_ids["bra"]).actor

    served.other.remove_member(bra, group_id, user_id=served.world.user_ids["member"])

    _refused(served.effort(), 404)
    assert served.problem_version() == version


def test_a_revoked_user_is_refused_by_a_command_on_no_problem(served: Served) -> None:
    """A command on a working group (read without a problem) confirms the user with a read
    of its own: a revoked lokala BRÅ member's mandate revision is 401 and records nothing."""
    group_id = served.world.scopes["own"].group_id
    headers = served.world.headers("bra")

    def revise(mandate: str) -> Any:
        return served.client.post(
            f"/api/v1/groups/{group_id}/mandate",
            json={"mandate": mandate, "reason": "Ny inriktning."},
            headers=headers,
        )

    assert revise("Förebygga brott bland unga.").status_code == 200
    version = served.other.get_group(group_id).version

    served.revoke("bra")

    _refused(revise("Ett annat uppdrag."), 401)
    assert served.other.get_group(group_id).version == version


def test_a_role_changed_elsewhere_applies_to_the_next_command(served: Served) -> None:
    """A member made auditor by another process may no longer record (403); made lokala
    BRÅ instead, their next command records them with that role on the event."""
    assert served.effort().status_code == 200
    version = served.problem_version()
    admin = served.other.get_user(served.world.user_ids["admin"]).actor
    member = served.world.user_ids["member"]

    served.other.change_user(admin, member, role=Role.AUDITOR, municipalities=["1882"])
    _refused(served.effort(), 403)
    assert served.problem_version() == version

    served.other.change_user(admin, member, role=Role.BRA, municipalities=["1882"])
    assert served.effort().status_code == 200
    problem_id = served.other.find_problem(served.world.scopes["own"].reference).id
    last = list(served.other.repository.event_store.get(problem_id))[-1]
    assert (last.actor.user_id, last.actor.role) == (member, Role.BRA)


def test_a_user_moved_to_another_municipality_elsewhere_meets_a_missing_problem(
    served: Served,
) -> None:
    """The municipalities are read with the command: moved away by another process, the
    member's next command on the old municipality's problem is 404 and records nothing."""
    assert served.effort().status_code == 200
    version = served.problem_version()
    admin = served.other.get_user(served.world.user_ids["admin"]).actor

    served.other.change_user(
        admin, served.world.user_ids["member"], role=Role.MEMBER, municipalities=["1980"]
    )

    _refused(served.effort(), 404)
    assert served.problem_version() == version


def test_a_known_users_command_reads_the_store_once_before_it_saves(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user, the problem and its group in one read: the middleware leaves the user to
    the command instead of reading it on its own (a round trip and a thread hand-over)."""
    assert served.effort().status_code == 200  # the token and the three objects now known
    recorder = served.world.application.recorder
    reads: list[str] = []
    for name in ("select_events", "select_events_after"):
        original = getattr(recorder, name)

        def counted(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            reads.append(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(recorder, name, counted)

    assert served.effort().status_code == 200

    assert reads == ["select_events_after"]
