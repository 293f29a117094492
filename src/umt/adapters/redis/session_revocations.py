"""Ended sign-ins in Redis, shared by every instance: one key per session with a TTL.

A key per session (not one set) so that each entry expires on its own after the access-token
lifetime; the lookup on every request is a single ``EXISTS``.
"""

from __future__ import annotations

from collections.abc import Collection

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from umt.ports.errors import StorageUnavailable
from umt.ports.session_revocations import SessionRevocations

PREFIX = "umt:revoked-session:"
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisSessionRevocations(SessionRevocations):
    def __init__(self, client: Redis, *, ttl_seconds: float) -> None:
        self._client = client
        self._ttl_ms = max(1, int(ttl_seconds * 1000))

    async def revoke(self, session_ids: Collection[str]) -> None:
        if not session_ids:
            return
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                for sid in session_ids:
                    pipe.set(PREFIX + sid, b"1", px=self._ttl_ms)
                await pipe.execute()
        except _UNAVAILABLE as exc:
            raise StorageUnavailable("the session revocations (Redis) are unavailable") from exc

    async def is_revoked(self, session_id: str) -> bool:
        try:
            return bool(await self._client.exists(PREFIX + session_id))
        except _UNAVAILABLE as exc:
            raise StorageUnavailable("the session revocations (Redis) are unavailable") from exc
