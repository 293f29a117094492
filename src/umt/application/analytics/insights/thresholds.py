"""Threshold alerts: each enabled alert rule of a brand judged on the window of its last
``window_days`` complete days. A count is the window's sum of daily changes; a rate the
window's pooled rate (undefined, so not judged, without trials). A rule that holds raises an
insight, and again only once a window has passed (a breach that lasts is not repeated daily).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal

from umt.application.analytics.insights.drafts import Draft, rounded
from umt.application.analytics.insights.series import DailySeries
from umt.domain.analytics.insights.alert_rule import AlertRule
from umt.domain.analytics.insights.insight import EvidenceRow, InsightKind, Scope
from umt.domain.analytics.insights.measures import Measure
from umt.domain.shared.ids import OrganizationId
from umt.domain.shared.metrics import Metric, SubjectKind
from umt.ports.unit_of_work import UnitOfWork

QUANTUM = Decimal("0.000001")


async def threshold_alerts(
    uow: UnitOfWork,
    rules: Sequence[AlertRule],
    brand_series: Sequence[DailySeries],
    day: date,
) -> list[Draft]:
    by_key = {(s.metric, s.scope.channel): s for s in brand_series}
    found: list[Draft] = []
    for rule in rules:
        if not rule.enabled:
            continue
        measure = Measure(rule.measure)
        days = [day - timedelta(days=n) for n in range(rule.window_days - 1, -1, -1)]
        if rule.scope.subject_id is not None:
            parts = await _subject_series(uow, rule, measure)
        else:
            parts = {
                m.value: by_key.get((m.value, rule.scope.channel))
                or DailySeries(m.value, Scope(channel=rule.scope.channel))
                for m in measure.metrics
            }
        totals = {
            Metric(m): float(sum((s.at(d) for d in days), Decimal(0))) for m, s in parts.items()
        }
        value = _value(measure, totals)
        if value is None or not rule.comparison.holds(value, rule.threshold):
            continue
        evidence: list[EvidenceRow] = []
        for metric in sorted(parts):
            evidence.extend(parts[metric].rows(days, "window"))
        found.append(
            Draft(
                kind=InsightKind.THRESHOLD,
                series=rule.series,
                day=day,
                measure=rule.measure,
                scope=rule.scope,
                direction="up" if rule.comparison.value.startswith("g") else "down",
                headline=(
                    f"{rule.name}: {rule.measure} ({rule.scope.label}) was {value} over the "
                    f"{rule.window_days} days to {day} ({rule.comparison.value} {rule.threshold})"
                ),
                statistics={
                    "value": str(value),
                    "threshold": str(rule.threshold),
                    "comparison": rule.comparison.value,
                    "window_days": rule.window_days,
                    "trials": rounded(measure.denominator(totals)),
                },
                evidence=tuple(evidence),
                rule_id=rule.id,
                cooldown_days=rule.window_days,
            )
        )
    return found


def _value(measure: Measure, totals: dict[Metric, float]) -> Decimal | None:
    numerator = measure.numerator(totals)
    trials = measure.denominator(totals)
    if trials is None:
        return Decimal(str(numerator)).quantize(QUANTUM)
    if trials <= 0:
        return None
    return Decimal(str(min(max(numerator, 0.0), trials) / trials)).quantize(QUANTUM)


async def _subject_series(
    uow: UnitOfWork, rule: AlertRule, measure: Measure
) -> dict[str, DailySeries]:
    scope = rule.scope
    if scope.subject_id is None or scope.subject_kind is None:
        return {}
    buckets = await uow.metric_rollups.series(
        OrganizationId(rule.organization_id), SubjectKind(scope.subject_kind), scope.subject_id
    )
    parts = {m.value: _SubjectSeries(m.value, scope) for m in measure.metrics}
    for bucket in buckets:
        series = parts.get(bucket.metric.value)
        if series is not None and bucket.brand_id == rule.brand_id:
            series.values[bucket.day] = bucket.value
    return dict(parts)


class _SubjectSeries(DailySeries):
    """A subject's buckets: its evidence names the subject."""

    __slots__ = ()

    def rows(self, days: Iterable[date], role: str) -> list[EvidenceRow]:
        return [
            EvidenceRow(
                day=day,
                metric=self.metric,
                value=self.at(day),
                subject_kind=self.scope.subject_kind,
                subject_id=self.scope.subject_id,
                role=role,
            )
            for day in days
            if day in self.values
        ]
