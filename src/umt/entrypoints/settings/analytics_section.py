"""The analytics context's section of the settings (``UMT_ANALYTICS_*``): the rollups'
late-data window, the raw samples' retention and partitions, the maintenance and rollup-refresh
loops' intervals and the size of an ingested batch (docs/configuration.md, docs/analytics.md)."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, Field, model_validator

from umt.entrypoints.settings.sections import SECTION_CONFIG

# a month of raw samples more than the window: the retention drops whole months
RETENTION_MARGIN_DAYS = 31


class AnalyticsSettings(BaseModel):
    model_config = SECTION_CONFIG

    late_data_days: int = Field(
        default=90, ge=0, le=3650, validation_alias="analytics_late_data_days"
    )
    raw_retention_days: int = Field(
        default=400, ge=0, le=36_500, validation_alias="analytics_raw_retention_days"
    )
    partitions_ahead: int = Field(
        default=3, ge=1, le=24, validation_alias="analytics_partitions_ahead"
    )
    maintenance_seconds: float = Field(
        default=3600.0, ge=1, le=86_400, validation_alias="analytics_maintenance_seconds"
    )
    rollup_refresh_seconds: float = Field(
        default=1.0, ge=0.05, le=3600, validation_alias="analytics_rollup_refresh_seconds"
    )
    max_batch: int = Field(
        default=10_000, ge=1, le=1_000_000, validation_alias="analytics_max_batch"
    )
    # how often the report-deliveries loop looks for due scheduled reports (a run is due on
    # the hour: a minute keeps a mail within a minute of its hour)
    report_delivery_seconds: float = Field(
        default=60.0, ge=1, le=3600, validation_alias="analytics_report_delivery_seconds"
    )

    @model_validator(mode="after")
    def _window_within_retention(self) -> Self:
        retention, late = self.raw_retention_days, self.late_data_days
        if retention and retention < late + RETENTION_MARGIN_DAYS:
            raise ValueError(
                "UMT_ANALYTICS_RAW_RETENTION_DAYS must be 0 (keep for ever) or at least "
                f"UMT_ANALYTICS_LATE_DATA_DAYS + {RETENTION_MARGIN_DAYS}: late samples are "
                "rolled up from the raw samples of their days"
            )
        return self
