"""Master key rotation without downtime (docs/backup.md#key-rotation): written with key A,
rotated to B (A still opens), `keys rewrap`, A's file removed: everything still reads, on
SQLite and PostgreSQL; an application holding both keys serves while another still on A."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from builders import identified
from support import MEMBER, SYSTEM, make_app
from typer.testing import CliRunner

from problemorienterat.application import ProblemorienteratApp
from problemorienterat.cli import cli
from problemorienterat.infrastructure.sealing import (
    EncryptionKeyError,
    MasterKey,
    sealed_with,
)

KEY_A = MasterKey.generate()
KEY_B = MasterKey.generate()
runner = CliRunner()


def _app(url: str, tmp_path: Path, key: MasterKey, *previous: MasterKey) -> ProblemorienteratApp:
    extra = {"PROBLEMORIENTERAT_ENCRYPTION_KEY": key.to_text()}
    if previous:
        keys_file = tmp_path / f"previous-{previous[0].key_id.hex()}.keys"
        keys_file.write_text("# old keys\n" + "".join(f"{k.to_text()}\n" for k in previous))
        extra["PROBLEMORIENTERAT_ENCRYPTION_PREVIOUS_KEYS_FILE"] = str(keys_file)
    return make_app(url, tmp_path, **extra)


def _area_with_contact(app: ProblemorienteratApp, name: str) -> UUID:
    area_id = app.register_grannsamverkan_area(
        MEMBER, municipality="1882", area=f"Område {name}", started_on=date(2024, 4, 1)
    ).aggregate_id
    app.add_contact_person(MEMBER, area_id, name=name, phone="070-123 45 67", email=None)
    return area_id


def _contact(app: ProblemorienteratApp, area_id: UUID) -> str | None:
    area = app.repository.get(area_id)
    (person,) = area.contact_persons.values()
    text: str | None = person.name.text
    return text


def _key_ids(app: ProblemorienteratApp, area_id: UUID) -> set[bytes | None]:
    return {sealed_with(e.state) for e in app.recorder.select_events(area_id)}


def test_rotation_seals_new_data_with_the_new_key_and_rewrap_retires_the_old(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A → B: new events and persons sealed with B, old ones read; rewrap; without A's file
    every value still reads, and a process given only A is refused."""
    with _app(database_url, tmp_path, KEY_A) as before:
        before.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        old_area = _area_with_contact(before, "Lisa Persson")
        old_problem = identified(before)

    # Rolling restart: this process seals with B and still opens A; one not yet restarted
    # (given B as a previous key first, as docs/backup.md says) keeps serving meanwhile.
    rotated = _app(database_url, tmp_path, KEY_B, KEY_A)
    not_yet_restarted = _app(database_url, tmp_path, KEY_A, KEY_B)
    try:
        new_area = _area_with_contact(rotated, "Olle Berg")
        assert _key_ids(rotated, new_area) == {KEY_B.key_id}
        assert _key_ids(rotated, old_area) == {KEY_A.key_id}
        assert _contact(rotated, old_area) == "Lisa Persson"
        assert _contact(not_yet_restarted, new_area) == "Olle Berg"
        assert rotated.get_problem(old_problem).place == "Valla"
        wrapped = {s: rotated.key_store.get(s) for s in rotated.key_store.keyed_subjects()}
        assert {sealed_with(w) for w in wrapped.values() if w} == {KEY_A.key_id, KEY_B.key_id}
    finally:
        not_yet_restarted.close()
        rotated.close()

    keys_file = tmp_path / "b.key"
    keys_file.write_text(KEY_B.to_text() + "\n")
    previous = tmp_path / "a.keys"
    previous.write_text(KEY_A.to_text() + "\n")
    monkeypatch.setenv("PROBLEMORIENTERAT_ENCRYPTION_KEY_FILE", str(keys_file))
    monkeypatch.setenv("PROBLEMORIENTERAT_ENCRYPTION_PREVIOUS_KEYS_FILE", str(previous))
    monkeypatch.setenv("PROBLEMORIENTERAT_DATA_DIR", str(tmp_path))
    result = runner.invoke(cli, ["keys", "rewrap", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert "1 personnycklar inslagna på nytt, 1 hade den redan" in result.stdout
    assert "1 äldre huvudnycklar sparade" in result.stdout

    # A's file is gone: B alone reads everything, old and new.
    with _app(database_url, tmp_path, KEY_B) as after:
        assert {
            sealed_with(after.key_store.get(s) or b"") for s in after.key_store.keyed_subjects()
        } == {KEY_B.key_id}
        assert _contact(after, old_area) == "Lisa Persson"
        assert _contact(after, new_area) == "Olle Berg"
        assert after.get_problem(old_problem).place == "Valla"
        assert after.check_chain().intact
    # and the old key alone no longer opens the store
    with pytest.raises(EncryptionKeyError):
        _app(database_url, tmp_path, KEY_A)


def test_keys_new_writes_a_private_key_file_and_never_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "new.key"
    result = runner.invoke(cli, ["keys", "new", "--out", str(out)])
    assert result.exit_code == 0, result.output
    key = MasterKey.from_text(out.read_text())
    assert key.key_id.hex() in result.stdout
    assert out.stat().st_mode & 0o777 == 0o600
    again = runner.invoke(cli, ["keys", "new", "--out", str(out)])
    assert again.exit_code == 2
    assert MasterKey.from_text(out.read_text()) == key
