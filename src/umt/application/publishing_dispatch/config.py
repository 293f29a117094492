"""The publishing scheduler's and engine's settings, as the use cases and loops take them
(``UMT_PUBLISHING_*``, docs/configuration.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class DispatchConfig:
    tick: timedelta = timedelta(seconds=5)  # between two ticks of the ticker
    batch: int = 100  # publications claimed per tick (and expired leases returned)
    # claimed or publishing at once, across every ticker: a claim's lease runs from the claim,
    # so a backlog claimed all at once would outlive its leases before the agents reached it
    # (each stale hand-over returned and queued again: a livelock). Keep it below the
    # publishing rate times the lease.
    max_in_flight: int = 500
    lease: timedelta = timedelta(minutes=2)  # a claim not acted on by then is returned
    # an unknown outcome is reconciled this long after it happened (platforms index late)
    reconcile_delay: timedelta = timedelta(seconds=30)
    retry_base: timedelta = timedelta(seconds=30)  # first backoff after a refusal, doubled
    retry_max: timedelta = timedelta(minutes=30)  # the longest backoff
    max_attempts: int = 5  # refusals retried at most this often (then failed)
    token_check_ahead: timedelta = timedelta(hours=24)  # tokens checked this far ahead
    token_check_every: timedelta = timedelta(minutes=15)  # how often the token check runs

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th refused attempt: doubling, capped."""
        factor: int = 2 ** max(0, min(attempts - 1, 20))
        delay: timedelta = self.retry_base * factor
        return min(delay, self.retry_max)
