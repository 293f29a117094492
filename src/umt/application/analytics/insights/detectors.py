"""The detectors: anomalies and trend changes of a brand's daily series (``series.py``).

Anomaly: the latest complete day against the same weekday of the ``history_weeks`` weeks
before it (the days the series was known), by the robust z-score and its floors
(``domain/analytics/insights/robust.py``). Trend change: the last two adjacent windows of
``trend.window_days`` days each, by Welch's t and its floors (``trend.py``), raised again for
a series only once a window has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from umt.application.analytics.insights.config import InsightConfig
from umt.application.analytics.insights.drafts import Draft, number, rounded
from umt.application.analytics.insights.series import DailySeries
from umt.domain.analytics.insights.insight import InsightKind
from umt.domain.analytics.insights.robust import AnomalyRules, judge_anomaly
from umt.domain.analytics.insights.trend import judge_trend


def anomalies(
    all_series: Iterable[DailySeries], day: date, config: InsightConfig, rules: AnomalyRules
) -> list[Draft]:
    found: list[Draft] = []
    for series in all_series:
        if not series.known(day):
            continue
        history_days = [
            past
            for weeks in range(1, config.history_weeks + 1)
            if series.known(past := day - timedelta(weeks=weeks))
        ]
        value = float(series.at(day))
        verdict = judge_anomaly(value, [float(series.at(d)) for d in history_days], rules)
        if not verdict.anomalous or verdict.score is None:
            continue
        score = verdict.score
        direction = "up" if value > score.median else "down"
        weekday = day.strftime("%A")
        found.append(
            Draft(
                kind=InsightKind.ANOMALY,
                series=f"anomaly:{series.metric}:{series.scope.label}",
                day=day,
                measure=series.metric,
                scope=series.scope,
                direction=direction,
                headline=(
                    f"{series.metric} ({series.scope.label}) {direction} on {weekday} {day}: "
                    f"{number(value)} against a median of {number(score.median)} over the "
                    f"last {len(history_days)} {weekday}s"
                ),
                statistics={
                    "value": rounded(value),
                    "median": rounded(score.median),
                    "spread": rounded(score.spread),
                    "method": score.method.value,
                    "z": rounded(score.z),
                    "relative_change": rounded(verdict.relative_change),
                    "history_days": len(history_days),
                    "threshold": rules.threshold,
                },
                evidence=(
                    *series.rows([day], "latest"),
                    *series.rows(sorted(history_days), "history"),
                ),
            )
        )
    return found


def trend_changes(
    all_series: Iterable[DailySeries], day: date, config: InsightConfig
) -> list[Draft]:
    rules = config.trend
    width = rules.window_days
    after = [day - timedelta(days=n) for n in range(width - 1, -1, -1)]
    before = [d - timedelta(days=width) for d in after]
    found: list[Draft] = []
    for series in all_series:
        if series.scope.channel is not None or not series.known(before[0]):
            continue  # the brand's own series, with both windows known
        verdict = judge_trend(
            [float(series.at(d)) for d in before], [float(series.at(d)) for d in after], rules
        )
        if not verdict.changed:
            continue
        direction = "up" if verdict.after_mean > verdict.before_mean else "down"
        found.append(
            Draft(
                kind=InsightKind.TREND_CHANGE,
                series=f"trend:{series.metric}:{series.scope.label}",
                day=day,
                measure=series.metric,
                scope=series.scope,
                direction=direction,
                headline=(
                    f"{series.metric} ({series.scope.label}) trending {direction}: "
                    f"{number(verdict.after_mean)} a day over the {width} days to {day}, "
                    f"against {number(verdict.before_mean)} over the {width} days before"
                ),
                statistics={
                    "before_mean": rounded(verdict.before_mean),
                    "after_mean": rounded(verdict.after_mean),
                    "t": rounded(verdict.t),
                    "relative_change": rounded(verdict.relative_change),
                    "window_days": width,
                    "min_t": rules.min_t,
                },
                evidence=(*series.rows(before, "before"), *series.rows(after, "after")),
                cooldown_days=width,
            )
        )
    return found
