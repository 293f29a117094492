"""Webhooks out: an organization's subscriptions and the deliveries of its events to them.

A ``WebhookSubscription`` names a URL and the event types it wants (exact, or patterns where
``*`` stands for one dotted word and ``#`` for any number, as on the broker). Its signing
secret is kept sealed by the application (the domain only carries the opaque sealed form).
A ``WebhookDelivery`` is one event for one subscription: attempted until delivered, or until
``RetryPolicy.max_attempts`` failed; each attempt is kept as a ``DeliveryAttempt``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from umt.domain.shared.errors import IllegalTransition, InvalidValue
from umt.domain.shared.values import Url

MAX_EVENT_TYPES = 50
MAX_DESCRIPTION = 500
RESPONSE_EXCERPT_BYTES = 1024
_PATTERN = re.compile(r"^(?:[a-z0-9_]+|\*|#)(?:\.(?:[a-z0-9_]+|\*|#))*$")
_LOCAL_NAMES = ("localhost", "localhost.localdomain")


class UnsafeWebhookUrl(InvalidValue):
    """The URL would make umt call into its own network (SSRF), or is not http(s)."""

    code = "unsafe_webhook_url"


class InvalidEventPattern(InvalidValue):
    code = "invalid_event_pattern"


def event_pattern(text: str) -> str:
    """A valid event type or pattern, e.g. ``brand.created``, ``brand.*``, ``#``."""
    value = text.strip() if isinstance(text, str) else ""
    if len(value) > 100 or not _PATTERN.match(value):
        raise InvalidEventPattern(
            f"{text!r} is not an event type or pattern (dotted lowercase words, * or #)",
            field="event_types",
        )
    return value


def pattern_matches(pattern: str, event_type: str) -> bool:
    """Topic matching: ``*`` is exactly one word, ``#`` zero or more."""
    return _match(pattern.split("."), event_type.split("."))


def _match(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    if not words:
        return False
    return (head in ("*", words[0])) and _match(rest, words[1:])


def address_is_public(address: str) -> bool:
    """True for a globally routable address; loopback, private, link-local, multicast,
    reserved and unspecified ones (and IPv4 mapped into IPv6) are not."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def webhook_url(text: str, *, allow_private: bool) -> Url:
    """A URL a subscription may target: http(s); unless ``allow_private``, never a literal
    non-public address or a local name. Names are resolved again before every request, so a
    name that later points inside is refused then too."""
    try:
        url = Url(text)
    except InvalidValue as exc:
        raise UnsafeWebhookUrl(exc.message, field="url") from None
    parts = urlsplit(url.value)
    if parts.username or parts.password:
        raise UnsafeWebhookUrl("a webhook URL cannot carry credentials", field="url")
    host = (parts.hostname or "").rstrip(".").lower()
    if allow_private:
        return url
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        raise UnsafeWebhookUrl("a webhook URL cannot point at this machine", field="url")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return url  # a name: checked when it is resolved
    if not address_is_public(host):
        raise UnsafeWebhookUrl(
            "a webhook URL cannot point at a private, loopback or link-local address",
            field="url",
        )
    return url


@dataclass(frozen=True, slots=True)
class SealedSigningSecret:
    """The signing secret as the cipher sealed it: opaque to the domain."""

    key_id: str
    ciphertext: bytes

    def __repr__(self) -> str:
        return f"SealedSigningSecret(key_id={self.key_id!r})"


@dataclass(slots=True, kw_only=True)
class WebhookSubscription:
    id: UUID
    organization_id: UUID
    url: str
    event_types: tuple[str, ...]
    description: str
    active: bool
    secret: SealedSigningSecret
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        organization_id: UUID,
        url: Url,
        event_types: list[str] | tuple[str, ...],
        description: str,
        secret: SealedSigningSecret,
        now: datetime,
    ) -> WebhookSubscription:
        return cls(
            id=id,
            organization_id=organization_id,
            url=url.value,
            event_types=_event_types(event_types),
            description=_description(description),
            active=True,
            secret=secret,
            created_at=now,
            updated_at=now,
        )

    def change(
        self,
        *,
        now: datetime,
        url: Url | None = None,
        event_types: list[str] | tuple[str, ...] | None = None,
        active: bool | None = None,
        description: str | None = None,
    ) -> None:
        if url is not None:
            self.url = url.value
        if event_types is not None:
            self.event_types = _event_types(event_types)
        if active is not None:
            self.active = active
        if description is not None:
            self.description = _description(description)
        self._touch(now)

    def rotate_secret(self, secret: SealedSigningSecret, *, now: datetime) -> None:
        self.secret = secret
        self._touch(now)

    def wants(self, event_type: str) -> bool:
        return self.active and any(pattern_matches(p, event_type) for p in self.event_types)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1


def _event_types(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        raise InvalidEventPattern("name at least one event type", field="event_types")
    if len(values) > MAX_EVENT_TYPES:
        raise InvalidEventPattern(
            f"at most {MAX_EVENT_TYPES} event types per subscription", field="event_types"
        )
    return tuple(dict.fromkeys(event_pattern(v) for v in values))


def _description(text: str) -> str:
    value = (text or "").strip()
    if len(value) > MAX_DESCRIPTION:
        raise InvalidValue(
            f"the description is longer than {MAX_DESCRIPTION} characters", field="description"
        )
    return value


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
