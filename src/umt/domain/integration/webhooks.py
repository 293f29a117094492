"""Webhooks out: an organization's subscriptions and the deliveries of its events to them.

A ``WebhookSubscription`` names a URL and the event types it wants (exact, or patterns where
``*`` stands for one dotted word and ``#`` for any number, as on the broker). Its signing
secret is kept sealed by the application (the domain only carries the opaque sealed form).
Deliveries of events to subscriptions are in ``deliveries.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.network import NetworkPolicy, UnsafeDestination, check_url
from umt.domain.shared.values import Url

MAX_EVENT_TYPES = 50
MAX_DESCRIPTION = 500
_PATTERN = re.compile(r"^(?:[a-z0-9_]+|\*|#)(?:\.(?:[a-z0-9_]+|\*|#))*$")


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


def webhook_url(text: str, *, allow_private: bool) -> Url:
    """A URL a subscription may target: http(s) without credentials; unless ``allow_private``,
    never a local name or an internal address in any notation (``network.check_url``). Names
    are resolved and checked again at every delivery, so a name that later points inside is
    refused then too."""
    try:
        url = Url(text)
    except InvalidValue as exc:
        raise UnsafeWebhookUrl(exc.message, field="url") from None
    parts = urlsplit(url.value)
    if parts.username or parts.password:
        raise UnsafeWebhookUrl("a webhook URL cannot carry credentials", field="url")
    try:
        check_url(url.value, NetworkPolicy(allow_private=allow_private), field="url")
    except UnsafeDestination as exc:
        raise UnsafeWebhookUrl(
            f"a webhook URL cannot point there: {exc.message}", field="url"
        ) from None
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
