"""Working groups kept in the store (SQLite and PostgreSQL): members added by user id come
back named as the user is, a municipality's groups are listed from the log, and a dissolved
group is no longer anyone's, also when another process reads the store."""

from __future__ import annotations

from pathlib import Path

from support import BRA, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.domain.actor import Organisation, Role
from problemorienterat.domain.working_group import GroupKind, Member


def test_groups_and_their_members_as_stored_and_read_by_another_process(
    store_app: ProblemorienteratApp, database_url: str, tmp_path: Path
) -> None:
    """A member picked by id is stored with the user's own name; the municipality's list
    and the user's groups read from the store in another process agree; after the
    dissolution the group is still listed (flagged) but no longer the user's."""
    erik = store_app.add_user(
        BRA,
        name="Erik Holm",
        organisation=Organisation.POLIS,
        role=Role.MEMBER,
        municipalities=["1882"],
    ).user_id
    ung = store_app.establish_group(
        BRA, municipality="1882", name="UNG-gruppen", kind=GroupKind.YOUTH, mandate="Förebygga."
    ).aggregate_id
    valla = store_app.establish_group(
        BRA,
        municipality="1882",
        name="Grannsamverkan Valla",
        kind=GroupKind.NEIGHBOURHOOD_WATCH,
        mandate="Grannsamverkan.",
    ).aggregate_id
    store_app.add_member(BRA, ung, user_id=erik, role_in_group="Kommunpolis")
    store_app.add_member(BRA, valla, user_id=erik)
    store_app.dissolve_group(BRA, valla, reason="Uppdraget är slutfört.")

    other = make_app(database_url, tmp_path)
    try:
        assert other.get_group(ung).members[erik] == Member(
            erik, "Erik Holm", Organisation.POLIS, "Kommunpolis"
        )
        listed = other.groups_in("1882")
        assert [(g.id, g.is_dissolved) for g in listed] == [(ung, False), (valla, True)]
        assert [g.id for g in other.groups_of(erik)] == [ung]
        assert [u.user_id for u in other.member_candidates("1882")] == [erik]
    finally:
        other.close()
