"""Refusals of the metrics context (each answered as a 4xx problem)."""

from __future__ import annotations

from umt.domain.shared.errors import Conflict, DomainError


class MetricsUnsupported(Conflict):
    """The account's platform reports no metrics here (its connector is not a metric source,
    or the platform is not configured in this deployment)."""

    code = "metrics_unsupported"


class ChannelAccountInactive(Conflict):
    """The account is disabled or gone: nothing is synced for it."""

    code = "channel_account_inactive"


class SyncRateLimited(DomainError):
    """The platform asked us to wait: the account can be synced again in
    ``retry_after_seconds``."""

    code = "metrics_sync_rate_limited"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
