"""A platform's publisher behind that platform's circuit breaker (one per platform).

No retries here, ever: a publish retried blindly is a duplicate post. The publish engine
decides what happens after each answer (reconcile, back off, fail). The breaker counts the
platform's outages (``PlatformUnavailable``, unknown outcomes included) and, once open,
refuses at once with ``PlatformUnavailable`` before anything is sent, so the engine backs off
instead of waiting for timeouts against a platform that is down. Refusals of the content or
the grant are answers, not outages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from umt.adapters.resilience.breaker import Breaker
from umt.domain.integration.errors import PlatformUnavailable
from umt.domain.integration.platforms import Platform
from umt.ports.channel_target import ChannelTarget
from umt.ports.errors import DependencyUnavailable
from umt.ports.platform_connector import Credentials
from umt.ports.publisher import OutgoingPost, PublishedPost, Publisher, RecentPosts

T = TypeVar("T")


def is_platform_outage(exc: BaseException) -> bool:
    """What counts against a platform's breaker: it was down, or did not answer."""
    return isinstance(exc, PlatformUnavailable | TimeoutError | OSError)


class ResilientPublisher(Publisher):
    def __init__(self, inner: Publisher, breaker: Breaker) -> None:
        self._inner = inner
        self._breaker = breaker

    @property
    def platform(self) -> Platform:
        return self._inner.platform

    async def publish(
        self, target: ChannelTarget, credentials: Credentials, post: OutgoingPost
    ) -> PublishedPost:
        return await self._call(lambda: self._inner.publish(target, credentials, post))

    async def find(
        self, target: ChannelTarget, credentials: Credentials, reference: str
    ) -> PublishedPost | None:
        return await self._call(lambda: self._inner.find(target, credentials, reference))

    async def recent(
        self, target: ChannelTarget, credentials: Credentials, *, cursor: str | None = None
    ) -> RecentPosts:
        return await self._call(lambda: self._inner.recent(target, credentials, cursor=cursor))

    async def delete(self, target: ChannelTarget, credentials: Credentials, remote_id: str) -> None:
        await self._call(lambda: self._inner.delete(target, credentials, remote_id))

    async def comment(
        self, target: ChannelTarget, credentials: Credentials, remote_id: str, text: str
    ) -> str:
        return await self._call(lambda: self._inner.comment(target, credentials, remote_id, text))

    async def _call(self, operation: Callable[[], Awaitable[T]]) -> T:
        try:
            ticket = self._breaker.admit()
        except DependencyUnavailable as exc:
            raise PlatformUnavailable(
                f"{self.platform.value} is unavailable (circuit open)",
                platform=self.platform.value,
            ) from exc
        try:
            result = await operation()
        except BaseException as exc:
            self._breaker.record(ticket, exc)
            raise
        self._breaker.record(ticket, None)
        return result
