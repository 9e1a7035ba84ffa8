"""The sign-in settings: providers (a JSON list) and whether the web takes tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from problemorienterat.config import Settings

KOMMUN = {
    "id": "kommun",
    "name": "Kungsörs kommun",
    "issuer": "https://login.kungsor.example",
    "client_id": "po",
}


def test_providers_are_read_from_a_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROBLEMORIENTERAT_OIDC_PROVIDERS", json.dumps([KOMMUN]))
    settings = Settings()
    provider = settings.oidc_provider("kommun")
    assert provider is not None
    assert provider.name == "Kungsörs kommun"
    assert provider.scopes[0] == "openid"
    assert provider.user_claim == "email"
    assert settings.oidc_provider("polisen") is None


def test_token_login_is_on_only_while_no_provider_is_configured(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).token_login_enabled
    assert not Settings(data_dir=tmp_path, oidc_providers=[KOMMUN]).token_login_enabled
    turned_on = Settings(data_dir=tmp_path, oidc_providers=[KOMMUN], token_login=True)
    assert turned_on.token_login_enabled
    assert not Settings(data_dir=tmp_path, token_login=False).token_login_enabled


def test_openid_is_always_asked_for() -> None:
    settings = Settings(oidc_providers=[KOMMUN | {"scopes": ["email"]}])
    assert settings.oidc_providers[0].scopes == ("openid", "email")


@pytest.mark.parametrize(
    "wrong",
    [
        [KOMMUN, KOMMUN],  # the same id twice
        [KOMMUN | {"id": "Kommun med mellanslag"}],
        [KOMMUN | {"issuer": "login.kungsor.example"}],
        [KOMMUN | {"unknown_field": 1}],
    ],
)
def test_a_wrong_provider_list_is_refused(wrong: list[dict[str, object]]) -> None:
    with pytest.raises(ValidationError):
        Settings(oidc_providers=wrong)


def test_the_client_secret_comes_from_its_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("s3cret\n", encoding="utf-8")
    provider = Settings(oidc_providers=[KOMMUN | {"client_secret_file": str(secret_file)}])
    assert provider.oidc_providers[0].secret() == "s3cret"
