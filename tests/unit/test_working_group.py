"""Working groups: established by lokala BRÅ with a mandate, members, and dissolved at the end."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from builders import identified
from hypothesis import given
from hypothesis import strategies as st
from support import BRA, MEMBER

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.errors import (
    ClosedError,
    DuplicateError,
    InvalidValueError,
    NotFoundError,
    PersonalIdentityNumberError,
    VersionConflictError,
)
from problemorienterat.domain.working_group import GroupKind, Member, WorkingGroup


def ung_gruppen() -> WorkingGroup:
    return WorkingGroup.establish(
        BRA,
        municipality="1882",
        name="UNG-gruppen",
        kind=GroupKind.YOUTH,
        mandate="Förebygga brott bland unga i Kungsör.",
    )


def with_member(group: WorkingGroup, user_id: str = "u-erik") -> WorkingGroup:
    group.add_member(
        BRA,
        user_id=user_id,
        name="Erik Holm",
        organisation=Organisation.POLIS,
        role_in_group="Kommunpolis",
    )
    return group


def established(app: ProblemorienteratApp, municipality: str = "1882") -> UUID:
    return app.establish_group(
        BRA,
        municipality=municipality,
        name="UNG-gruppen",
        kind=GroupKind.YOUTH,
        mandate="Förebygga brott bland unga.",
    ).aggregate_id


def register_vasteras(app: ProblemorienteratApp) -> None:
    app.register_municipality(BRA, code="1980", name="Västerås", reference_prefix="VÄS")


def a_user(
    app: ProblemorienteratApp,
    name: str = "Anna Lind",
    *,
    organisation: Organisation = Organisation.KOMMUN,
    role: Role = Role.MEMBER,
    municipalities: tuple[str, ...] = ("1882",),
) -> str:
    """The id of a new user (a member of Kungsör unless told otherwise)."""
    return app.add_user(
        BRA, name=name, organisation=organisation, role=role, municipalities=list(municipalities)
    ).user_id


# ---------------------------------------------------------------- the aggregate


def test_a_group_is_established_with_name_kind_and_mandate() -> None:
    """Lokala BRÅ sets up a group for a need and gives it a mandate (uppdrag)."""
    group = ung_gruppen()

    assert group.municipality == "1882"
    assert group.name == "UNG-gruppen"
    assert group.kind is GroupKind.YOUTH
    assert group.mandate == "Förebygga brott bland unga i Kungsör."
    assert group.created_by == BRA
    assert not group.is_dissolved


def test_a_group_needs_a_mandate() -> None:
    """A group without a mandate has nothing to do: the mandate is required."""
    with pytest.raises(InvalidValueError) as caught:
        WorkingGroup.establish(
            BRA, municipality="1882", name="UNG-gruppen", kind=GroupKind.YOUTH, mandate="  "
        )
    assert caught.value.field == "mandate"


def test_a_member_is_added_with_organisation_and_role() -> None:
    """Members are kept by user id with their organisation and role in the group."""
    group = with_member(ung_gruppen())

    assert group.members == {
        "u-erik": Member("u-erik", "Erik Holm", Organisation.POLIS, "Kommunpolis")
    }


def test_a_user_is_member_of_a_group_only_once() -> None:
    """Adding the same user id again is a duplicate."""
    group = with_member(ung_gruppen())

    with pytest.raises(DuplicateError) as caught:
        with_member(group)
    assert caught.value.field == "user_id"


# A UUID whose digits spell the valid personnummer 19811218-9876 (check digit 6).
UUID_SPELLING_A_PERSONNUMMER = "19811218-9876-4abc-8def-0123456789ab"


@given(st.uuids())
def test_any_user_id_can_be_added_as_a_member(user_id: UUID) -> None:
    """A user id is a UUID, not free text: whatever its digits, the user can join a group."""
    group = with_member(ung_gruppen(), str(user_id))

    assert str(user_id) in group.members


def test_a_user_id_whose_digits_spell_a_personnummer_can_join_a_group() -> None:
    """About one UUID in 13,000 holds a valid personnummer among its digits; it is still only
    an id, so its user joins the group like any other (it was refused as free text)."""
    group = with_member(ung_gruppen(), UUID_SPELLING_A_PERSONNUMMER)

    assert list(group.members) == [UUID_SPELLING_A_PERSONNUMMER]


def test_a_user_id_is_kept_in_the_form_users_are_known_by() -> None:
    """A UUID written in capitals or without dashes names the same user: it is kept as the
    user's id is written (lower case, with dashes), and removed by either spelling."""
    user_id = uuid4()
    group = with_member(ung_gruppen(), user_id.hex.upper())

    assert list(group.members) == [str(user_id)]
    group.remove_member(BRA, user_id=str(user_id).upper())
    assert group.members == {}


def test_an_id_that_is_not_a_uuid_is_still_checked_for_a_personnummer() -> None:
    """Ids that are not UUIDs (the demo's officials, older ids) stay free of personnummer."""
    with pytest.raises(PersonalIdentityNumberError) as caught:
        with_member(ung_gruppen(), "anna-811218-9876")
    assert caught.value.field == "user_id"


def test_a_removed_member_is_no_longer_in_the_group() -> None:
    """Removing a member takes them out of the group."""
    group = with_member(ung_gruppen())

    group.remove_member(BRA, user_id="u-erik")

    assert group.members == {}


def test_removing_someone_who_is_not_a_member_is_not_found() -> None:
    """Only members can be removed."""
    with pytest.raises(NotFoundError) as caught:
        ung_gruppen().remove_member(BRA, user_id="u-nobody")
    assert caught.value.field == "user_id"


def test_a_revised_mandate_replaces_the_old_one() -> None:
    """Lokala BRÅ may revise the mandate, saying why."""
    group = ung_gruppen()

    group.revise_mandate(BRA, mandate="Även trygghet i centrum.", reason="Ny lägesbild.")

    assert group.mandate == "Även trygghet i centrum."


def test_a_mandate_revision_needs_a_reason_and_a_change() -> None:
    """A revision says why, and must actually change the mandate."""
    group = ung_gruppen()

    with pytest.raises(InvalidValueError) as no_reason:
        group.revise_mandate(BRA, mandate="Något nytt.", reason="")
    with pytest.raises(InvalidValueError) as unchanged:
        group.revise_mandate(BRA, mandate=group.mandate, reason="Samma.")

    assert no_reason.value.field == "reason"
    assert unchanged.value.field == "mandate"


def test_a_dissolved_group_takes_no_new_members() -> None:
    """A dissolved group takes no new members."""
    group = ung_gruppen()
    group.dissolve(BRA, reason="Uppdraget är slutfört.")

    assert group.is_dissolved
    assert group.dissolution_reason == "Uppdraget är slutfört."
    with pytest.raises(ClosedError):
        with_member(group)


def test_a_dissolved_group_takes_no_commands_at_all() -> None:
    """After dissolution the mandate, the members and the group itself are fixed."""
    group = with_member(ung_gruppen())
    group.dissolve(BRA, reason="Uppdraget är slutfört.")

    with pytest.raises(ClosedError):
        group.revise_mandate(BRA, mandate="Nytt.", reason="Varför inte.")
    with pytest.raises(ClosedError):
        group.remove_member(BRA, user_id="u-erik")
    with pytest.raises(ClosedError):
        group.dissolve(BRA, reason="Igen.")


# ---------------------------------------------------------------- the use cases


def test_a_group_is_established_and_given_members_through_the_application(
    app: ProblemorienteratApp,
) -> None:
    """The use cases load, act and save: the stored group has the member."""
    group_id = established(app)

    anna = a_user(app)

    result = app.add_member(BRA, group_id, user_id=anna)

    assert result.version == 2
    assert list(app.get_group(group_id).members) == [anna]


def test_a_new_member_is_named_as_the_user_is_named(app: ProblemorienteratApp) -> None:
    """Lokala BRÅ picks a user; the member's name and organisation are the user's own."""
    group_id = established(app)
    erik = a_user(app, "Erik Holm", organisation=Organisation.POLIS)

    app.add_member(BRA, group_id, user_id=f" {erik.upper()} ", role_in_group="Kommunpolis")

    assert app.get_group(group_id).members[erik] == Member(
        erik, "Erik Holm", Organisation.POLIS, "Kommunpolis"
    )


@pytest.mark.parametrize(
    "who", ["unknown", "not an id", "other municipality", "revoked", "bra", "auditor"]
)
def test_only_an_active_member_role_user_of_the_municipality_becomes_a_member(
    app: ProblemorienteratApp, who: str
) -> None:
    """An id that names nobody, another municipality's user, a revoked user or a user in
    another role than member is refused, each the same way (422 on ``user_id``), and the
    group is unchanged."""
    register_vasteras(app)
    group_id = established(app)
    if who == "unknown":
        user_id = str(uuid4())
    elif who == "not an id":
        user_id = "u-anna"
    elif who == "other municipality":
        user_id = a_user(app, municipalities=("1980",))
    elif who == "revoked":
        user_id = a_user(app)
        app.revoke_user(BRA, user_id)
    else:
        user_id = a_user(app, role=Role(who))

    with pytest.raises(InvalidValueError) as caught:
        app.add_member(BRA, group_id, user_id=user_id)

    assert caught.value.field == "user_id"
    assert str(caught.value) == "Choose an active member-role user of the group's municipality."
    assert app.get_group(group_id).members == {}


def test_the_member_candidates_are_the_active_member_users_of_the_municipality(
    app: ProblemorienteratApp,
) -> None:
    """Whom lokala BRÅ may pick: active member-role users given the municipality."""
    register_vasteras(app)
    both = a_user(app, "Bo Berg", municipalities=("1980", "1882"))
    anna = a_user(app)
    a_user(app, "Vera Väst", municipalities=("1980",))
    app.revoke_user(BRA, a_user(app, "Rut Revoked"))
    a_user(app, "Helena BRÅ", role=Role.BRA)

    assert [u.user_id for u in app.member_candidates("1882")] == [anna, both]


def test_a_user_in_another_role_is_not_added_to_groups_when_created(
    app: ProblemorienteratApp,
) -> None:
    """Groups given with a new user are for member-role users only (422 on ``group_ids``)."""
    group_id = established(app)

    with pytest.raises(InvalidValueError) as caught:
        app.add_user(
            BRA,
            name="Helena Ström",
            organisation=Organisation.KOMMUN,
            role=Role.BRA,
            municipalities=["1882"],
            group_ids=[group_id],
        )
    assert caught.value.field == "group_ids"


def test_the_groups_of_a_municipality_are_listed_active_first(
    app: ProblemorienteratApp,
) -> None:
    """Every group of the municipality, dissolved ones last; other municipalities' not."""
    register_vasteras(app)
    old = app.establish_group(
        BRA, municipality="1882", name="Äldre grupp", kind=GroupKind.PROJECT, mandate="Klart."
    ).aggregate_id
    app.dissolve_group(BRA, old, reason="Uppdraget är slutfört.")
    young = established(app)
    established(app, municipality="1980")

    assert [g.id for g in app.groups_in("1882")] == [young, old]


def test_membership_of_a_dissolved_group_gives_nothing() -> None:
    """A member of a dissolved group is no longer an active member of it."""
    group = with_member(ung_gruppen(), "u-erik")
    assert group.has_active_member("u-erik")

    group.dissolve(BRA, reason="Uppdraget är slutfört.")

    assert "u-erik" in group.members  # the record of who was a member stays
    assert not group.has_active_member("u-erik")


def test_a_group_cannot_be_established_in_an_unregistered_municipality(
    app: ProblemorienteratApp,
) -> None:
    """Every group belongs to a registered municipality."""
    with pytest.raises(NotFoundError) as caught:
        established(app, municipality="0999")
    assert caught.value.field == "municipality"


def test_a_change_based_on_an_old_version_of_the_group_is_refused(
    app: ProblemorienteratApp,
) -> None:
    """Two people editing the same group: the second, based on an old version, is refused."""
    group_id = established(app)
    app.revise_mandate(BRA, group_id, mandate="Nytt uppdrag.", reason="Beslut i BRÅ.")

    with pytest.raises(VersionConflictError):
        app.dissolve_group(BRA, group_id, reason="Klart.", expected_version=1)


def test_a_problem_goes_only_to_a_group_of_its_own_municipality(
    app: ProblemorienteratApp,
) -> None:
    """A problem in Kungsör cannot be given to a group in Västerås."""
    register_vasteras(app)
    other_group = established(app, municipality="1980")

    with pytest.raises(InvalidValueError) as caught:
        identified(app, group_id=other_group)
    assert caught.value.field == "group_id"


def test_a_problem_cannot_go_to_a_group_that_does_not_exist(app: ProblemorienteratApp) -> None:
    """An unknown group id is refused on ``group_id`` (as another municipality's group is)."""
    problem_id = identified(app)

    with pytest.raises(InvalidValueError) as caught:
        app.assign_group(MEMBER, problem_id, group_id=uuid4())
    assert caught.value.field == "group_id"


def test_a_dissolved_group_takes_no_new_problems(app: ProblemorienteratApp) -> None:
    """A dissolved group can no longer be given problems."""
    problem_id = identified(app)
    group_id = established(app)
    app.dissolve_group(BRA, group_id, reason="Uppdraget är slutfört.")

    with pytest.raises(ClosedError):
        app.assign_group(MEMBER, problem_id, group_id=group_id)


def test_a_group_survives_a_round_trip_through_the_store_and_a_snapshot(
    app: ProblemorienteratApp,
) -> None:
    """Every value in the group's state is stored and loaded back as it was."""
    group_id = established(app)
    erik = a_user(app, "Erik Holm", organisation=Organisation.POLIS)
    app.add_member(BRA, group_id, user_id=erik, role_in_group="Kommunpolis")
    app.dissolve_group(BRA, group_id, reason="Klart.")
    original = app.get_group(group_id)

    app.take_snapshot(group_id)

    assert app.snapshots is not None
    assert len(list(app.snapshots.get(group_id))) == 1
    assert app.repository.get(group_id) == original
