"""The sandbox network's refusals as the typed platform errors of
``umt.domain.integration.errors`` (the table is in docs/sandbox.md)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from umt.adapters.platforms.sandbox import errors as sandbox
from umt.domain.integration.errors import (
    ContentRejected,
    InvalidCredentials,
    MissingScope,
    OutcomeUnknown,
    PlatformError,
    PlatformRejected,
    PlatformUnavailable,
    QuotaExceeded,
    RateLimited,
    Rejection,
    TokenExpired,
    TokenRevoked,
)
from umt.domain.integration.platforms import Platform

PLATFORM = Platform.SANDBOX.value
T = TypeVar("T")


def to_platform_error(exc: sandbox.SandboxError) -> PlatformError:
    """The typed platform error of a sandbox refusal."""
    message, status = exc.message, exc.status
    if isinstance(exc, sandbox.ResponseLost):  # the effect may exist: reconcile, never retry
        return OutcomeUnknown(message, platform=PLATFORM, status=status)
    if isinstance(exc, sandbox.TokenExpired):
        return TokenExpired(message, platform=PLATFORM, status=status)
    if isinstance(exc, sandbox.TokenRevoked | sandbox.InvalidToken):
        # a token the network no longer knows works no better than a revoked one
        return TokenRevoked(message, platform=PLATFORM, status=status)
    if isinstance(exc, sandbox.InsufficientScope):
        return MissingScope(message, platform=PLATFORM, status=status)
    if isinstance(exc, sandbox.RateLimited):
        return RateLimited(
            message, platform=PLATFORM, status=status, retry_after_seconds=exc.retry_after_seconds
        )
    if isinstance(exc, sandbox.QuotaExhausted):
        return QuotaExceeded(
            message, platform=PLATFORM, status=status, retry_after_seconds=exc.retry_after_seconds
        )
    if isinstance(exc, sandbox.DuplicateContent):
        return ContentRejected(
            message, platform=PLATFORM, rejection=Rejection.DUPLICATE, status=status
        )
    if isinstance(exc, sandbox.Unavailable):
        return PlatformUnavailable(message, platform=PLATFORM, status=status)
    if isinstance(exc, sandbox.InvalidClient):
        return InvalidCredentials(message, platform=PLATFORM, status=status)
    return PlatformRejected(message, platform=PLATFORM, status=status)


async def mapped(call: Awaitable[T]) -> T:
    """Await a network call, raising its failure as a typed platform error."""
    try:
        return await call
    except sandbox.SandboxError as exc:
        raise to_platform_error(exc) from exc
