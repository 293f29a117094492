"""What every HTTP platform adapter shares: one client, and failures mapped onto typed errors.

A platform adapter never lets an ``httpx`` exception or a raw status code escape: a
destination the egress guard refuses becomes ``AddressRefused``; transport failures become
``PlatformUnavailable``; 429 becomes ``RateLimited`` with the platform's
Retry-After; 5xx becomes ``PlatformUnavailable``; the rest goes through the adapter's own
``classify`` (each platform documents its error payloads differently). Error messages carry the
platform's error text, never a request's credentials.

A *write* (``send(..., write=True)``: a publish, a delete, an upload that creates something) is
classified by whether the request may have taken effect: a failure before the request left the
process (the egress guard, a refused connection, a connect or pool timeout) is still
``PlatformUnavailable`` (nothing happened, a retry is safe), but a timeout after sending, a
dropped connection, a 5xx or a gateway's 504 become ``OutcomeUnknown``: the caller reconciles
before any retry.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from umt.domain.integration.errors import (
    AddressRefused,
    OutcomeUnknown,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    RateLimited,
)
from umt.domain.shared.network import UnsafeDestination

# The shared client's settings; the composition root builds it through the egress guard
# (adapters/httpx/egress.py), which also refuses redirects and internal addresses.
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
CLIENT_HEADERS = {"user-agent": "umt-platform-connector"}
MAX_ERROR_TEXT = 300


def retry_after_seconds(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """The Retry-After header as seconds (RFC 9110: delta-seconds or an HTTP date)."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def json_or_empty(response: httpx.Response) -> dict[str, Any]:
    """The response body as a JSON object, or {} when it is not one (an HTML error page)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {"data": body}


def short_text(value: object) -> str:
    """A platform's error text, bounded: it goes into messages and logs."""
    return str(value)[:MAX_ERROR_TEXT]


# httpx failures that happen before a request is written: nothing reached the platform.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


# A platform's own classification of a non-2xx answer: a typed error, or None for "generic".
Classifier = Callable[[httpx.Response, dict[str, Any]], PlatformError | None]


@dataclass(frozen=True, slots=True)
class PlatformHttp:
    """A thin, typed-error wrapper over one shared ``httpx.AsyncClient`` for one platform."""

    platform: str
    client: httpx.AsyncClient
    classify: Classifier

    async def send(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        json: Any = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        classify: Classifier | None = None,
        write: bool = False,
        content: bytes | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> httpx.Response:
        """Send one request; a 2xx response is returned, anything else raises a typed error
        (``classify`` overrides the platform's own classifier, e.g. for its token endpoint).

        ``write=True`` marks a request that changes something on the platform: failures that
        may have happened after it took effect raise ``OutcomeUnknown`` (see the module
        docstring). ``content`` sends raw bytes, ``files`` a multipart form (uploads)."""
        try:
            response = await self.client.request(
                method,
                url,
                headers=headers,
                params=params,
                data=data,
                json=json,
                auth=auth,
                content=content,
                files=files,
            )
        except UnsafeDestination as exc:
            raise AddressRefused(
                f"{self.platform} address refused: {exc.message}", platform=self.platform
            ) from None
        except NOT_SENT as exc:
            raise PlatformUnavailable(
                f"{self.platform} is unreachable ({type(exc).__name__})", platform=self.platform
            ) from None
        except httpx.TimeoutException as exc:
            if write:
                raise OutcomeUnknown(
                    f"{self.platform} did not answer in time after the request was sent",
                    platform=self.platform,
                ) from None
            raise PlatformUnavailable(
                f"{self.platform} did not answer in time", platform=self.platform
            ) from exc
        except httpx.HTTPError as exc:
            # The exception text may hold the URL with query parameters: keep only its type.
            if write:
                raise OutcomeUnknown(
                    f"{self.platform} dropped the connection after the request was sent "
                    f"({type(exc).__name__})",
                    platform=self.platform,
                ) from None
            raise PlatformUnavailable(
                f"{self.platform} is unreachable ({type(exc).__name__})", platform=self.platform
            ) from None
        if response.is_success:
            return response
        error = self.error_for(response, classify or self.classify)
        if (
            write
            and isinstance(error, PlatformUnavailable)
            and not isinstance(error, OutcomeUnknown)
        ):
            # A server error answered a write: it may have been applied before the failure.
            raise OutcomeUnknown(
                f"{error.message}; the write may have taken effect",
                platform=self.platform,
                status=response.status_code,
            )
        raise error

    def error_for(
        self, response: httpx.Response, classify: Classifier | None = None
    ) -> PlatformError:
        """The typed error for a non-2xx response."""
        body = json_or_empty(response)
        specific = (classify or self.classify)(response, body)
        if specific is not None:
            return specific
        status = response.status_code
        if status == httpx.codes.TOO_MANY_REQUESTS:
            return RateLimited(
                f"{self.platform} rate limit reached",
                platform=self.platform,
                retry_after_seconds=retry_after_seconds(response),
            )
        if status >= httpx.codes.INTERNAL_SERVER_ERROR:
            return PlatformUnavailable(
                f"{self.platform} answered {status}", platform=self.platform, status=status
            )
        return PlatformRejected(
            f"{self.platform} refused the request ({status})",
            platform=self.platform,
            status=status,
        )
