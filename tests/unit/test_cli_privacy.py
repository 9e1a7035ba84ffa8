"""The personal-data commands: ``erase PERSON --reason`` and ``retention purge``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import MEMBER, SYSTEM, make_app
from typer.testing import CliRunner

from problemorienterat.cli import cli

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch the user's real data directory or database."""
    monkeypatch.setenv("PROBLEMORIENTERAT_DATA_DIR", str(tmp_path / "from-env"))
    monkeypatch.delenv("PROBLEMORIENTERAT_DATABASE_URL", raising=False)


def _store_with_a_contact_person(data_dir: Path) -> tuple[str, str]:
    app = make_app(f"sqlite:///{data_dir / 'problemorienterat.db'}", data_dir)
    try:
        app.register_municipality(SYSTEM, code="1882", name="Kungsör", reference_prefix="KUN")
        area_id = app.register_grannsamverkan_area(
            MEMBER, municipality="1882", area="Valla", started_on=date(2024, 4, 1)
        ).aggregate_id
        person_id = app.add_contact_person(MEMBER, area_id, name="Lisa Persson").item_id
        return str(area_id), str(person_id)
    finally:
        app.close()


def test_erase_destroys_the_persons_key_and_a_second_run_says_so(tmp_path: Path) -> None:
    """``erase`` records the erasure and destroys the key; run again it reports it done."""
    area_id, person_id = _store_with_a_contact_person(tmp_path)
    args = ["erase", person_id, "--reason", "Begäran om radering", "--data-dir", str(tmp_path)]

    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "Raderade" in first.stdout
    assert "Lisa" not in first.output
    second = runner.invoke(cli, args)
    assert second.exit_code == 0
    assert "redan raderad" in second.stdout

    app = make_app(f"sqlite:///{tmp_path / 'problemorienterat.db'}", tmp_path)
    try:
        from uuid import UUID

        area = app.get_grannsamverkan_area(UUID(area_id))
        assert area.contact_persons[UUID(person_id).hex].name.is_erased
    finally:
        app.close()


def test_erase_refuses_a_reason_with_a_personal_identity_number(tmp_path: Path) -> None:
    """The reason is free text: a personnummer in it is refused, exit 2, not echoed."""
    _, person_id = _store_with_a_contact_person(tmp_path)
    result = runner.invoke(
        cli, ["erase", person_id, "--reason", "Gäller 811218-9876", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "9876" not in result.output


def test_erase_needs_a_person_id(tmp_path: Path) -> None:
    """PERSON is an id, never a name."""
    result = runner.invoke(
        cli, ["erase", "Lisa Persson", "--reason", "Begäran", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2


def test_retention_purge_dry_run_reports_and_changes_nothing(tmp_path: Path) -> None:
    """With nothing closed long enough ago, the purge reports zero and exits 0."""
    _store_with_a_contact_person(tmp_path)
    result = runner.invoke(
        cli,
        ["retention", "purge", "--dry-run", "--retention-days", "30", "--data-dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "Gallringsfrist 30 dagar" in result.stdout
    assert "Skulle gallra personuppgifter om 0 person(er) i 0 problem." in result.stdout


def test_a_postgres_store_without_a_key_is_refused_at_start(postgres_url: str) -> None:
    """The CLI on PostgreSQL with no key configured stops with one clear line, exit 2."""
    result = runner.invoke(cli, ["municipalities", "list", "--database-url", postgres_url])
    assert result.exit_code == 2
    assert result.stderr.startswith("Inställningsfel: ")
    assert "PROBLEMORIENTERAT_ENCRYPTION_KEY" in result.stderr
    assert result.stderr.count("\n") == 1
