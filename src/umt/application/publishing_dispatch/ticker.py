"""The publication ticker: every process running the content-ad-management agent ticks, and
each tick, in ONE transaction, returns the expired leases, claims the due publications and
hands each to the agent through the outbox.

A claim (``claim_and_hand_over``: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two tickers
never claim one row; the one writer on SQLite) bumps the publication's fence and writes its
``publication.due`` to the outbox in the same transaction (on PostgreSQL in one statement, as
``Publication.claim`` would record it): nothing is published outside the claiming
transaction, and a tick rolled back hands nothing over. The agent follows
``publication.due`` (``on_publication_due``) and runs the publish engine under that fence.

The sweeper, at the start of each tick, returns the leases that ran out: a claim never acted on
is due again; one whose attempt had started becomes ``outcome_unknown`` and is reconciled
(looked up by our reference) before anything is sent again. A publication first claimed after
its grace window with the ``skip`` policy (the process was down) becomes ``missed``
(``publication.missed``: the brand is told) instead of being posted late.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from umt.application.agents.loop_beats import LoopBeat, LoopBeats
from umt.application.agents.names import Agent
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.domain.publishing.publication import Publication
from umt.ports.clock import Clock
from umt.ports.publication_repository import HandOver
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

LOOP = "publication-ticker"


@dataclass(frozen=True, slots=True, kw_only=True)
class TickReport:
    """One tick: what it returned, handed over and found missed, and how late the oldest
    claimed publication was."""

    at: datetime
    returned: int
    claimed: int
    missed: int
    lag_seconds: float


class PublicationTicker:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        clock: Clock,
        config: DispatchConfig,
        owner: str,
        beats: LoopBeats | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._config = config
        self._owner = owner
        self._beats = beats
        self._swept_at: datetime | None = None
        self._draining = False  # the last tick claimed a full batch: a backlog is draining

    async def tick(self) -> TickReport:
        """Return the expired leases (their own transaction), then claim what is due now,
        those just returned included, and hand it over, in one transaction. While a backlog
        drains (tick after tick, each claiming a full batch) the sweep runs once per tick
        interval rather than between every batch: leases last minutes."""
        now = self._clock.now()
        config = self._config
        expired: Sequence[Publication] = ()
        recently_swept = self._swept_at is not None and now - self._swept_at < config.tick
        if not (self._draining and recently_swept):
            async with self._uow_factory() as uow:
                expired = await uow.publications.expired_leases(now, limit=config.batch)
                for publication in expired:
                    publication.expire_lease(now=now)
                    await uow.publications.save(publication)
                await uow.commit()
            # a full sweep leaves more to return: sweep again next tick
            self._swept_at = None if len(expired) >= config.batch else now
        async with self._uow_factory() as uow:
            room = config.max_in_flight - await uow.publications.count_in_flight(now)
            done = (
                await uow.publications.claim_and_hand_over(
                    now, limit=min(config.batch, room), owner=self._owner, lease=config.lease
                )
                if room > 0
                else HandOver()
            )
            await uow.commit()
        missed = done.missed
        self._draining = done.handed_over + missed >= config.batch
        # how late the oldest claimed one was (0 with none)
        lag = 0.0 if done.earliest_due is None else (now - done.earliest_due).total_seconds()
        report = TickReport(
            at=now,
            returned=len(expired),
            claimed=done.handed_over,
            missed=missed,
            lag_seconds=max(0.0, lag),
        )
        if expired or missed:
            log.info(
                "publication ticker",
                extra={"returned": report.returned, "claimed": report.claimed, "missed": missed},
            )
        if self._beats is not None:
            self._beats.record(
                LOOP,
                LoopBeat(
                    agent=Agent.CONTENT_AD_MANAGEMENT.value,
                    last_tick=now,
                    handled=report.claimed,
                    lag_seconds=lag,
                    counts={"returned": report.returned, "missed": missed},
                ),
            )
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every ``config.tick`` until ``stop`` is set; a failed tick is logged and the
        next one tries again (an outage must not end the loop). A full batch ticks again at
        once: a backlog after downtime drains at the claim rate, not one batch per interval."""
        interval = self._config.tick.total_seconds()
        while not stop.is_set():
            full = False
            try:
                report = await self.tick()
                full = report.claimed + report.missed >= self._config.batch
            except Exception:
                log.exception("publication ticker tick failed")
            if full:
                await asyncio.sleep(0)
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval):
                    await stop.wait()


async def run_publication_ticker(
    stop: asyncio.Event, *, publication_ticker: PublicationTicker
) -> None:
    """The publishing context's background loop: due publications to the agent."""
    await publication_ticker.run(stop)
