"""A crawl of a brand's competitors: the record of one run, and the event it ends with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.events import EventFacts, TypedEvent

MAX_REPORTED_FAILURES = 50


class CrawlStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"


@dataclass(frozen=True, slots=True)
class CrawlFailure:
    """A URL that brought nothing, and why (a FetchFailure value, or ``unreadable``)."""

    url: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlFinished(EventFacts):
    """A crawl ended: its brand, the competitors read and what it counted."""

    brand_id: UUID
    competitor_ids: list[str]
    counts: dict[str, int]
    failures: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ResearchCompleted(TypedEvent[CrawlFinished]):
    event_type: ClassVar[str] = "research.completed"
    aggregate_type: ClassVar[str] = "research_crawl"


@dataclass(slots=True, kw_only=True)
class ResearchCrawl(AggregateRoot):
    """One run of ``research.crawl``: recorded when it ends, with its counts and failures."""

    id: UUID
    organization_id: UUID
    brand_id: UUID
    competitor_ids: tuple[UUID, ...]
    requested_by: UUID
    started_at: datetime
    status: CrawlStatus = CrawlStatus.RUNNING
    finished_at: datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)
    failures: tuple[CrawlFailure, ...] = ()

    def finish(
        self, *, counts: dict[str, int], failures: list[CrawlFailure], now: datetime
    ) -> None:
        self.status = CrawlStatus.SUCCEEDED
        self.finished_at = now
        self.counts = dict(counts)
        self.failures = tuple(failures[:MAX_REPORTED_FAILURES])
        self._record(
            ResearchCompleted,
            now,
            CrawlFinished(
                brand_id=self.brand_id,
                competitor_ids=[str(c) for c in self.competitor_ids],
                counts=dict(counts),
                failures=len(failures),
            ),
        )

    def summary(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "failures": len(self.failures)}
