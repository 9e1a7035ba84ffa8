"""The samverkansöverenskommelse: signed by kommun and lokalpolisområde, revised when needed."""

from __future__ import annotations

from datetime import date

import pytest
from support import BRA

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation
from problemorienterat.domain.agreement import Agreement, Revision, Signatory
from problemorienterat.domain.errors import ClosedError, InvalidValueError, NotFoundError

PARTIES = ["Kungsörs kommun", "Lokalpolisområde Västra Mälardalen"]
SIGNATORIES = [
    Signatory("Claes-Urban Boström", "Kommundirektör", Organisation.KOMMUN),
    Signatory("Maria Bäck", "Lokalpolisområdeschef", Organisation.POLIS),
]
COMMITMENTS = [
    "Lokala BRÅ är basen för det gemensamma brottsförebyggande arbetet.",
    "Polisen och kommunen bedriver tillsammans arbete med grannsamverkan.",
]


def kungsor_2022(valid_until: date | None = None) -> Agreement:
    """The agreement as signed in Kungsör on 2022-12-15, valid until further notice."""
    return Agreement.sign(
        BRA,
        municipality="1882",
        police_area="Västra Mälardalen",
        purpose="Gemensam process för brottsförebyggande och trygghetsskapande samverkan.",
        parties=PARTIES,
        signatories=SIGNATORIES,
        commitments=COMMITMENTS,
        valid_from=date(2022, 12, 15),
        valid_until=valid_until,
    )


# ---------------------------------------------------------------- the aggregate


def test_a_signed_agreement_holds_parties_signatories_and_commitments() -> None:
    """ "Gäller från 2022-12-15 tills vidare": no end date means until further notice."""
    agreement = kungsor_2022()

    assert agreement.parties == PARTIES
    assert agreement.signatories == SIGNATORIES
    assert agreement.commitments == COMMITMENTS
    assert agreement.valid_until is None
    assert agreement.in_force_on(date(2030, 1, 1))
    assert not agreement.in_force_on(date(2022, 12, 14))


def test_an_agreement_has_two_parties() -> None:
    """It is an agreement between a kommun and a lokalpolisområde: at least two parties."""
    with pytest.raises(InvalidValueError) as caught:
        Agreement.sign(
            BRA,
            municipality="1882",
            police_area="Västra Mälardalen",
            purpose="Samverkan.",
            parties=["Kungsörs kommun"],
            signatories=SIGNATORIES,
            commitments=COMMITMENTS,
            valid_from=date(2022, 12, 15),
        )
    assert caught.value.field == "parties"


def test_an_agreement_has_signatories_and_commitments() -> None:
    """Without signatories or commitments nothing has been agreed."""
    with pytest.raises(InvalidValueError) as no_signatory:
        Agreement.sign(
            BRA,
            municipality="1882",
            police_area="Västra Mälardalen",
            purpose="Samverkan.",
            parties=PARTIES,
            signatories=[],
            commitments=COMMITMENTS,
            valid_from=date(2022, 12, 15),
        )
    with pytest.raises(InvalidValueError) as blank_commitment:
        Agreement.sign(
            BRA,
            municipality="1882",
            police_area="Västra Mälardalen",
            purpose="Samverkan.",
            parties=PARTIES,
            signatories=SIGNATORIES,
            commitments=["  "],
            valid_from=date(2022, 12, 15),
        )
    assert no_signatory.value.field == "signatories"
    assert blank_commitment.value.field == "commitments"


def test_an_agreement_cannot_end_before_it_starts() -> None:
    """The validity period is not reversed."""
    with pytest.raises(InvalidValueError) as caught:
        kungsor_2022(valid_until=date(2022, 1, 1))
    assert caught.value.field == "valid_until"


def test_a_revision_replaces_the_commitments_and_is_kept() -> None:
    """ "Revideras vid behov": the new commitments apply from the revision's date."""
    agreement = kungsor_2022()

    agreement.revise(
        BRA,
        summary="Lag 2023:196 om kommuners ansvar.",
        commitments=["Kommunen har en samordningsfunktion."],
        valid_from=date(2023, 7, 1),
    )

    assert agreement.commitments == ["Kommunen har en samordningsfunktion."]
    assert agreement.valid_from == date(2023, 7, 1)
    assert agreement.revisions == [
        Revision(
            "Lag 2023:196 om kommuners ansvar.",
            ["Kommunen har en samordningsfunktion."],
            date(2023, 7, 1),
        )
    ]
    assert agreement.in_force_on(date(2023, 1, 1))


def test_a_revision_cannot_apply_from_before_the_current_commitments() -> None:
    """A revision's valid_from may not be before the current one."""
    agreement = kungsor_2022()

    with pytest.raises(InvalidValueError) as caught:
        agreement.revise(
            BRA, summary="Bakåtdaterad.", commitments=["X."], valid_from=date(2022, 1, 1)
        )
    assert caught.value.field == "valid_from"


def test_a_terminated_agreement_takes_no_revisions() -> None:
    """Once terminated, the agreement is history."""
    agreement = kungsor_2022()
    agreement.terminate(BRA, reason="Ersatt av ny överenskommelse.", on=date(2025, 12, 31))

    assert agreement.is_terminated
    assert not agreement.in_force_on(date(2026, 1, 1))
    with pytest.raises(ClosedError):
        agreement.revise(BRA, summary="Sent.", commitments=["X."], valid_from=date(2026, 1, 1))
    with pytest.raises(ClosedError):
        agreement.terminate(BRA, reason="Igen.", on=date(2026, 1, 1))


def test_an_agreement_cannot_be_terminated_before_it_started() -> None:
    """The end date is on or after the start."""
    with pytest.raises(InvalidValueError) as caught:
        kungsor_2022().terminate(BRA, reason="Fel.", on=date(2022, 1, 1))
    assert caught.value.field == "on"


# ---------------------------------------------------------------- the use cases


def sign_in(app: ProblemorienteratApp, municipality: str = "1882") -> Agreement:
    result = app.sign_agreement(
        BRA,
        municipality=municipality,
        police_area="Västra Mälardalen",
        purpose="Gemensam process för samverkan.",
        parties=PARTIES,
        signatories=SIGNATORIES,
        commitments=COMMITMENTS,
        valid_from=date(2022, 12, 15),
    )
    return app.get_agreement(result.aggregate_id)


def test_an_agreement_is_signed_and_revised_through_the_application(
    app: ProblemorienteratApp,
) -> None:
    """Signing and revising load, act and save."""
    agreement = sign_in(app)

    result = app.revise_agreement(
        BRA,
        agreement.id,
        summary="Ny skrivning om UNG-gruppen.",
        commitments=["UNG-gruppen styrs av lokala BRÅ."],
        valid_from=date(2024, 1, 1),
        expected_version=1,
    )

    assert result.version == 2
    assert app.get_agreement(agreement.id).commitments == ["UNG-gruppen styrs av lokala BRÅ."]


def test_an_agreement_needs_a_registered_municipality(app: ProblemorienteratApp) -> None:
    """Every agreement belongs to a registered municipality."""
    with pytest.raises(NotFoundError) as caught:
        sign_in(app, municipality="0999")
    assert caught.value.field == "municipality"


def test_an_agreement_survives_a_round_trip_through_the_store_and_a_snapshot(
    app: ProblemorienteratApp,
) -> None:
    """Signatories, commitments, revisions and dates are stored and loaded back."""
    agreement_id = sign_in(app).id
    app.revise_agreement(
        BRA, agreement_id, summary="Revision.", commitments=["Ny."], valid_from=date(2024, 1, 1)
    )
    app.terminate_agreement(BRA, agreement_id, reason="Ersatt.", on=date(2025, 12, 31))
    original = app.get_agreement(agreement_id)

    app.take_snapshot(agreement_id)

    assert app.snapshots is not None
    assert len(list(app.snapshots.get(agreement_id))) == 1
    assert app.repository.get(agreement_id) == original
