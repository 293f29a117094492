"""HubSpot's error payloads onto the typed platform errors.

API errors are ``{"status": "error", "message", "correlationId", "category", "errors": [...]}``
where ``category`` names the kind (``EXPIRED_AUTHENTICATION``, ``INVALID_AUTHENTICATION``,
``MISSING_SCOPES``, ``RATE_LIMITS``, ``VALIDATION_ERROR``, ...). The OAuth token endpoint puts
its own code in ``status`` instead (``BAD_AUTH_CODE``, ``BAD_REFRESH_TOKEN``,
``BAD_CLIENT_ID``, ``BAD_REDIRECT_URI``, ...).
"""

from __future__ import annotations

from typing import Any

import httpx

from umt.adapters.platforms.http import retry_after_seconds, short_text
from umt.adapters.platforms.oauth2 import oauth_error
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
    RateLimited,
    TokenExpired,
    TokenRevoked,
)

PLATFORM = "hubspot"
MILLISECONDS = 1000.0


def _message(response: httpx.Response, body: dict[str, Any]) -> str:
    return short_text(body.get("message") or body.get("category") or response.status_code)


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After when sent; else the rate-limit window HubSpot names in its headers."""
    seconds = retry_after_seconds(response)
    if seconds is not None:
        return seconds
    window = response.headers.get("x-hubspot-ratelimit-interval-milliseconds", "")
    return int(window) / MILLISECONDS if window.isdigit() else None


def classify_hubspot(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """An API error response (not the token endpoint's) onto the typed errors."""
    status = response.status_code
    category = str(body.get("category", ""))
    message = f"hubspot: {_message(response, body)}"
    if category == "RATE_LIMITS" or status == httpx.codes.TOO_MANY_REQUESTS:
        return RateLimited(
            message, platform=PLATFORM, status=status, retry_after_seconds=_retry_after(response)
        )
    if category in {"EXPIRED_AUTHENTICATION", "INVALID_AUTHENTICATION"} or (
        status == httpx.codes.UNAUTHORIZED
    ):
        # An access token HubSpot does not accept: a refresh is the next step either way, and
        # the refresh says whether the grant itself is gone.
        return TokenExpired(message, platform=PLATFORM, status=status)
    if category == "MISSING_SCOPES" or status == httpx.codes.FORBIDDEN:
        return MissingScope(message, platform=PLATFORM, status=status)
    return None


def classify_hubspot_token(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """The token endpoint's errors (its own ``status`` codes, else RFC 6749 ones)."""
    status = response.status_code
    if status == httpx.codes.TOO_MANY_REQUESTS or status >= httpx.codes.INTERNAL_SERVER_ERROR:
        return None
    code = str(body.get("status", ""))
    message = f"hubspot token endpoint: {_message(response, body)}"
    if code == "BAD_REFRESH_TOKEN":
        return TokenRevoked(message, platform=PLATFORM, status=status)
    if code in {"BAD_AUTH_CODE", "EXPIRED_AUTH_CODE"}:
        return TokenExpired(message, platform=PLATFORM, status=status)
    if "CLIENT" in code:
        return InvalidCredentials(message, platform=PLATFORM, status=status)
    if code.startswith(("BAD_", "MISMATCH_")):
        return PlatformRejected(message, platform=PLATFORM, status=status)
    return oauth_error(PLATFORM, response, body)
