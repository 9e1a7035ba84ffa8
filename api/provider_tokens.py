"""Access tokens issued by a configured OpenID Provider, accepted by the API beside its own
bearer tokens.

A token in JWT form names its issuer; only a configured provider's issuer is considered.
joserfc (authlib's JOSE library) checks the signature against the keys the provider
publishes (its ``jwks_uri``, found through ``/.well-known/openid-configuration``), and the
issuer, the audience (the provider's ``audience``, by default its client id) and the
expiry. The keys are kept for an hour; a token naming a key not among them has them fetched
again (at most once a minute per provider). The user is the one linked to the token's
subject at that issuer (by their first sign-in in the web, or registered by an
administrator); a revoked user is refused as at the web.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from problemorienterat.config import OidcProvider

_KEYS_KEPT_SECONDS = 3600.0
_REFETCH_AT_MOST_EVERY_SECONDS = 60.0
_LEEWAY_SECONDS = 60
_TIMEOUT_SECONDS = 10.0
_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
MAX_JWT_LENGTH = 8192


@dataclass(frozen=True)
class ProviderSubject:
    """Who a valid access token speaks for: the provider's issuer and the subject there."""

    issuer: str
    subject: str


@dataclass
class _Keys:
    key_set: KeySet
    fetched_at: float


@dataclass
class ProviderTokens:
    """The configured providers' access tokens: validated, keys cached per provider."""

    providers: tuple[OidcProvider, ...]
    _keys: dict[str, _Keys] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def subject_of(self, token: str) -> ProviderSubject | None:
        """The issuer and subject of a valid access token of a configured provider, else
        None (not a JWT, another issuer, bad signature, wrong audience, expired)."""
        for provider in self._providers_named_in(token):
            try:
                keys = self._key_set(provider, refresh=False)
                try:
                    decoded = jwt.decode(token, keys, algorithms=list(_ALGORITHMS))
                except JoseError:
                    keys = self._key_set(provider, refresh=True)  # a key rotated in, perhaps
                    decoded = jwt.decode(token, keys, algorithms=list(_ALGORITHMS))
                JWTClaimsRegistry(
                    leeway=_LEEWAY_SECONDS,
                    iss={"essential": True, "value": provider.issuer},
                    aud={"essential": True, "value": provider.audience or provider.client_id},
                    exp={"essential": True},
                    sub={"essential": True},
                ).validate(decoded.claims)
            except (JoseError, httpx.HTTPError, ValueError, KeyError, TypeError):
                continue
            subject = decoded.claims.get("sub")
            if isinstance(subject, str) and subject:
                return ProviderSubject(provider.issuer, subject)
        return None

    def _providers_named_in(self, token: str) -> list[OidcProvider]:
        """The configured providers of the issuer the (not yet verified) token names."""
        parts = token.split(".")
        if len(parts) != 3 or len(token) > MAX_JWT_LENGTH:
            return []
        try:
            payload: Any = json.loads(
                base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
            )
        except ValueError:
            return []
        issuer = payload.get("iss") if isinstance(payload, dict) else None
        return [p for p in self.providers if p.issuer == issuer]

    def _key_set(self, provider: OidcProvider, *, refresh: bool) -> KeySet:
        with self._lock:
            cached = self._keys.get(provider.id)
            now = time.monotonic()
            if cached is not None:
                age = now - cached.fetched_at
                if age < _KEYS_KEPT_SECONDS and (
                    not refresh or age < _REFETCH_AT_MOST_EVERY_SECONDS
                ):
                    return cached.key_set
            key_set = _published_keys(provider)
            self._keys[provider.id] = _Keys(key_set, now)
            return key_set


def _published_keys(provider: OidcProvider) -> KeySet:
    """The provider's signing keys, from the ``jwks_uri`` of its discovery document."""
    discovery = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    with httpx.Client(timeout=_TIMEOUT_SECONDS) as client:
        metadata = client.get(discovery).raise_for_status().json()
        if metadata.get("issuer") != provider.issuer:
            raise ValueError("the discovery document names another issuer")
        jwks = client.get(metadata["jwks_uri"]).raise_for_status().json()
    return KeySet.import_key_set(jwks)
