"""The ``publication-first-comments`` loop: the first comments due later (a retry after a
refusal, a call that never answered by its deadline), run by ``FirstCommentStep`` one by one.

The publish engine posts a publication's first comment right after the publish; this loop
picks up what that left pending. Safe with several processes: each step begins with a
version-checked save, so of two that read a comment due, one posts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from umt.application.agents.loop_beats import LoopBeat, LoopBeats
from umt.application.agents.names import Agent
from umt.application.publishing_dispatch.config import DispatchConfig
from umt.application.publishing_dispatch.engine_records import EngineDependencies
from umt.application.publishing_dispatch.first_comment import FirstCommentStep
from umt.domain.integration.platforms import Platform
from umt.ports.channel_credentials import ChannelCredentials
from umt.ports.clock import Clock
from umt.ports.publisher import Publisher
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

LOOP = "publication-first-comments"


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentsReport:
    """One run: how many comments were due, and what became of them by status."""

    due: int
    outcomes: Mapping[str, int]


class FirstCommentLoop:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        publishers: Mapping[Platform, Publisher],
        credentials: ChannelCredentials,
        *,
        clock: Clock,
        config: DispatchConfig,
        beats: LoopBeats | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._deps = EngineDependencies(
            clock=clock, publishers=publishers, channel_credentials=credentials, config=config
        )
        self._beats = beats

    async def run_once(self) -> CommentsReport:
        now = self._deps.clock.now()
        async with self._uow_factory() as uow:
            due = await uow.publications.comments_due(now, limit=self._deps.config.batch)
        outcomes: Counter[str] = Counter()
        for item in due:
            try:
                report = await FirstCommentStep(self._uow_factory(), self._deps).run(
                    item.organization_id, item.publication_id
                )
            except Exception:
                log.exception("a first comment step failed", extra={"id": str(item.publication_id)})
                outcomes["error"] += 1
                continue
            outcomes[report.status.value if report else "skipped"] += 1
        if self._beats is not None:
            oldest = min((item.due_at for item in due), default=now)
            self._beats.record(
                LOOP,
                LoopBeat(
                    agent=Agent.CONTENT_AD_MANAGEMENT.value,
                    last_tick=now,
                    handled=len(due),
                    lag_seconds=max(0.0, (now - oldest).total_seconds()),
                    counts=dict(outcomes),
                ),
            )
        return CommentsReport(due=len(due), outcomes=dict(outcomes))

    async def run(self, stop: asyncio.Event) -> None:
        """Run every tick interval until ``stop`` is set (a failed run is logged and the next
        one tries again)."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("publication first comments run failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._deps.config.tick.total_seconds()):
                    await stop.wait()


async def run_publication_first_comments(
    stop: asyncio.Event, *, publication_first_comments: FirstCommentLoop
) -> None:
    """The publishing context's third loop: first comments left pending by the engine."""
    await publication_first_comments.run(stop)
