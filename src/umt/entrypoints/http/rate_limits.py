"""Rate limits on the API, shared by every instance through the RateLimiter port.

Who is counted: the user of a valid bearer token; an API key (``umt_...``) by its public id, in
a bucket of its own; otherwise the client's address. The key's secret is not checked here (that
takes a database read, done by the route): a forged key with a real public id can at worst
spend that key's allowance, which needs the public id, itself never published. Sign-in
routes (``/api/v1/auth/*``) are counted per address with a stricter limit whoever calls, so
password guessing is slow however many accounts are tried. The routes that redeem a refresh
token instead of a password (refresh and logout, the web app's and the API's) are not: a
256-bit token cannot be guessed, and a web app refreshing on every page load, from an office
behind one address, would otherwise be signed out by its own colleagues' reloads; they count
as any anonymous call from the address. Every limited response carries
``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset``; a refusal is a 429
problem with ``Retry-After``. If the limiter's store is down, requests pass (and a warning is
logged): availability over strictness for a limiter.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from umt.application.identity.api_key_secrets import split_api_key
from umt.domain.shared.errors import AuthenticationFailed
from umt.entrypoints.http.forwarded import client_address
from umt.entrypoints.http.idempotency import send_problem
from umt.ports.access_tokens import AccessTokens
from umt.ports.errors import StorageUnavailable
from umt.ports.rate_limiter import RateDecision, RateLimiter

log = logging.getLogger("umt.http")
LIMITED_PREFIX = "/api/"
SIGN_IN_PREFIX = "/api/v1/auth/"
TOKEN_REDEMPTIONS = frozenset(
    {
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/session/refresh",
        "/api/v1/auth/session/logout",
    }
)


@dataclass(frozen=True, slots=True)
class RateRules:
    sign_in_per_address: int = 20
    per_user: int = 1200
    per_anonymous_address: int = 300
    per_api_key: int = 1200
    period_seconds: float = 60.0


def _headers(decision: RateDecision) -> list[tuple[bytes, bytes]]:
    return [
        (b"ratelimit-limit", str(decision.limit).encode()),
        (b"ratelimit-remaining", str(decision.remaining).encode()),
        (b"ratelimit-reset", str(math.ceil(decision.reset_seconds)).encode()),
    ]


def rate_limit_middleware(rules: RateRules) -> type:
    """The middleware; the limiter and the token verifier are taken from ``app.state``
    (``rate_limiter``, ``access_tokens``), set when the app starts. No limiter: no limits."""

    class RateLimits:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            path = scope["path"]
            state = scope["app"].state
            limiter: RateLimiter | None = getattr(state, "rate_limiter", None)
            if (
                limiter is None
                or scope["type"] != ScopeType.HTTP
                or not path.startswith(LIMITED_PREFIX)
            ):
                await self.app(scope, receive, send)
                return
            key, limit = self._key(scope, path, state.access_tokens)
            try:
                decision = await limiter.hit(key, limit=limit, period_seconds=rules.period_seconds)
            except StorageUnavailable:
                log.warning("rate limiter unavailable; request let through")
                await self.app(scope, receive, send)
                return
            extra = _headers(decision)
            if not decision.allowed:
                retry = str(max(1, math.ceil(decision.retry_after_seconds))).encode()
                await send_problem(
                    scope,
                    send,
                    429,
                    "rate_limited",
                    f"too many requests; retry in {retry.decode()} s",
                    extra_headers=[*extra, (b"retry-after", retry)],
                )
                return

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", ()), *extra]
                await send(message)

            await self.app(scope, receive, send_with_headers)

        @staticmethod
        def _key(scope: Scope, path: str, tokens: AccessTokens) -> tuple[str, int]:
            address = client_address(scope) or "unknown"  # the edge resolved any proxies
            if path.startswith(SIGN_IN_PREFIX) and path.rstrip("/") not in TOKEN_REDEMPTIONS:
                return f"sign-in:{address}", rules.sign_in_per_address
            for name, value in scope.get("headers", ()):
                if name == b"authorization":
                    scheme, _, token = value.decode("latin-1").partition(" ")
                    if scheme.lower() == "bearer" and token.strip():
                        parts = split_api_key(token.strip())
                        if parts is not None:
                            return f"api-key:{parts[0]}", rules.per_api_key
                        try:
                            claims = tokens.verify(token.strip())
                        except AuthenticationFailed:
                            break  # counted by address; the route answers 401 itself
                        return f"user:{claims.user_id}", rules.per_user
                    break
            return f"address:{address}", rules.per_anonymous_address

    return RateLimits
