"""Resilience around every external dependency: circuit breakers (pybreaker) and bounded retry
policies (tenacity), as decorators implementing the same ports as the adapters they wrap.

- ``breaker.Breaker``: pybreaker's closed/open/half-open state machine driven from asyncio,
  failing fast with ``DependencyUnavailable`` while open; one trial call at a time when half-open.
- ``shared_state.RedisBreakerState``: open/closed mirrored between instances through Redis.
- ``retry.RetryPolicy``: jittered exponential backoff for transient errors only.
- ``unit_of_work``, ``brand_reader``, ``cache``, ``idempotency_store``, ``broker``: the wrappers.

The application layer never sees any of this: it only ever meets the port errors
``StorageUnavailable`` and its subclass ``DependencyUnavailable``.
"""
