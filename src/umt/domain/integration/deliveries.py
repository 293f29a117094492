"""Deliveries of events to webhook subscriptions: states, attempts and the retry policy.

A ``WebhookDelivery`` is one event for one subscription: attempted until delivered, or until
``RetryPolicy.max_attempts`` failed (a final refusal fails it at once); each attempt is kept
as a ``DeliveryAttempt``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from umt.domain.integration.webhooks import WebhookSubscription
from umt.domain.shared.errors import IllegalTransition

RESPONSE_EXCERPT_BYTES = 1024


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    DELIVERED = "delivered"  # a 2xx answered
    FAILED = "failed"  # gave up: a permanent refusal or the last attempt failed


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential back-off with full jitter: attempt n waits up to ``base * 2**(n-1)``
    (capped), or what a ``Retry-After`` asked for when that is longer (capped too)."""

    max_attempts: int = 8
    base_seconds: float = 5.0
    max_seconds: float = 3600.0

    def delay(self, attempts: int, *, jitter: float, retry_after: float | None) -> float:
        """Seconds before the attempt after ``attempts``; ``jitter`` in [0, 1)."""
        ceiling = min(self.base_seconds * 2.0 ** min(attempts - 1, 40), self.max_seconds)
        wait: float = (
            ceiling / 2 + ceiling / 2 * jitter
        )  # half fixed, half random: never a stampede
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_seconds))
        return wait


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryAttempt:
    delivery_id: UUID
    number: int
    attempted_at: datetime
    duration_ms: int
    status_code: int | None
    response_excerpt: str
    error: str | None


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """What one HTTP attempt came to, as the sender port reports it."""

    status_code: int | None  # None when no response came (network error, timeout, refusal)
    duration_ms: int
    response_excerpt: str = ""
    error: str | None = None
    retry_after_seconds: float | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def retryable(self) -> bool:
        """Network errors, timeouts, 408, 429 and 5xx; other answers are final refusals."""
        if self.status_code is None:
            return True
        return self.status_code in (408, 429) or self.status_code >= 500


@dataclass(slots=True, kw_only=True)
class WebhookDelivery:
    id: UUID
    organization_id: UUID
    subscription_id: UUID
    event_id: UUID  # the event's message id; a replay keeps it
    event_type: str
    payload: dict[str, Any]  # the body sent, as a JSON document
    # unique per subscription: the event id for fan-out (so a redelivered event makes no
    # second delivery), the new delivery's own id for a replay
    source_key: str
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime
    created_at: datetime
    updated_at: datetime
    last_status_code: int | None = None
    last_error: str | None = None
    replay_of: UUID | None = None
    attempt_log: list[DeliveryAttempt] = field(default_factory=list)

    @classmethod
    def for_event(
        cls,
        *,
        id: UUID,
        subscription: WebhookSubscription,
        event_id: UUID,
        event_type: str,
        payload: dict[str, Any],
        now: datetime,
        replay_of: UUID | None = None,
    ) -> WebhookDelivery:
        return cls(
            id=id,
            organization_id=subscription.organization_id,
            subscription_id=subscription.id,
            event_id=event_id,
            event_type=event_type,
            payload=payload,
            source_key=str(event_id) if replay_of is None else f"replay:{id}",
            next_attempt_at=now,
            created_at=now,
            updated_at=now,
            replay_of=replay_of,
        )

    def record(
        self, result: AttemptResult, *, now: datetime, policy: RetryPolicy, jitter: float
    ) -> DeliveryAttempt:
        """Account for one attempt: delivered, failed for good, or due again later."""
        if self.status is not DeliveryStatus.PENDING:
            raise IllegalTransition(f"delivery {self.id} is {self.status.value}, not pending")
        self.attempts += 1
        attempt = DeliveryAttempt(
            delivery_id=self.id,
            number=self.attempts,
            attempted_at=now,
            duration_ms=result.duration_ms,
            status_code=result.status_code,
            response_excerpt=result.response_excerpt[:RESPONSE_EXCERPT_BYTES],
            error=result.error,
        )
        self.attempt_log.append(attempt)
        self.last_status_code = result.status_code
        self.last_error = result.error
        self.updated_at = now
        if result.succeeded:
            self.status = DeliveryStatus.DELIVERED
        elif not result.retryable or self.attempts >= policy.max_attempts:
            self.status = DeliveryStatus.FAILED
        else:
            delay = policy.delay(
                self.attempts, jitter=jitter, retry_after=result.retry_after_seconds
            )
            self.next_attempt_at = now + timedelta(seconds=delay)
        return attempt

    def give_up(self, reason: str, *, now: datetime) -> None:
        """Fail without an attempt (the subscription is gone, inactive, or its URL unsafe)."""
        self.status = DeliveryStatus.FAILED
        self.last_error = reason
        self.updated_at = now
