"""The container image and the compose file (docs/deployment.md), checked without a container
engine: hadolint lints the Containerfile; the compose file's structure, its settings (each a
real setting, parsed the way the app parses them) and its secrets are checked in Python."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from problemorienterat.config import Settings

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = ROOT / "Containerfile"
DEPLOY = ROOT / "deploy"


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def _instructions() -> list[tuple[str, str]]:
    """The Containerfile's instructions (continuation lines joined, comments left out)."""
    text = re.sub(r"\\\n", " ", CONTAINERFILE.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            word, _, rest = stripped.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def test_hadolint_finds_nothing_in_the_containerfile() -> None:
    hadolint = Path(sys.executable).with_name("hadolint")
    if not hadolint.exists():
        hadolint = Path(shutil.which("hadolint") or "hadolint")
    done = subprocess.run(  # noqa: S603 - the linter on our own file
        [str(hadolint), "--failure-threshold", "info", str(CONTAINERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_is_built_in_two_stages_and_runs_serve_workers_unprivileged() -> None:
    instructions = _instructions()
    stages = [rest for word, rest in instructions if word == "FROM"]
    assert len(stages) == 2
    final = instructions[max(i for i, (w, _) in enumerate(instructions) if w == "FROM") :]
    users = [rest for word, rest in final if word == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    assert ("ENTRYPOINT", '["problemorienterat"]') in final
    (command,) = [rest for word, rest in final if word == "CMD"]
    assert command.startswith('["serve"')
    assert '"--workers"' in command
    assert any(word == "HEALTHCHECK" and "/health" in rest for word, rest in final)
    for word, rest in instructions:
        if word == "COPY" and not rest.startswith("--from"):
            for source in rest.split()[:-1]:
                assert (ROOT / source).exists(), source


def test_compose_runs_postgres_the_workers_the_projection_worker_and_a_proxy() -> None:
    services = _compose()["services"]
    assert set(services) == {"postgres", "app", "projections", "proxy"}
    command = services["app"]["command"]
    assert command[0] == "serve"
    assert int(command[command.index("--workers") + 1]) > 1
    assert "--no-projector" in command  # the projections service keeps the views
    assert services["projections"]["command"] == ["project"]
    for name in ("app", "projections"):
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy app:8000" in caddyfile
    assert re.search(r"@internal path /metrics .*/health/status", caddyfile)
    assert "respond @internal 404" in caddyfile
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]


def test_every_secret_is_a_file_and_none_is_in_the_environment() -> None:
    compose = _compose()
    declared = compose["secrets"]
    script = (DEPLOY / "make-secrets.sh").read_text(encoding="utf-8")
    for name, source in declared.items():
        assert source["file"] == f"./secrets/{name}"
        assert re.search(rf"^secret {name} ", script, re.MULTILINE), f"make-secrets.sh: {name}"
    for service in compose["services"].values():
        environment = service.get("environment", {})
        for key, value in environment.items():
            assert not re.search(r"(PASSWORD|SECRET|KEY|TOKEN)$", key) or key.endswith("_FILE")
            if key.endswith("_FILE"):
                name = str(value).removeprefix("/run/secrets/")
                assert name in service["secrets"], key
                assert name in declared, key
    assert "secrets/" in (DEPLOY / ".gitignore").read_text(encoding="utf-8")


def test_the_apps_settings_are_real_settings_and_parse_as_production_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every PROBLEMORIENTERAT_* in the compose file is a setting the app knows; read with the
    secrets in place, they give Secure cookies, the proxy believed, keys from files."""
    compose = _compose()
    app = compose["services"]["app"]
    environment: dict[str, str] = app["environment"]
    known = {f"PROBLEMORIENTERAT_{name.upper()}" for name in Settings.model_fields}
    assert set(environment) <= known, set(environment) - known
    for name in compose["secrets"]:
        (tmp_path / name).write_text(
            "postgresql://po:pw@postgres:5432/po\n" if name == "database_url" else "x\n"
        )
    for key, given in environment.items():
        value = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", str(given))  # the compose default
        monkeypatch.setenv(key, value.replace("/run/secrets/", f"{tmp_path}/"))
    settings = Settings()
    assert settings.is_postgres
    assert settings.resolved_database_url == "postgresql://po:pw@postgres:5432/po"
    assert settings.session_cookie_secure is True
    assert settings.projections_in_process is False
    assert settings.encryption_key_file == tmp_path / "encryption_key"
    assert settings.metrics_token() == "x"
    proxy_address = compose["services"]["proxy"]["networks"]["internal"]["ipv4_address"]
    assert settings.trusted_proxy_list == [proxy_address]
