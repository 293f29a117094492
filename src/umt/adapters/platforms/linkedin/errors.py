"""LinkedIn's error answers as typed platform errors.

Errors (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling):
``{"serviceErrorCode", "message", "status"}``.

===========================  ==================================================================
answer                       typed error
===========================  ==================================================================
401, message "revoked"       TokenRevoked (the member withdrew the app)
401 other                    TokenExpired (expired, invalid or empty token)
403                          MissingScope ("Not enough permissions to access ...")
429                          RateLimited: ``Retry-After`` when sent, else until midnight UTC
                             (daily limits reset then; LinkedIn sends no rate-limit headers,
                             https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits)
426                          ApiVersionRetired (``LinkedIn-Version`` names a sunset version)
422 "duplicate"              ContentRejected DUPLICATE ("Content is a duplicate of urn:li:…")
5xx                          PlatformUnavailable (OutcomeUnknown for a write)
token endpoint               RFC 6749 ``{"error", "error_description"}`` (shared mapping)
===========================  ==================================================================
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from umt.adapters.platforms.http import retry_after_seconds, short_text
from umt.adapters.platforms.oauth_connector import Clock, utc_now
from umt.domain.integration.errors import (
    ContentRejected,
    MissingScope,
    PlatformError,
    PlatformRejected,
    RateLimited,
    Rejection,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import Platform

PLATFORM = Platform.LINKEDIN.value


class ApiVersionRetired(PlatformRejected):
    """LinkedIn answered 426: the ``LinkedIn-Version`` umt sent is sunset. Nothing was done;
    only a configuration change (the connector's ``api_version`` option) helps."""

    code = "platform_api_version_retired"


def seconds_until_midnight_utc(now: datetime) -> float:
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


def linkedin_error(
    response: httpx.Response, body: dict[str, Any], *, now: Clock = utc_now
) -> PlatformError | None:
    """The typed error for a LinkedIn API answer (None: the generic mapping)."""
    status = response.status_code
    message = short_text(body.get("message") or body.get("error_description") or status)
    code = body.get("serviceErrorCode")
    text = f"{PLATFORM} refused the request ({status}, {code}): {message}"
    if status == httpx.codes.UNAUTHORIZED:
        error_type = TokenRevoked if "revoked" in message.lower() else TokenExpired
        return error_type(text, platform=PLATFORM, status=status)
    if status == httpx.codes.FORBIDDEN:
        return MissingScope(text, platform=PLATFORM, status=status)
    if status == httpx.codes.UPGRADE_REQUIRED:
        return ApiVersionRetired(
            f"{text} (set the linkedin api_version option to a version LinkedIn still serves)",
            platform=PLATFORM,
            status=status,
        )
    if status == httpx.codes.UNPROCESSABLE_ENTITY and "duplicate" in message.lower():
        return ContentRejected(
            text, platform=PLATFORM, rejection=Rejection.DUPLICATE, status=status
        )
    if status == httpx.codes.TOO_MANY_REQUESTS:
        wait = retry_after_seconds(response)
        return RateLimited(
            text,
            platform=PLATFORM,
            retry_after_seconds=wait if wait is not None else seconds_until_midnight_utc(now()),
        )
    return None
