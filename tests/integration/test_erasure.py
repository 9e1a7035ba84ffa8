"""Crypto-shredding: erasing a person destroys their key; every read, history, log and
snapshot then shows their data as erased, while the rest of the history loads complete."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from builders import (
    a_group,
    analysed,
    in_analysis,
    plan_lighting,
    ready_to_submit,
    with_recorded_member,
)
from eventsourcing.postgres import PostgresDatastore
from support import BRA, MEMBER, SYSTEM, make_app

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.application.privacy import contact_person_view, named_persons_view
from problemorienterat.audit.verify import verify_chain
from problemorienterat.domain.actor import Actor, Organisation, Role
from problemorienterat.domain.erasure import ErasureBasis, NotAllowedError
from problemorienterat.domain.grannsamverkan import GrannsamverkanArea
from problemorienterat.domain.personal_data import ERASED, HIDDEN, PersonalData
from problemorienterat.domain.problem import Problem
from problemorienterat.domain.sara import TriangleSide
from problemorienterat.infrastructure.chain_store import chain_store
from problemorienterat.infrastructure.personal_data_vault import ErasedPersonError

RESIDENT = "Lisa Persson"
WITNESS = "Olle Berg"
AUDITOR = Actor("u-rev", "Revisorn", Organisation.KOMMUN, Role.AUDITOR)
ADMIN = Actor("u-adm", "Admin", Organisation.KOMMUN, Role.ADMIN)
OUTSIDER = Actor("u-x", "Utanför", Organisation.POLIS, Role.MEMBER)


def _area_with_contact(app: ProblemorienteratApp) -> tuple[UUID, UUID]:
    area_id = app.register_grannsamverkan_area(
        MEMBER, municipality="1882", area="Valla", started_on=date(2024, 4, 1)
    ).aggregate_id
    person = app.add_contact_person(
        MEMBER, area_id, name=RESIDENT, phone="070-123 45 67", email="lisa@example.se"
    ).item_id
    assert person is not None
    return area_id, person


def _finding_naming_two(app: ProblemorienteratApp, problem_id: UUID) -> tuple[UUID, UUID]:
    app.record_finding(
        MEMBER,
        problem_id,
        side=TriangleSide.TARGET,
        description="Samma två hushåll drabbas om och om igen.",
        named_persons=[RESIDENT, WITNESS],
    )
    resident, witness = app.get_problem(problem_id).findings[-1].named_persons
    return resident.subject_id, witness.subject_id


def _decoded_log(app: ProblemorienteratApp) -> str:
    """Every event in the notification log, decoded as an export or a projection rebuild
    reads it."""
    notifications = app.recorder.select_notifications(1, 10_000)
    return "\n".join(repr(vars(app.mapper.to_domain_event(n))) for n in notifications)


def _texts(app: ProblemorienteratApp) -> list[str | None]:
    texts: list[str | None] = []
    for n in app.recorder.select_notifications(1, 10_000):
        event = app.mapper.to_domain_event(n)
        for value in vars(event).values():
            values = value if isinstance(value, tuple) else (value,)
            for v in values:
                if isinstance(v, PersonalData):
                    texts.append(v.text)
                person = getattr(v, "name", None)
                if isinstance(person, PersonalData):
                    texts.append(person.text)
    return texts


def test_erasing_a_contact_person_erases_them_everywhere_and_keeps_the_history(
    store_app: ProblemorienteratApp,
) -> None:
    """After erasure the area, its history at each version and the decoded log show the
    person as erased; the area's other facts and every event still load; the chain is intact."""
    area_id, person_id = _area_with_contact(store_app)
    assert RESIDENT in _texts(store_app)

    result = store_app.erase_person(BRA, person_id, reason="Begäran om radering, dnr 2026/12")

    assert result.recorded
    assert result.key_destroyed
    area = store_app.get_grannsamverkan_area(area_id)
    person = area.contact_persons[person_id.hex]
    assert person.name.is_erased
    assert person.name.shown() == ERASED
    assert person.phone is not None
    assert person.phone.is_erased
    assert area.area == "Valla"
    assert area.version == 2
    historic = store_app.load(GrannsamverkanArea, area_id, version=2)
    assert historic.contact_persons[person_id.hex].name.is_erased
    assert RESIDENT not in _texts(store_app)
    assert None in _texts(store_app)
    assert RESIDENT not in _decoded_log(store_app)
    assert store_app.key_store.get(person_id) is None
    assert store_app.key_store.is_erased(person_id)
    assert verify_chain(chain_store(store_app.recorder)).intact


def test_the_erasure_is_recorded_without_personal_data(store_app: ProblemorienteratApp) -> None:
    """The erasure event names the person by id, with basis, reason and actor: no name."""
    _, person_id = _area_with_contact(store_app)
    store_app.erase_person(BRA, person_id, reason="Begäran om radering")

    erasure = store_app.get_erasure(person_id)
    assert erasure.subject_id == person_id
    assert erasure.basis is ErasureBasis.REQUEST
    assert erasure.erased_by == BRA
    assert RESIDENT not in repr(vars(erasure))


def test_a_second_app_on_the_same_store_sees_the_erasure(database_url: str, tmp_path: Path) -> None:
    """Another process (a fresh app on the same store) reads the erased person as erased,
    also from the problem's snapshot."""
    app = make_app(database_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        problem_id = in_analysis(app)
        resident, witness = _finding_naming_two(app, problem_id)
        for i in range(45):  # past the snapshot at 50
            app.record_finding(MEMBER, problem_id, side=TriangleSide.PLACE, description=f"F {i}")
        app.erase_person(BRA, resident, reason="Begäran om radering")
    finally:
        app.close()

    other = make_app(database_url, tmp_path)
    try:
        assert other.snapshots is not None
        assert list(other.snapshots.recorder.select_events(problem_id))
        named = next(f for f in other.get_problem(problem_id).findings if f.named_persons)
        by_id = {p.subject_id: p for p in named.named_persons}
        assert by_id[resident].is_erased
        assert by_id[witness].text == WITNESS
        replayed = make_app(database_url, tmp_path, IS_SNAPSHOTTING_ENABLED="n")
        try:
            again = next(f for f in replayed.get_problem(problem_id).findings if f.named_persons)
            assert [p.text for p in again.named_persons] == [None, WITNESS]
        finally:
            replayed.close()
    finally:
        other.close()


def test_erasing_twice_is_harmless_and_only_bra_or_admin_may_erase(
    app: ProblemorienteratApp,
) -> None:
    """A second erasure changes nothing; a working-group member or auditor may not erase."""
    _, person_id = _area_with_contact(app)
    for actor in (MEMBER, AUDITOR):
        with pytest.raises(NotAllowedError):
            app.erase_person(actor, person_id, reason="Begäran")
    assert app.erase_person(ADMIN, person_id, reason="Begäran").recorded
    second = app.erase_person(BRA, person_id, reason="Begäran")
    assert not second.recorded
    assert not second.key_destroyed


def test_nothing_new_is_stored_about_an_erased_person(app: ProblemorienteratApp) -> None:
    """Naming an erased person again is refused: their key is never made anew."""
    problem_id = in_analysis(app)
    resident, _ = _finding_naming_two(app, problem_id)
    app.erase_person(BRA, resident, reason="Begäran")
    with pytest.raises(ErasedPersonError):
        app.record_finding(
            MEMBER,
            problem_id,
            side=TriangleSide.TARGET,
            description="Igen.",
            named_persons=[PersonalData(resident, RESIDENT)],
        )


def test_a_contact_person_stored_in_plain_text_by_version_0_1_can_be_erased(
    database_url: str, tmp_path: Path
) -> None:
    """Version 0.1 stored contact details unencrypted; they load as personal data of the
    person, and after erasure they read as erased (the tombstone in the key store)."""
    from test_old_events import _aggregate_ids, _load_fixture

    app = make_app(database_url, tmp_path)
    try:
        rows = _load_fixture(app)
        area_id = _aggregate_ids(rows, GrannsamverkanArea)[0]
        (person,) = app.get_grannsamverkan_area(area_id).contact_persons.values()
        assert person.name.text
        assert not person.name.is_erased
        app.erase_person(BRA, person.person_id, reason="Begäran om radering")
        (after,) = app.get_grannsamverkan_area(area_id).contact_persons.values()
        assert after.name.is_erased
    finally:
        app.close()


# ---------------------------------------------------------------------------- retention


def _closed_with_named_persons(app: ProblemorienteratApp) -> tuple[UUID, set[UUID]]:
    problem_id = in_analysis(app)
    subjects = set(_finding_naming_two(app, problem_id))
    analysed(app, problem_id)
    action_id = plan_lighting(app, problem_id)
    app.start_action(MEMBER, problem_id, action_id=action_id)
    app.complete_action(MEMBER, problem_id, action_id=action_id)
    app.start_assessment(MEMBER, problem_id)
    ready_to_submit(app, problem_id)
    app.submit_assessment(MEMBER, problem_id)
    app.approve_assessment(BRA, problem_id, comments="Bra.")
    app.close_problem(BRA, problem_id)
    return problem_id, subjects


def test_retention_purges_closed_problems_past_the_period_and_reports_them(
    store_app: ProblemorienteratApp,
) -> None:
    """A dry run lists and changes nothing; the purge erases every named person of problems
    closed longer ago than the period, records why, and lists them; newer ones stay."""
    problem_id, subjects = _closed_with_named_persons(store_app)
    closed_at = store_app.get_problem(problem_id).closed_at
    assert closed_at is not None
    later = closed_at + timedelta(days=400)

    too_soon = store_app.purge_retention(SYSTEM, retention_days=500, now=later)
    assert too_soon.purged == []

    dry = store_app.purge_retention(SYSTEM, retention_days=365, now=later, dry_run=True)
    assert [(p.problem_id, p.persons) for p in dry.purged] == [(problem_id, 2)]
    assert not any(store_app.key_store.is_erased(s) for s in subjects)

    report = store_app.purge_retention(SYSTEM, retention_days=365, now=later)
    assert [p.reference for p in report.purged] == [store_app.get_problem(problem_id).reference]
    assert report.persons == 2
    problem = store_app.get_problem(problem_id)
    assert all(p.is_erased for f in problem.findings for p in f.named_persons)
    assert problem.hypothesis is not None
    erasure = store_app.get_erasure(next(iter(subjects)))
    assert erasure.basis is ErasureBasis.RETENTION
    assert erasure.record_id == problem_id
    assert store_app.purge_retention(SYSTEM, retention_days=365, now=later).purged == []


# ---------------------------------------------------------------------------- access


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        (BRA, True),
        (AUDITOR, True),
        (MEMBER, True),  # a member of the owning group
        (OUTSIDER, False),  # a member, but not of this group
        (ADMIN, False),  # administers the installation, not the cases
    ],
)
def test_only_the_owning_group_bra_and_auditors_see_personal_data(
    app: ProblemorienteratApp, actor: Actor, sees: bool
) -> None:
    """Personal-data fields show their value to those who need it; others see only that a
    value exists ([dold]); an erased value is [raderad] to everyone."""
    group_id = a_group(app)
    with_recorded_member(app, group_id, MEMBER)
    problem_id = in_analysis(app)
    app.assign_group(BRA, problem_id, group_id=group_id)
    resident, _ = _finding_naming_two(app, problem_id)
    app.erase_person(BRA, resident, reason="Begäran")
    problem = app.get_problem(problem_id)

    visible = app.may_see_personal_data(actor, problem)

    assert visible is sees
    names = [p["name"] for p in named_persons_view(problem.findings[-1], visible=visible)]
    assert names == [ERASED, WITNESS if sees else HIDDEN]


def test_a_dissolved_groups_former_members_no_longer_see_personal_data(
    app: ProblemorienteratApp,
) -> None:
    """Once lokala BRÅ dissolves the owning group, its former members see [dold]; lokala BRÅ
    and auditors still see the value."""
    group_id = a_group(app)
    with_recorded_member(app, group_id, MEMBER)
    problem_id = in_analysis(app)
    app.assign_group(BRA, problem_id, group_id=group_id)
    _finding_naming_two(app, problem_id)
    assert app.may_see_personal_data(MEMBER, app.get_problem(problem_id))

    app.dissolve_group(BRA, group_id, reason="Uppdraget är slutfört.")

    problem = app.get_problem(problem_id)
    assert not app.may_see_personal_data(MEMBER, problem)
    assert app.may_see_personal_data(BRA, problem)
    assert app.may_see_personal_data(AUDITOR, problem)


def test_a_contact_person_view_masks_every_detail(app: ProblemorienteratApp) -> None:
    """Masked, a contact person shows ids and [dold] for name, phone and e-mail."""
    area_id, person_id = _area_with_contact(app)
    person = app.get_grannsamverkan_area(area_id).contact_persons[person_id.hex]
    assert contact_person_view(person, visible=False) == {
        "person_id": person_id,
        "name": HIDDEN,
        "phone": HIDDEN,
        "email": HIDDEN,
        "erased": False,
    }
    assert contact_person_view(person, visible=True)["name"] == RESIDENT


def test_problem_knows_the_persons_it_holds_data_about(app: ProblemorienteratApp) -> None:
    """personal_data_subjects lists every person named in the problem's findings."""
    problem_id = in_analysis(app)
    subjects = set(_finding_naming_two(app, problem_id))
    assert app.load(Problem, problem_id).personal_data_subjects() == subjects


def test_history_and_export_show_an_erased_person_as_erased(
    store_app: ProblemorienteratApp,
) -> None:
    """The auditor's history and the case export of a problem hold the named persons before
    erasure and, after it, only their ids: every event is still listed."""
    import json

    problem_id = in_analysis(store_app)
    resident, _ = _finding_naming_two(store_app, problem_id)
    before = json.dumps([vars(e) for e in store_app.history(problem_id)], default=str)
    assert RESIDENT in before

    store_app.erase_person(BRA, resident, reason="Begäran om radering")

    history = store_app.history(problem_id)
    assert len(history) == store_app.get_problem(problem_id).version
    after = json.dumps([vars(e) for e in history], default=str)
    assert RESIDENT not in after
    assert WITNESS in after
    assert str(resident) in after
    assert RESIDENT not in json.dumps(store_app.export_problem(problem_id), default=str)


def test_personal_data_is_sealed_per_person_even_with_encryption_at_rest_off(
    tmp_path: Path,
) -> None:
    """Without encryption at rest the events are plain JSON, yet a person's name is in
    them only sealed with that person's key."""
    app = make_app(
        f"sqlite:///{tmp_path / 'plain.db'}", tmp_path, PROBLEMORIENTERAT_ENCRYPTION="off"
    )
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        area_id, _ = _area_with_contact(app)
        states = b"".join(e.state for e in app.recorder.select_events(area_id))
        assert b"Valla" in states
        assert b"personal_data" in states
        assert RESIDENT.encode() not in states
        assert b"lisa@example.se" not in states
    finally:
        app.close()


# ---------------------------------------------------------------------------- what is left on disk


def _store_files(database_file: Path) -> list[Path]:
    return [
        p
        for p in (database_file, Path(f"{database_file}-wal"), Path(f"{database_file}-shm"))
        if p.exists()
    ]


def test_an_erased_persons_wrapped_key_is_in_no_file_of_the_sqlite_store(
    sqlite_url: str, tmp_path: Path
) -> None:
    """After an erasure the wrapped key's bytes are gone from the database file, its -wal and
    its -shm: a copy of the data directory (with the key file beside it) cannot open the
    erased person's values."""
    app = make_app(sqlite_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        _, person_id = _area_with_contact(app)
        wrapped = app.key_store.get(person_id)
        assert wrapped is not None
        database_file = tmp_path / "events.db"
        assert any(wrapped in p.read_bytes() for p in _store_files(database_file))

        app.erase_person(BRA, person_id, reason="Begäran om radering")

        for path in _store_files(database_file):
            assert wrapped not in path.read_bytes(), path.name
    finally:
        app.close()


def test_an_erased_persons_wrapped_key_is_in_no_page_of_the_postgres_key_table(
    postgres_url: str, tmp_path: Path
) -> None:
    """After an erasure on PostgreSQL the key table is vacuumed: no page of it (read raw,
    with pageinspect) still holds the dead row version with the wrapped key."""
    import psycopg
    from support import POSTGRES_URL, _conninfo

    # Another test may create it at the same moment.
    with (
        psycopg.connect(_conninfo(POSTGRES_URL), autocommit=True) as conn,
        contextlib.suppress(psycopg.errors.UniqueViolation),
    ):
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public")
    schema = postgres_url.rsplit("schema=", 1)[1]
    app = make_app(postgres_url, tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        _, person_id = _area_with_contact(app)
        wrapped = app.key_store.get(person_id)
        assert wrapped is not None

        def pages() -> bytes:
            table = f"{schema}.problemorienterat_subject_keys"
            with psycopg.connect(_conninfo(POSTGRES_URL)) as conn:
                (count,) = conn.execute(
                    "SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int",
                    (table,),
                ).fetchone() or (0,)
                return b"".join(
                    bytes(
                        conn.execute("SELECT public.get_raw_page(%s, %s)", (table, n)).fetchone()[0]
                    )  # type: ignore[index]
                    for n in range(count)
                )

        assert wrapped in pages()
        app.erase_person(BRA, person_id, reason="Begäran om radering")
        assert wrapped not in pages()
    finally:
        app.close()


# ---------------------------------------------------------------------------- keys deleted outside


def _delete_key_row(app: ProblemorienteratApp, subject_id: UUID) -> None:
    """Delete a person's row of the key table by SQL, as someone with database access could."""
    datastore = app.recorder.datastore  # type: ignore[attr-defined]
    if isinstance(datastore, PostgresDatastore):
        table = f'"{datastore.schema}".problemorienterat_subject_keys'
        with datastore.get_connection() as conn, conn.transaction():
            conn.execute(f"DELETE FROM {table} WHERE subject_id = %s", (subject_id.hex,))  # noqa: S608
        return
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(
            "DELETE FROM problemorienterat_subject_keys WHERE subject_id = ?", (subject_id.hex,)
        )


def test_a_key_deleted_outside_the_application_is_reported_by_verify(
    store_app: ProblemorienteratApp,
) -> None:
    """A person's key deleted by SQL (no erasure recorded) makes the chain check report a
    problem naming the person's id, never their data, though every event is unchanged."""
    _, person_id = _area_with_contact(store_app)
    problem_id = in_analysis(store_app)
    _, witness = _finding_naming_two(store_app, problem_id)
    assert store_app.check_chain().intact

    _delete_key_row(store_app, person_id)
    _delete_key_row(store_app, witness)

    result = store_app.check_chain()
    assert not result.intact
    assert result.break_position is None
    assert set(result.keys_missing) == {person_id, witness}
    for text in (result.problem or "", result.summary()):
        assert person_id.hex in text
        assert witness.hex in text
        assert RESIDENT not in text
        assert WITNESS not in text


def test_a_proper_erasure_keeps_verify_intact(store_app: ProblemorienteratApp) -> None:
    """An erasure through the application (recorded, then the key destroyed) is no problem
    for the chain check, also for a person erased before anything was stored about them."""
    _, person_id = _area_with_contact(store_app)
    problem_id = in_analysis(store_app)
    resident, _ = _finding_naming_two(store_app, problem_id)
    store_app.erase_person(BRA, person_id, reason="Begäran om radering")
    store_app.erase_person(BRA, resident, reason="Begäran om radering")
    store_app.erase_person(BRA, UUID(int=7), reason="Begäran om radering")

    result = store_app.check_chain()
    assert result.intact, result.summary()
    assert result.keys_missing == ()


def test_the_verify_command_reports_a_key_deleted_outside_the_application(
    tmp_path: Path,
) -> None:
    """`problemorienterat verify` exits 2 and names the person's id when their key was
    deleted by SQL; with the key in place it says intact."""
    from typer.testing import CliRunner

    from problemorienterat.cli import cli

    env = {"PROBLEMORIENTERAT_DATA_DIR": str(tmp_path), "PROBLEMORIENTERAT_DATABASE_URL": ""}
    app = make_app(f"sqlite:///{tmp_path / 'problemorienterat.db'}", tmp_path)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        _, person_id = _area_with_contact(app)
        runner = CliRunner()
        ok = runner.invoke(cli, ["verify", "--data-dir", str(tmp_path)], env=env)
        assert ok.exit_code == 0, ok.output
        _delete_key_row(app, person_id)
        reported = runner.invoke(cli, ["verify", "--data-dir", str(tmp_path)], env=env)
        assert reported.exit_code == 2, reported.output
        assert person_id.hex in reported.output
        assert RESIDENT not in reported.output
    finally:
        app.close()
