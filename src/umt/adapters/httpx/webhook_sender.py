"""The httpx WebhookSender: one POST with timeouts, no redirects, and an SSRF guard.

The host is resolved here and every address it resolves to must be public (unless private
addresses are allowed); the request then goes to the checked address itself, with the name
kept in ``Host`` and as the TLS server name (SNI and certificate check), so a name that
resolves differently a moment later (DNS rebinding) cannot slip an internal address in.
Redirects are not followed: a 3xx is a failed attempt, never a second, unchecked request.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import httpx

from umt.domain.integration.deliveries import RESPONSE_EXCERPT_BYTES, AttemptResult
from umt.domain.integration.webhooks import address_is_public
from umt.ports.webhook_sender import WebhookSender

_DEFAULT_PORTS = {"http": 80, "https": 443}


class HttpxWebhookSender(WebhookSender):
    def __init__(
        self,
        *,
        timeout_seconds: float = 10.0,
        allow_private: bool = False,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._allow_private = allow_private
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> AttemptResult:
        started = time.perf_counter()

        def failed(error: str) -> AttemptResult:
            return AttemptResult(None, _elapsed_ms(started), error=error)

        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            return failed("refused: only absolute http(s) URLs are delivered to")
        host = parts.hostname
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except OSError:
            return failed("the host name could not be resolved")
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not addresses:
            return failed("the host name could not be resolved")
        if not self._allow_private and not all(address_is_public(a) for a in addresses):
            return failed("refused: the host resolves to a private, loopback or local address")
        address = addresses[0]
        literal = f"[{address}]" if ":" in address else address
        target = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
        request_headers = {**headers, "host": parts.netloc.rpartition("@")[2]}
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        try:
            async with self._client.stream(
                "POST", target, content=body, headers=request_headers, extensions=extensions
            ) as response:
                excerpt = await _excerpt(response)
                return AttemptResult(
                    response.status_code,
                    _elapsed_ms(started),
                    response_excerpt=excerpt,
                    retry_after_seconds=retry_after(response.headers.get("retry-after")),
                )
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
