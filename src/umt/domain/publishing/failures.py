"""The typed reason a publication (or an ad operation) failed, shown to the user per channel.

It reuses the integration's reasons where they mean the same and adds what publishing needs.
``reason_of`` classifies the typed platform errors adapters raise.
"""

from __future__ import annotations

from enum import StrEnum

from umt.domain.integration.errors import (
    ContentRejected,
    MissingScope,
    OutcomeUnknown,
    PlatformError,
    PlatformUnavailable,
    QuotaExceeded,
    RateLimited,
    Rejection,
)


class FailureReason(StrEnum):
    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - a reason code, not a secret
    MISSING_SCOPE = "missing_scope"
    RATE_LIMITED = "rate_limited"
    QUOTA_EXCEEDED = "quota_exceeded"
    REJECTED = "rejected"  # with a Rejection: validation, media, duplicate
    PLATFORM_UNAVAILABLE = "platform_unavailable"
    UNKNOWN_OUTCOME = "unknown_outcome"
    # the channel account cannot be published to: disabled (by a person, or because its
    # integration was disconnected) or gone from the platform
    ACCOUNT_UNAVAILABLE = "account_unavailable"


class AccountUnavailable(PlatformError):
    """The channel account is disabled or gone: nothing is sent to it."""

    code = "channel_account_unavailable"


def reason_of(error: PlatformError) -> tuple[FailureReason, Rejection | None]:
    """The user-facing reason for a typed platform error (and the kind of rejection)."""
    if isinstance(error, OutcomeUnknown):
        return FailureReason.UNKNOWN_OUTCOME, None
    if isinstance(error, AccountUnavailable):
        return FailureReason.ACCOUNT_UNAVAILABLE, None
    if isinstance(error, QuotaExceeded):
        return FailureReason.QUOTA_EXCEEDED, None
    if isinstance(error, RateLimited):
        return FailureReason.RATE_LIMITED, None
    if isinstance(error, PlatformUnavailable):
        return FailureReason.PLATFORM_UNAVAILABLE, None
    if isinstance(error, MissingScope):
        return FailureReason.MISSING_SCOPE, None
    if error.needs_reauth:  # expired, revoked, refused credentials
        return FailureReason.TOKEN_EXPIRED, None
    if isinstance(error, ContentRejected):
        return FailureReason.REJECTED, error.rejection
    return FailureReason.REJECTED, Rejection.VALIDATION
