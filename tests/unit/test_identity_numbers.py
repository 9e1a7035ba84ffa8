"""No personal identity numbers in free text: found by date and checksum, refused by field,
never echoed back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from builders import identified, in_analysis

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Actor
from problemorienterat.domain.base import require_text
from problemorienterat.domain.errors import InvalidValueError, PersonalIdentityNumberError
from problemorienterat.domain.identity_numbers import contains_identity_number
from problemorienterat.domain.sara import CheersQuestion, ProblemSource, TriangleSide

VALID = "811218-9876"  # Skatteverket's published example personnummer


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("811218-9876", True),  # personnummer, dash
        ("8112189876", True),  # without dash
        ("19811218-9876", True),  # with century and dash
        ("198112189876", True),  # with century, without dash
        ("811218+9876", True),  # plus: the person is 100 or older
        ("701063-2383", True),  # samordningsnummer: day 3 + 60
        ("197010632383", True),  # samordningsnummer with century
        ("000229-1235", True),  # 29 February without century: some year fits
        ("Anmälaren 811218-9876 ringde igen.", True),  # inside a sentence
        ("811218-9875", False),  # checksum wrong
        ("19811218-9875", False),  # checksum wrong, with century
        ("8112189875", False),  # checksum wrong, without dash
        ("701063-2384", False),  # samordningsnummer with wrong checksum
        ("811318-9876", False),  # no month 13
        ("811200-9876", False),  # no day 0
        ("8112189876123", False),  # part of a longer digit run (an account, a case number)
        ("070-123 45 67", False),  # a phone number
        ("14 inbrott 2026-01-01–2026-06-30", False),  # dates and counts
    ],
)
def test_identity_numbers_are_found_only_with_a_valid_date_and_checksum(
    text: str, found: bool
) -> None:
    """A personnummer or samordningsnummer is found with or without century and dash, only
    when its date and Luhn check digit are valid."""
    assert contains_identity_number(text) is found


def test_a_refused_text_names_the_field_and_why_but_never_the_number() -> None:
    """The error says which field and why; the number itself is nowhere in it."""
    with pytest.raises(PersonalIdentityNumberError) as caught:
        require_text("description", f"Gärningsperson {VALID} syns ofta.")
    assert caught.value.field == "description"
    assert isinstance(caught.value, InvalidValueError)
    assert "personnummer" in caught.value.message
    assert "9876" not in str(caught.value)
    assert "811218" not in repr(caught.value.args)


def test_a_personal_data_field_may_hold_digits_that_look_like_one() -> None:
    """Fields typed as personal data are encrypted per person, so they are not refused."""
    assert require_text("phone", "8112189876", personal_data=True) == "8112189876"


Command = Callable[[ProblemorienteratApp, Actor], Any]


def _title(app: ProblemorienteratApp, actor: Actor) -> Any:
    return app.identify_problem(
        actor,
        municipality="1882",
        title=f"Inbrott hos {VALID}",
        description="Återkommande.",
        place="Valla",
        source=ProblemSource.POLICE_STATISTICS,
        reported_by="Polisen",
    )


def _evidence(app: ProblemorienteratApp, actor: Actor) -> Any:
    pid = identified(app)
    return app.answer_cheers(
        actor, pid, question=CheersQuestion.HARM, met=True, evidence=f"Anmälan från {VALID}."
    )


def _finding(app: ProblemorienteratApp, actor: Actor) -> Any:
    pid = in_analysis(app)
    return app.record_finding(
        actor, pid, side=TriangleSide.OFFENDER, description=f"Samma person, 19{VALID}."
    )


def _named_person_as_free_text(app: ProblemorienteratApp, actor: Actor) -> Any:
    pid = in_analysis(app)
    return app.record_finding(
        actor,
        pid,
        side=TriangleSide.OFFENDER,
        description="Samma person återkommer.",
        named_persons=["Kalle Anka"],
    )


def _reject_reason(app: ProblemorienteratApp, actor: Actor) -> Any:
    return app.reject(actor, identified(app), reason=f"Gäller bara {VALID.replace('-', '')}.")


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (_title, "title"),
        (_evidence, "evidence"),
        (_finding, "description"),
        (_reject_reason, "reason"),
    ],
)
def test_each_free_text_field_refuses_an_identity_number(
    app: ProblemorienteratApp, member: Actor, command: Command, field: str
) -> None:
    """Whatever the free-text field, the command is refused naming that field."""
    with pytest.raises(PersonalIdentityNumberError) as caught:
        command(app, member)
    assert caught.value.field == field


def test_names_of_persons_go_in_the_personal_data_field(
    app: ProblemorienteratApp, member: Actor
) -> None:
    """A finding may name persons in its personal-data field; that is accepted."""
    result = _named_person_as_free_text(app, member)
    finding = app.get_problem(result.aggregate_id).findings[-1]
    assert [p.text for p in finding.named_persons] == ["Kalle Anka"]
