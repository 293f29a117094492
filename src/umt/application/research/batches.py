"""A crawl's documents committed in batches while it reads, so that its progress shows in
the documents listed and a crash loses at most one batch: the pages stored keep their
validators, and the next crawl asks for them conditionally (a 304) instead of reading them
again. The crawl's end still ranks keyphrases over every page it read together and
replaces what the batches wrote (same ids), then reclusters and records the crawl."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from umt.application.research.analysis import documents_of
from umt.application.research.config import ResearchTools
from umt.application.research.pages import PagesRead
from umt.application.research.sources import Scope
from umt.application.services import Context
from umt.domain.research.document import ResearchDocument, ResearchSource
from umt.ports.clock import Clock
from umt.ports.web_fetcher import Validators


class BatchWriter:
    """``kept`` after each page read: once ``commit_every`` new pages wait, they are written
    in a transaction of their own (with the sources read, the first time)."""

    def __init__(
        self,
        ctx: Context,
        tools: ResearchTools,
        *,
        scope: Scope,
        stored: Mapping[str, ResearchDocument],
        sources: Sequence[ResearchSource],
        clock: Clock,
    ) -> None:
        self._ctx = ctx
        self._tools = tools
        self._scope = scope
        self._stored = stored
        self._sources = list(sources)
        self._clock = clock
        self._lock = asyncio.Lock()
        self._reads = 0  # of found.read already written
        self._unchanged = 0  # of found.unchanged already written
        self.committed: dict[str, ResearchDocument] = {}  # by URL, as the batches wrote them
        self.batches = 0

    async def kept(self, found: PagesRead) -> None:
        if self._waiting(found) < self._tools.config.commit_every:
            return
        async with self._lock:  # one batch at a time; the pages read meanwhile join the next
            if self._waiting(found) >= self._tools.config.commit_every:
                await self._write(found)
        found.counts["documents_saved"] = len(self.committed)

    def _waiting(self, found: PagesRead) -> int:
        return len(found.read) - self._reads + len(found.unchanged) - self._unchanged

    async def _write(self, found: PagesRead) -> None:
        reads = found.read[self._reads :]
        unchanged = found.unchanged[self._unchanged :]
        self._reads += len(reads)
        self._unchanged += len(unchanged)
        known = {**self._stored, **self.committed}
        async with self._ctx.uow as uow:
            scope = self._scope
            every = await uow.research.all_documents(scope.organization_id, scope.brand_id)
            now = self._clock.now()
            documents = await asyncio.to_thread(  # CPU (MinHash LSH) off the pacing loop
                documents_of, reads, known, every, self._tools, scope=scope, now=now
            )
            refreshed = [
                refreshed_document(known[page.url], got.validators, got.fetched_at)
                for page, got in unchanged
                if page.url in known
            ]
            await uow.research.save_documents([*documents, *refreshed])
            if self._sources:
                await uow.research.save_sources(self._sources)
                self._sources = []
            await uow.commit()
        self.committed.update({d.url: d for d in [*documents, *refreshed]})
        self.batches += 1


def refreshed_document(
    document: ResearchDocument, validators: Validators, fetched_at: datetime
) -> ResearchDocument:
    """A stored document read again without a change (a 304, or the same text)."""
    return replace(
        document,
        fetched_at=fetched_at,
        etag=validators.etag or document.etag,
        last_modified=validators.last_modified or document.last_modified,
    )
