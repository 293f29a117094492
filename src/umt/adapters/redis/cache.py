"""A cache in Redis, shared by every instance."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from umt.ports.cache import Cache
from umt.ports.errors import StorageUnavailable

PREFIX = "umt:cache:"
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisCache(Cache):
    def __init__(self, client: Redis) -> None:
        self._client = client

    async def get(self, key: str) -> bytes | None:
        try:
            value = await self._client.get(PREFIX + key)
        except _UNAVAILABLE as exc:
            raise StorageUnavailable("the cache (Redis) is unavailable") from exc
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        try:
            await self._client.set(PREFIX + key, value, ex=ttl_seconds)
        except _UNAVAILABLE as exc:
            raise StorageUnavailable("the cache (Redis) is unavailable") from exc

    async def delete(self, *keys: str) -> None:
        if not keys:
            return
        try:
            await self._client.delete(*(PREFIX + key for key in keys))
        except _UNAVAILABLE as exc:
            raise StorageUnavailable("the cache (Redis) is unavailable") from exc
