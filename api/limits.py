"""Limits on what one client may send: body size and request rate.

``PROBLEMORIENTERAT_MAX_BODY_BYTES`` (default 64 KiB: the longest command is a few texts of
4,000 characters) and ``PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE`` per client address
(default 6,000; 0 turns the limit off).
"""

from __future__ import annotations

import os

from litestar.middleware.rate_limit import RateLimitConfig

DEFAULT_MAX_BODY_BYTES = 64 * 1024
DEFAULT_RATE_PER_MINUTE = 6000


def max_body_bytes() -> int:
    return int(os.environ.get("PROBLEMORIENTERAT_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


def rate_limit() -> RateLimitConfig | None:
    per_minute = int(
        os.environ.get("PROBLEMORIENTERAT_RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_PER_MINUTE)
    )
    if per_minute <= 0:
        return None
    return RateLimitConfig(rate_limit=("minute", per_minute), exclude=["/health", "/ready"])
