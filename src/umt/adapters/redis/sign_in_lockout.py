"""Sign-in lockout in Redis, shared by every instance: one Lua step per call.

Each key is a hash {failures, locked_until_ms} that expires when forgotten. The script uses
Redis's own clock (``TIME``), so instances with skewed clocks agree on when a lock ends, and
counting and locking are one atomic step, so concurrent guesses cannot slip between them.
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from umt.ports.errors import StorageUnavailable
from umt.ports.sign_in_lockout import LockoutPolicy, SignInLockout

PREFIX = "umt:lockout:"

# KEYS[1]; ARGV = threshold, base_ms, max_ms, window_ms. Returns the lock in ms (0: none).
_FAIL = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local threshold = tonumber(ARGV[1])
local lock = 0
if failures >= threshold then
  lock = tonumber(ARGV[2]) * (2 ^ math.min(failures - threshold, 62))
  if lock > tonumber(ARGV[3]) then lock = tonumber(ARGV[3]) end
  lock = math.floor(lock)
end
redis.call('HSET', KEYS[1], 'locked_until', now + lock)
local keep = tonumber(ARGV[4])
if lock > keep then keep = lock end
redis.call('PEXPIRE', KEYS[1], keep)
return lock
"""

# KEYS[1]. Returns the ms until the key may try again (0: now).
_LOCKED = """
local until_ms = redis.call('HGET', KEYS[1], 'locked_until')
if not until_ms then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local left = tonumber(until_ms) - now
if left < 0 then return 0 end
return left
"""

_OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisSignInLockout(SignInLockout):
    def __init__(self, client: Redis, policy: LockoutPolicy) -> None:
        self._client = client
        self._policy = policy
        self._fail = client.register_script(_FAIL)
        self._locked = client.register_script(_LOCKED)

    async def locked_for(self, key: str) -> float:
        try:
            left_ms = await self._locked(keys=[PREFIX + key])
        except _OUTAGE as exc:
            raise StorageUnavailable("the sign-in lockout (Redis) is unavailable") from exc
        return int(left_ms) / 1000

    async def record_failure(self, key: str) -> float:
        policy = self._policy
        try:
            lock_ms = await self._fail(
                keys=[PREFIX + key],
                args=[
                    policy.threshold,
                    int(policy.base_seconds * 1000),
                    int(policy.max_seconds * 1000),
                    int(policy.window_seconds * 1000),
                ],
            )
        except _OUTAGE as exc:
            raise StorageUnavailable("the sign-in lockout (Redis) is unavailable") from exc
        return int(lock_ms) / 1000

    async def reset(self, key: str) -> None:
        try:
            await self._client.delete(PREFIX + key)
        except _OUTAGE as exc:
            raise StorageUnavailable("the sign-in lockout (Redis) is unavailable") from exc
