"""GCRA rate limiting in Redis, shared by every instance: one Lua script per request.

The script reads the key's theoretical arrival time, decides and writes in one step, using
Redis's own clock (``TIME``), so instances with skewed clocks still agree.
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from umt.ports.errors import StorageUnavailable
from umt.ports.rate_limiter import RateDecision, RateLimiter

PREFIX = "umt:rate:"
# KEYS[1] = key; ARGV = limit, period (seconds, float). Returns {allowed, remaining,
# reset_ms, retry_after_ms}. allow_at is tat - (period - interval) rather than new_tat - period
# (the same in exact arithmetic) so that with one request per period the rounding cannot
# refuse a fresh key's first request; likewise remaining allows reset a rounding error above a
# whole number of intervals.
_GCRA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local interval = period / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = tat - (period - interval)
if now < allow_at then
  return {0, 0, math.ceil((tat - now) * 1000), math.ceil((allow_at - now) * 1000)}
end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000))
local reset = new_tat - now
local remaining = math.floor((period - reset) / interval + 1e-9)
if remaining < 0 then remaining = 0 end
return {1, remaining, math.ceil(reset * 1000), 0}
"""


class RedisRateLimiter(RateLimiter):
    def __init__(self, client: Redis) -> None:
        self._script = client.register_script(_GCRA)

    async def hit(self, key: str, *, limit: int, period_seconds: float) -> RateDecision:
        try:
            allowed, remaining, reset_ms, retry_ms = await self._script(
                keys=[PREFIX + key], args=[limit, repr(float(period_seconds))]
            )
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            raise StorageUnavailable("the rate limiter (Redis) is unavailable") from exc
        return RateDecision(
            allowed=bool(allowed),
            limit=limit,
            remaining=int(remaining),
            reset_seconds=int(reset_ms) / 1000,
            retry_after_seconds=int(retry_ms) / 1000,
        )
