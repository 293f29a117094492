"""InsightDetection: a brand's rollups judged, and what is new stored once.

The read (the brand's daily sums over ``lookback_days`` up to its latest complete day, and its
alert rules) is one transaction; each insight found is then stored in a transaction of its
own, so one refused insight never holds back another. Each insight is unique per brand and
key (its series and day), so two detectors racing over the same brand, in one process or
several, store it once and record ``insight.detected`` once: the second insert finds the
first and stores nothing (``InsightRepository.add_new``). Series with a cool-down (trends,
thresholds) also skip a day while the last insight of the series is recent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.analytics.insights.config import InsightConfig
from umt.application.analytics.insights.detectors import anomalies, trend_changes
from umt.application.analytics.insights.drafts import Draft
from umt.application.analytics.insights.series import brand_series
from umt.application.analytics.insights.thresholds import threshold_alerts
from umt.domain.analytics.insights.insight import Insight
from umt.domain.analytics.insights.robust import AnomalyRules
from umt.domain.analytics.rollups import local_day
from umt.domain.shared.errors import Conflict
from umt.domain.shared.ids import BrandId, OrganizationId
from umt.domain.shared.metrics import MONEY_METRICS, Metric
from umt.ports.brand_reader import BrandReader
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator
from umt.ports.metric_rollups import RollupQuery
from umt.ports.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
COUNT_METRICS = frozenset(m for m in Metric if m not in MONEY_METRICS)


@dataclass(frozen=True, slots=True)
class DetectionOutcome:
    day: date  # the latest complete day judged (the brand's)
    raised: list[Insight]  # new insights stored by this run
    found: int  # insights found, including those already raised


class InsightDetection:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        clock: Clock,
        ids: IdGenerator,
        brand_reader: BrandReader,
        config: InsightConfig,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._ids = ids
        self._brands = brand_reader
        self._config = config

    @property
    def config(self) -> InsightConfig:
        return self._config

    async def detect(
        self,
        organization_id: UUID,
        brand_id: UUID,
        *,
        anomaly: AnomalyRules | None = None,
        uow_factory: Callable[[], UnitOfWork] | None = None,
    ) -> DetectionOutcome:
        """Judge the brand's latest complete day; store and announce what is new."""
        factory = uow_factory or self._uow_factory
        brand = await self._brands.get(OrganizationId(organization_id), BrandId(brand_id))
        zone = ZoneInfo(brand.time_zone if brand is not None else "UTC")
        day = local_day(self._clock.now(), zone) - timedelta(days=1)
        query = RollupQuery(
            organization_id=OrganizationId(organization_id),
            brand_id=BrandId(brand_id),
            since=day - timedelta(days=self._config.lookback_days),
            until=day,
            metrics=COUNT_METRICS,
        )
        async with factory() as uow:
            sums = await uow.metric_rollups.daily_sums(query)
            rules = await uow.alert_rules.list(organization_id, brand_id)
            series = brand_series(sums)
            drafts = [
                *anomalies(series, day, self._config, anomaly or self._config.anomaly),
                *trend_changes(series, day, self._config),
                *await threshold_alerts(uow, rules, series, day),
            ]
        raised = [
            insight
            for draft in drafts
            if (insight := await self._store(factory, organization_id, brand_id, draft))
        ]
        return DetectionOutcome(day=day, raised=raised, found=len(drafts))

    async def _store(
        self,
        factory: Callable[[], UnitOfWork],
        organization_id: UUID,
        brand_id: UUID,
        draft: Draft,
    ) -> Insight | None:
        insight = Insight.detect(
            now=self._clock.now(),
            id=self._ids.new_id(),
            organization_id=organization_id,
            brand_id=brand_id,
            kind=draft.kind,
            series=draft.series,
            day=draft.day,
            measure=draft.measure,
            scope=draft.scope,
            direction=draft.direction,
            headline=draft.headline[:500],
            statistics=draft.statistics,
            evidence=draft.evidence,
            rule_id=draft.rule_id,
        )
        try:
            async with factory() as uow:
                if draft.cooldown_days:
                    last = await uow.insights.last_day(organization_id, brand_id, draft.series)
                    if (
                        last is not None
                        and last != draft.day
                        and ((draft.day - last).days < draft.cooldown_days)
                    ):
                        return None
                if not await uow.insights.add_new(insight):
                    return None
                await uow.commit()
        except Conflict:
            return None  # a concurrent detector raised it first (the memory store's answer)
        return insight

    async def tick(self) -> int:
        """Every brand with recent rollups, once; the number of insights raised."""
        since = local_day(self._clock.now(), ZoneInfo("UTC")) - timedelta(
            days=self._config.active_days
        )
        async with self._uow_factory() as uow:
            brands = await uow.insights.brands_with_rollups(since)
        raised = 0
        for organization_id, brand_id in brands:
            try:
                outcome = await self.detect(organization_id, brand_id)
            except Exception:
                log.exception("insight detection failed", extra={"brand_id": str(brand_id)})
                continue
            raised += len(outcome.raised)
        return raised
