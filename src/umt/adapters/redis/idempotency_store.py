"""Idempotency keys in Redis, shared by every instance.

One hash per key holds the fingerprint and, once done, the outcome. ``reserve`` is a single
Lua script, so two instances racing for a key cannot both own it.
"""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from umt.ports.errors import StorageUnavailable
from umt.ports.idempotency_store import IdempotencyStore, Reservation, ReservationState

PREFIX = "umt:idem:"
# KEYS[1] = key; ARGV = fingerprint, ttl. Returns {state, outcome}.
_RESERVE = """
local fp = redis.call('HGET', KEYS[1], 'fp')
if not fp then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return {'new', false}
end
if fp ~= ARGV[1] then return {'mismatch', false} end
local outcome = redis.call('HGET', KEYS[1], 'out')
if not outcome then return {'pending', false} end
return {'done', outcome}
"""
# KEYS[1] = key; ARGV = fingerprint, outcome, ttl
_COMPLETE = """
if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'out', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return 1
"""
# KEYS[1] = key; ARGV = fingerprint
_RELEASE = """
if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] and redis.call('HEXISTS', KEYS[1], 'out') == 0 then
  redis.call('DEL', KEYS[1])
end
return 1
"""
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisIdempotencyStore(IdempotencyStore):
    def __init__(self, client: Redis) -> None:
        self._client = client
        self._reserve = client.register_script(_RESERVE)
        self._complete = client.register_script(_COMPLETE)
        self._release = client.register_script(_RELEASE)

    async def reserve(self, key: str, fingerprint: str, *, ttl_seconds: int) -> Reservation:
        state, outcome = await self._call(self._reserve, key, fingerprint, ttl_seconds)
        kind = ReservationState(state.decode() if isinstance(state, bytes) else state)
        return Reservation(kind, outcome if isinstance(outcome, bytes) else None)

    async def complete(
        self, key: str, fingerprint: str, outcome: bytes, *, ttl_seconds: int
    ) -> None:
        await self._call(self._complete, key, fingerprint, outcome, ttl_seconds)

    async def release(self, key: str, fingerprint: str) -> None:
        await self._call(self._release, key, fingerprint)

    async def _call(self, script: Any, key: str, *args: Any) -> Any:
        try:
            return await script(keys=[PREFIX + key], args=list(args))
        except _UNAVAILABLE as exc:
            raise StorageUnavailable("the idempotency store (Redis) is unavailable") from exc
