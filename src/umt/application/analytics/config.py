"""The analytics context's settings, as the use cases and the maintenance loop take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from umt.ports.metric_sink import RollupWindow


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyticsConfig:
    # the daily buckets of the last ``late_days`` days (before today, in the brand's time
    # zone) still change when late samples arrive; older ones are final
    late_days: int = 90
    # raw samples are kept this many days (whole months dropped past it; the rollups stay);
    # 0 keeps them for ever
    retention_days: int = 400
    partitions_ahead: int = 3  # months of sample partitions made ahead (PostgreSQL)
    max_batch_rows: int = 10_000  # samples in one ingested batch (HTTP, CSV, agent task)
    # the writes' notes one rollup-refresh transaction takes (PostgreSQL defers the rollups)
    rollup_refresh_batch: int = 50_000
    # how much older than now, and newer, a sample may say it was observed
    max_clock_skew: timedelta = timedelta(minutes=10)

    def __post_init__(self) -> None:
        if self.late_days < 0 or self.retention_days < 0:
            raise ValueError("the late-data window and the retention are zero or more days")
        if self.retention_days and self.retention_days < self.late_days + 31:
            # late samples are rolled up from the raw samples of their days, and the
            # retention drops whole months
            raise ValueError("the retention must exceed the late-data window by a month")

    def window(self, now: datetime) -> RollupWindow:
        return RollupWindow(now=now, late_days=self.late_days)

    def oldest_accepted(self, now: datetime) -> datetime | None:
        """Samples observed before this are refused: their raw storage is past the
        retention (None: kept for ever)."""
        if self.retention_days == 0:
            return None
        return now - timedelta(days=self.retention_days)
