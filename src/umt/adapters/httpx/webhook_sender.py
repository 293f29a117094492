"""The httpx WebhookSender: one POST with timeouts, no redirects, through the egress guard.

The client is ``egress.guarded_client``: the host is resolved once, every address must be
public (unless private addresses are allowed) and the socket connects to the checked address
with the name kept in ``Host`` and as the TLS server name, so DNS rebinding cannot slip an
internal address in. Redirects are not followed: a 3xx is a failed attempt, never a second,
unchecked request.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from umt.adapters.httpx.egress import DEFAULT_LIMITS, guarded_client
from umt.domain.integration.deliveries import RESPONSE_EXCERPT_BYTES, AttemptResult
from umt.domain.shared.network import NetworkPolicy, UnsafeDestination
from umt.ports.webhook_sender import WebhookSender


class HttpxWebhookSender(WebhookSender):
    def __init__(
        self,
        *,
        timeout_seconds: float = 10.0,
        allow_private: bool = False,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """``client`` replaces the guarded client (tests give one with a fake resolver);
        it must come from ``egress.guarded_client`` to keep the SSRF guard."""
        self._client = client or guarded_client(
            NetworkPolicy(allow_private=allow_private),
            timeout=httpx.Timeout(timeout_seconds),
            limits=DEFAULT_LIMITS,
        )

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> AttemptResult:
        started = time.perf_counter()

        def failed(error: str) -> AttemptResult:
            return AttemptResult(None, _elapsed_ms(started), error=error)

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return failed("refused: only absolute http(s) URLs are delivered to")
        try:
            async with self._client.stream("POST", url, content=body, headers=headers) as response:
                excerpt = await _excerpt(response)
                return AttemptResult(
                    response.status_code,
                    _elapsed_ms(started),
                    response_excerpt=excerpt,
                    retry_after_seconds=retry_after(response.headers.get("retry-after")),
                )
        except UnsafeDestination as exc:
            return failed(f"refused: {exc.message}")
        except httpx.InvalidURL as exc:  # httpx reads the URL more strictly than a browser
            return failed(f"refused: {str(exc)[:200]}")
        except httpx.TimeoutException:
            return failed("timed out")
        except httpx.HTTPError as exc:
            return failed(f"{type(exc).__name__}: {str(exc)[:200]}")

    async def close(self) -> None:
        await self._client.aclose()


async def _excerpt(response: httpx.Response) -> str:
    """The start of the response body (enough to debug, never the whole of a large one)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= RESPONSE_EXCERPT_BYTES:
            break
    return b"".join(chunks)[:RESPONSE_EXCERPT_BYTES].decode("utf-8", errors="replace")


def retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _elapsed_ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
