"""The insights' settings, as the detection and the use cases take them."""

from __future__ import annotations

from dataclasses import dataclass, field

from umt.domain.analytics.insights.robust import AnomalyRules
from umt.domain.analytics.insights.trend import TrendRules


@dataclass(frozen=True, slots=True, kw_only=True)
class InsightConfig:
    anomaly: AnomalyRules = field(default_factory=AnomalyRules)
    history_weeks: int = 8  # same weekdays an anomaly is judged against
    trend: TrendRules = field(default_factory=TrendRules)
    max_alert_rules: int = 50  # per brand
    # brands with a bucket in the last this many days are scanned by the detection loop
    active_days: int = 14

    def __post_init__(self) -> None:
        if not self.anomaly.min_history <= self.history_weeks <= 52:
            raise ValueError("history_weeks lies between the minimum history and 52")
        if self.max_alert_rules < 1 or self.active_days < 1:
            raise ValueError("max_alert_rules and active_days are 1 or more")

    @property
    def lookback_days(self) -> int:
        """Days of rollups a brand's detection reads, up to the latest complete day."""
        return max(7 * self.history_weeks, 2 * self.trend.window_days)
