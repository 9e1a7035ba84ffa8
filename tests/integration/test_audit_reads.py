"""An auditor's reads are use cases of the application: each records its read in the access log
before it answers, so the API, the web and the CLI need not (and cannot forget to)."""

from __future__ import annotations

import json
from uuid import UUID

import pytest
from builders import in_analysis
from support import BRA, POLICE

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.audit_trail import NoHashChainError
from problemorienterat.audit.export import check_export
from problemorienterat.audit.ports import FeedFilter
from problemorienterat.domain.access_log import access_log_id
from problemorienterat.domain.errors import RuleViolation
from problemorienterat.domain.municipality import municipality_id
from problemorienterat.domain.problem import Problem


def _reads(app: ProblemorienteratApp, subject_id: UUID) -> list[tuple[str, str]]:
    """(user id, what) of every read recorded for the subject."""
    reads = app.reads_of(subject_id)
    return [(r.actor.user_id if r.actor else "", r.payload["what"]) for r in reads]


def test_each_read_of_a_case_is_recorded_with_what_was_read(
    store_app: ProblemorienteratApp,
) -> None:
    """History, state as of a version and the two exports each record their read, in the
    order they were made, and answer what the unrecorded reads answer."""
    problem_id = in_analysis(store_app)
    reference = store_app.get_problem(problem_id).reference

    assert store_app.read_history(POLICE, problem_id) == store_app.history(problem_id)
    assert store_app.read_state_as_of(BRA, Problem, problem_id, version=1).version == 1
    as_json = store_app.export_case(POLICE, problem_id, form="json")
    as_html = store_app.export_case(BRA, problem_id, form="html")

    assert _reads(store_app, problem_id) == [
        (POLICE.user_id, "history"),
        (BRA.user_id, "state-as-of"),
        (POLICE.user_id, "export-json"),
        (BRA.user_id, "export-html"),
    ]
    assert (as_json.media_type, as_json.filename) == ("application/json", f"{reference}.json")
    exported = json.loads(as_json.text)
    assert exported["case"]["reference"] == reference
    assert check_export(exported) == []
    assert as_html.media_type == "text/html"
    assert reference in as_html.text


def test_an_export_is_made_after_its_read_is_recorded(store_app: ProblemorienteratApp) -> None:
    """The chain head a JSON export names covers the access-log event of its own read."""
    problem_id = in_analysis(store_app)
    exported = json.loads(store_app.export_case(POLICE, problem_id, form="json").text)
    read = store_app.history(access_log_id(problem_id))[-1]
    assert read.position is not None
    assert exported["chain_head"]["position"] >= read.position


def test_the_case_history_records_a_state_read_only_when_a_version_is_picked(
    store_app: ProblemorienteratApp,
) -> None:
    """The Historik page's read: ``history`` always, ``state-as-of`` with a version; the
    state at that version and the latest state both come back."""
    problem_id = in_analysis(store_app)
    latest = store_app.read_case_history(BRA, problem_id)
    picked = store_app.read_case_history(BRA, problem_id, version=2)

    assert _reads(store_app, problem_id) == [
        (BRA.user_id, "history"),
        (BRA.user_id, "history"),
        (BRA.user_id, "state-as-of"),
    ]
    assert latest.unreadable is None
    assert latest.entries == store_app.history(problem_id)
    assert latest.state is not None
    assert latest.latest is not None
    assert latest.state.version == latest.latest.version == len(latest.entries)
    assert picked.state is not None
    assert picked.state.version == 2
    assert picked.latest is not None
    assert picked.latest.version == len(picked.entries)


def test_reading_the_feed_is_recorded_for_each_municipality_it_covers(
    store_app: ProblemorienteratApp,
) -> None:
    """The audit feed's read goes in the municipality's access log."""
    in_analysis(store_app)
    where = FeedFilter(municipalities=["1882"])
    assert store_app.read_audit_feed(POLICE, where, limit=10) == store_app.audit_feed(
        where, limit=10
    )
    assert _reads(store_app, municipality_id("1882")) == [(POLICE.user_id, "audit-feed")]


def test_the_chain_check_covers_the_store_or_one_case(store_app: ProblemorienteratApp) -> None:
    """An untouched store is intact, whole and for one case, whose last link is the chain's
    link at its last event."""
    problem_id = in_analysis(store_app)
    assert store_app.keeps_hash_chain
    assert store_app.check_chain().intact
    case = store_app.check_case_chain(problem_id, "1882")
    assert case.verification.intact
    assert case.verification.events == store_app.get_problem(problem_id).version
    last = store_app.history(problem_id)[-1]
    assert case.verification.last_position == last.position
    assert case.last_link is not None
    assert len(case.last_link) == 32


def test_a_store_without_a_chain_says_so(app: ProblemorienteratApp) -> None:
    """The in-memory store keeps no chain: the check is refused as a rule (409 in the API)."""
    assert not app.keeps_hash_chain
    with pytest.raises(NoHashChainError) as caught:
        app.check_chain()
    assert isinstance(caught.value, RuleViolation)
    with pytest.raises(NoHashChainError):
        app.check_case_chain(in_analysis(app), "1882")
