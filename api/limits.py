"""Limits on what one client may send: body size and request rate (see :class:`Settings`)."""

from __future__ import annotations

from litestar.middleware.rate_limit import RateLimitConfig

from problemorienterat.config import Settings


def rate_limit(settings: Settings) -> RateLimitConfig | None:
    """``RATE_LIMIT_PER_MINUTE`` per client address; None when it is 0 or less (off)."""
    per_minute = settings.rate_limit_per_minute
    if per_minute <= 0:
        return None
    return RateLimitConfig(rate_limit=("minute", per_minute), exclude=["/health", "/ready"])
