"""DetectInsights and the detection: an anomaly of the latest complete day against the same
weekdays, a trend change of two windows, a threshold alert rule; each raised once, with its
statistics, the rollup rows behind it and one ``insight.detected`` event."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.unit.application.analytics.insights.conftest import DAY, days_before, ingest, totals
from tests.unit.application.helpers import add_member

from umt.adapters.memory.brand_reader import InMemoryBrandReader
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.insights.alert_rules import CreateAlertRule
from umt.application.analytics.insights.config import InsightConfig
from umt.application.analytics.insights.detect_insights import DetectInsights, DetectionReport
from umt.application.analytics.insights.detection import InsightDetection
from umt.application.analytics.insights.loop import run_insight_detection
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import NotFound, PermissionDenied

# the same weekday's changes, 1 to 8 weeks back: median 11, MAD 1
WEEKLY = [10, 12, 11, 13, 9, 10, 12, 11]


def anomaly_changes(latest: float) -> dict[Any, float]:
    changes: dict[Any, float] = dict.fromkeys(days_before(DAY, 60, 1), 10.0)
    for weeks, value in enumerate(WEEKLY, start=1):
        changes[DAY - timedelta(weeks=weeks)] = float(value)
    changes[DAY] = latest
    return changes


async def detect(bus: MessageBus, owner: Principal, brand_id: UUID, **kw: Any) -> DetectionReport:
    return await bus.ask(DetectInsights(brand_id=brand_id, **kw), DetectionReport, owner)


def detected_events(store: InMemoryStore) -> list[Any]:
    return [m for m in store.outbox if m.event_type == "insight.detected"]


async def test_an_anomaly_is_raised_once_with_its_score_and_rows(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    await ingest(bus, owner, brand_id, totals(uuid4(), anomaly_changes(20)))
    report = await detect(bus, owner, brand_id)
    assert report.day == DAY
    # the brand's clicks and LinkedIn's (the only channel): the same series, two scopes
    assert sorted(i.series for i in report.raised) == [
        "anomaly:clicks:brand",
        "anomaly:clicks:channel:linkedin",
    ]
    brand = next(i for i in report.raised if i.scope.channel is None)
    assert brand.direction == "up"
    assert brand.statistics["median"] == 11.0
    assert brand.statistics["spread"] == 1.0
    assert brand.statistics["z"] == pytest.approx(0.6745 * 9, abs=1e-6)
    assert brand.statistics["history_days"] == 8
    latest = [r for r in brand.evidence if r.role == "latest"]
    history = [r for r in brand.evidence if r.role == "history"]
    assert [(r.day, r.value) for r in latest] == [(DAY, 20)]
    assert sorted(int(r.value) for r in history) == sorted(WEEKLY)
    assert {r.day.weekday() for r in history} == {DAY.weekday()}

    again = await detect(bus, owner, brand_id)
    assert (again.found, again.raised) == (2, [])
    events = detected_events(store)
    assert len(events) == 2
    assert {e.payload["data"]["kind"] for e in events} == {"anomaly"}
    assert events[0].payload["data"]["statistics"]["history_days"] == 8


async def test_the_direction_setting_of_a_detection(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    await ingest(bus, owner, brand_id, totals(uuid4(), anomaly_changes(20)))
    assert (await detect(bus, owner, brand_id, direction="down")).raised == []
    assert len((await detect(bus, owner, brand_id, direction="up")).raised) == 2


async def test_an_ordinary_day_raises_nothing(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    await ingest(bus, owner, brand_id, totals(uuid4(), anomaly_changes(12)))
    report = await detect(bus, owner, brand_id)
    assert (report.found, report.raised) == (0, [])


def step_changes() -> dict[Any, float]:
    # 10 a day for two weeks, then 30 a day for two weeks (three weeks of history only: no
    # anomaly can be judged, the minimum is four same weekdays)
    changes = dict.fromkeys(days_before(DAY, 27, 14), 10.0)
    changes.update(dict.fromkeys(days_before(DAY, 13, 0), 30.0))
    return changes


async def test_a_trend_change_is_raised_for_the_brand_and_then_cools_down(
    bus: MessageBus, owner: Principal, brand_id: UUID, clock: FixedClock
) -> None:
    subject = uuid4()
    await ingest(bus, owner, brand_id, totals(subject, step_changes()))
    report = await detect(bus, owner, brand_id)
    (trend,) = report.raised
    assert trend.series == "trend:clicks:brand"
    assert trend.direction == "up"
    assert trend.statistics["before_mean"] == 10.0
    assert trend.statistics["after_mean"] == 30.0
    assert trend.statistics["t"] is None  # no spread in either window: a clean step
    assert [r.role for r in trend.evidence] == ["before"] * 14 + ["after"] * 14

    # a day later the windows still differ, but the series cooled down for a window
    clock.advance(timedelta(days=1))
    following = {**step_changes(), DAY + timedelta(days=1): 30.0}
    await ingest(bus, owner, brand_id, totals(subject, following)[-1:])
    later = await detect(bus, owner, brand_id)
    assert later.day == DAY + timedelta(days=1)
    assert (later.found, later.raised) == (1, [])  # found, and held back


async def test_a_threshold_rule_raises_its_insight_with_its_window(
    bus: MessageBus, owner: Principal, brand_id: UUID, store: InMemoryStore
) -> None:
    await ingest(bus, owner, brand_id, totals(uuid4(), step_changes()))
    rule = await bus.ask(
        CreateAlertRule(
            brand_id=brand_id,
            definition={
                "name": "Clicks on LinkedIn",
                "measure": "clicks",
                "scope": {"channel": "linkedin"},
                "comparison": "gt",
                "threshold": "50",
                "window_days": 3,
            },
        ),
        AlertRule,
        owner,
    )
    report = await detect(bus, owner, brand_id)
    (alert,) = [i for i in report.raised if i.kind.value == "threshold"]
    assert alert.rule_id == rule.id
    assert alert.statistics["value"] == "90.000000"
    assert [(r.day, int(r.value)) for r in alert.evidence] == [
        (d, 30) for d in days_before(DAY, 2, 0)
    ]
    payload = next(
        e.payload for e in detected_events(store) if e.payload["data"]["kind"] == "threshold"
    )
    assert payload["data"]["rule_id"] == str(rule.id)


async def test_two_racing_detectors_raise_each_insight_once(
    store: InMemoryStore,
    bus: MessageBus,
    owner: Principal,
    brand_id: UUID,
    clock: FixedClock,
    insight_config: InsightConfig,
    uow_factory: Any,
) -> None:
    await ingest(bus, owner, brand_id, totals(uuid4(), anomaly_changes(20)))

    def detector() -> InsightDetection:
        return InsightDetection(
            uow_factory,
            clock=clock,
            ids=UuidV7Generator(),
            brand_reader=InMemoryBrandReader(store),
            config=insight_config,
        )

    first, second = await asyncio.gather(detector().tick(), detector().tick())
    assert first + second == 2
    assert len(store.insights) == 2
    assert len(detected_events(store)) == 2


async def test_detection_needs_analytics_manage_and_the_brand(
    bus: MessageBus, owner: Principal, other_owner: Principal, brand_id: UUID
) -> None:
    viewer = await add_member(bus, owner, "viewer@example.com", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await detect(bus, viewer, brand_id)
    with pytest.raises(NotFound):
        await detect(bus, other_owner, brand_id)


class _CountingDetection:
    """Counts the loop's ticks and asks it to stop after the first."""

    def __init__(self, stop: asyncio.Event) -> None:
        self.ticks = 0
        self._stop = stop

    async def tick(self) -> int:
        self.ticks += 1
        self._stop.set()
        return 0


async def test_the_loop_ticks_after_its_interval_until_stopped() -> None:
    stop = asyncio.Event()
    detection = _CountingDetection(stop)
    await run_insight_detection(
        stop,
        insight_detection=detection,
        insight_detection_seconds=0,  # type: ignore[arg-type]
    )
    assert detection.ticks == 1
    stopped = asyncio.Event()
    stopped.set()
    idle = _CountingDetection(stopped)
    await run_insight_detection(
        stopped,
        insight_detection=idle,
        insight_detection_seconds=0,  # type: ignore[arg-type]
    )
    assert idle.ticks == 0  # stopped before its first interval ended: no tick


async def test_a_rate_rule_on_one_subject_is_judged_on_its_own_buckets(
    bus: MessageBus, owner: Principal, brand_id: UUID
) -> None:
    post, other = uuid4(), uuid4()
    window = days_before(DAY, 1, 0)  # the last two complete days
    rows = [
        *totals(post, dict.fromkeys(window, 1000.0), metric="impressions"),
        *totals(post, dict.fromkeys(window, 5.0), metric="likes"),  # 0.5 %
        *totals(other, dict.fromkeys(window, 1000.0), metric="impressions"),
        *totals(other, dict.fromkeys(window, 200.0), metric="likes"),  # 20 %: not the rule's
    ]
    await ingest(bus, owner, brand_id, rows)

    def rule(subject: UUID) -> CreateAlertRule:
        return CreateAlertRule(
            brand_id=brand_id,
            definition={
                "name": "Weak engagement",
                "measure": "engagement_rate",
                "scope": {"subject_kind": "publication", "subject_id": str(subject)},
                "comparison": "lt",
                "threshold": "0.02",
                "window_days": 2,
            },
        )

    weak = await bus.ask(rule(post), AlertRule, owner)
    await bus.ask(rule(other), AlertRule, owner)
    report = await detect(bus, owner, brand_id)
    (alert,) = [i for i in report.raised if i.kind.value == "threshold"]
    assert alert.rule_id == weak.id
    assert alert.statistics["value"] == "0.005000"  # 10 likes of 2,000 impressions
    assert alert.statistics["trials"] == 2000.0
    assert {(r.metric, r.subject_id, int(r.value)) for r in alert.evidence} == {
        ("impressions", post, 1000),
        ("likes", post, 5),
    }
    assert len(alert.evidence) == 4  # two days of each metric
