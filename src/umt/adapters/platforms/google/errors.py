"""Google's API error model onto the typed platform errors.

Every Google REST API answers a failure with a google.rpc.Status:
``{"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED", "details": [...]}}``.
``details`` holds typed messages: ``google.rpc.ErrorInfo`` (``reason`` such as
``ACCESS_TOKEN_SCOPE_INSUFFICIENT`` or ``SERVICE_DISABLED``), ``google.rpc.RetryInfo``
(``retryDelay: "30s"``), and in the Google Ads API a ``GoogleAdsFailure`` whose ``errors``
each carry an ``errorCode`` such as ``{"authenticationError": "OAUTH_TOKEN_EXPIRED"}`` or
``{"quotaError": "RESOURCE_EXHAUSTED"}`` (with ``details.quotaErrorDetails.retryDelay``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from umt.adapters.platforms.http import retry_after_seconds, short_text
from umt.domain.integration.errors import (
    MissingScope,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
    TokenExpired,
    TokenRevoked,
)

# Reasons and error codes that say the token itself is gone rather than merely expired.
REVOKED = frozenset({"OAUTH_TOKEN_REVOKED", "OAUTH_TOKEN_DISABLED", "GOOGLE_ACCOUNT_DELETED"})
# Refusals that no new consent of the user fixes: the app's own setup (developer token,
# Cloud project, API not enabled) or an account that has no access to the product.
APP_SETUP = frozenset(
    {
        "DEVELOPER_TOKEN_NOT_APPROVED",
        "DEVELOPER_TOKEN_PROHIBITED",
        "DEVELOPER_TOKEN_NOT_ON_ALLOWLIST",
        "DEVELOPER_TOKEN_PARAMETER_MISSING",
        "DEVELOPER_TOKEN_INVALID",
        "PROJECT_DISABLED",
        "SERVICE_DISABLED",
        "API_KEY_SERVICE_BLOCKED",
        "CUSTOMER_NOT_ENABLED",
        "NOT_ADS_USER",
        "MISSING_TOS",
        "INCOMPLETE_SIGNUP",
    }
)
SCOPE = frozenset({"ACCESS_TOKEN_SCOPE_INSUFFICIENT", "USER_PERMISSION_DENIED"})


def _details(error: dict[str, Any]) -> Iterator[dict[str, Any]]:
    details = error.get("details")
    if isinstance(details, list):
        yield from (d for d in details if isinstance(d, dict))


def error_codes(error: dict[str, Any]) -> set[str]:
    """Every machine-readable reason in a Status: ErrorInfo reasons and Ads error codes."""
    codes: set[str] = set()
    for detail in _details(error):
        if isinstance(detail.get("reason"), str):
            codes.add(detail["reason"])
        for ads_error in detail.get("errors") or ():
            code = ads_error.get("errorCode") if isinstance(ads_error, dict) else None
            if isinstance(code, dict):
                codes.update(str(value) for value in code.values())
    return codes


def _seconds(duration: object) -> float | None:
    """A protobuf Duration in JSON (``"30s"``, ``"1.5s"``) as seconds."""
    if isinstance(duration, str) and duration.endswith("s"):
        try:
            return max(0.0, float(duration[:-1]))
        except ValueError:
            return None
    return None


def retry_delay(response: httpx.Response, error: dict[str, Any]) -> float | None:
    """Retry-After, else RetryInfo.retryDelay, else an Ads quota error's retryDelay."""
    header = retry_after_seconds(response)
    if header is not None:
        return header
    for detail in _details(error):
        delay = _seconds(detail.get("retryDelay"))
        if delay is not None:
            return delay
        for ads_error in detail.get("errors") or ():
            quota = (ads_error.get("details") or {}).get("quotaErrorDetails") or {}
            delay = _seconds(quota.get("retryDelay"))
            if delay is not None:
                return delay
    return None


def classify_google(
    platform: str, response: httpx.Response, body: dict[str, Any]
) -> PlatformError | None:
    """A google.rpc.Status error response onto the typed errors."""
    error = body.get("error")
    if not isinstance(error, dict):
        return None  # not a Status (an HTML error page): the generic mapping decides
    status = str(error.get("status", ""))
    http_status = response.status_code
    codes = error_codes(error)
    # Ads messages can quote request values; the first Ads error's message is more precise.
    message = short_text(error.get("message") or status or http_status)
    detail = f"{platform}: {message}"
    if codes & APP_SETUP:
        return PlatformRejected(
            f"{detail} ({', '.join(sorted(codes & APP_SETUP))})",
            platform=platform,
            status=http_status,
        )
    if status == "UNAUTHENTICATED" or http_status == httpx.codes.UNAUTHORIZED:
        error_type = TokenRevoked if codes & REVOKED else TokenExpired
        return error_type(detail, platform=platform, status=http_status)
    if status == "RESOURCE_EXHAUSTED" or http_status == httpx.codes.TOO_MANY_REQUESTS:
        return RateLimited(
            detail,
            platform=platform,
            status=http_status,
            retry_after_seconds=retry_delay(response, error),
        )
    if status == "PERMISSION_DENIED" or http_status == httpx.codes.FORBIDDEN or codes & SCOPE:
        return MissingScope(detail, platform=platform, status=http_status)
    if status in {"UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "UNKNOWN"}:
        return PlatformUnavailable(detail, platform=platform, status=http_status)
    return PlatformRejected(detail, platform=platform, status=http_status)
