from __future__ import annotations

import pytest

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
)
from umt.domain.publishing.failures import FailureReason, reason_of


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OutcomeUnknown("504", platform="x"), (FailureReason.UNKNOWN_OUTCOME, None)),
        (PlatformUnavailable("refused", platform="x"), (FailureReason.PLATFORM_UNAVAILABLE, None)),
        (RateLimited("429", platform="x"), (FailureReason.RATE_LIMITED, None)),
        (QuotaExceeded("50/24h", platform="meta"), (FailureReason.QUOTA_EXCEEDED, None)),
        (TokenExpired("190", platform="meta"), (FailureReason.TOKEN_EXPIRED, None)),
        (InvalidCredentials("401", platform="wordpress"), (FailureReason.TOKEN_EXPIRED, None)),
        (MissingScope("scope", platform="linkedin"), (FailureReason.MISSING_SCOPE, None)),
        (
            ContentRejected("dup", platform="x", rejection=Rejection.DUPLICATE),
            (FailureReason.REJECTED, Rejection.DUPLICATE),
        ),
        (PlatformRejected("400", platform="x"), (FailureReason.REJECTED, Rejection.VALIDATION)),
    ],
)
def test_each_typed_platform_error_has_one_user_facing_reason(
    error: PlatformError, expected: tuple[FailureReason, Rejection | None]
) -> None:
    assert reason_of(error) == expected


def test_an_unknown_outcome_is_retryable_only_after_reconciling() -> None:
    # it is a PlatformUnavailable (retryable) so generic code waits, but its reason differs
    error = OutcomeUnknown("timeout after send", platform="x")
    assert error.retryable
    assert isinstance(error, PlatformUnavailable)
