"""The insights' section of the settings (``UMT_INSIGHTS_*``): the detection loop's interval,
the anomaly score's threshold, history and floors, the trend windows and the bound on a
brand's alert rules (docs/configuration.md, docs/analytics.md)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from umt.entrypoints.settings.sections import SECTION_CONFIG


class InsightSettings(BaseModel):
    model_config = SECTION_CONFIG

    detection_seconds: float = Field(
        default=900.0, ge=1, le=86_400, validation_alias="insights_detection_seconds"
    )
    anomaly_threshold: float = Field(
        default=3.5, gt=0, le=100, validation_alias="insights_anomaly_threshold"
    )
    anomaly_history_weeks: int = Field(
        default=8, ge=2, le=52, validation_alias="insights_anomaly_history_weeks"
    )
    anomaly_min_history: int = Field(
        default=4, ge=2, le=52, validation_alias="insights_anomaly_min_history"
    )
    anomaly_min_count: float = Field(
        default=20.0, ge=0, validation_alias="insights_anomaly_min_count"
    )
    anomaly_min_change: float = Field(
        default=0.5, ge=0, validation_alias="insights_anomaly_min_change"
    )
    anomaly_direction: Literal["up", "down", "both"] = Field(
        default="both", validation_alias="insights_anomaly_direction"
    )
    trend_window_days: int = Field(
        default=14, ge=3, le=90, validation_alias="insights_trend_window_days"
    )
    trend_min_t: float = Field(default=3.0, gt=0, le=100, validation_alias="insights_trend_min_t")
    trend_min_change: float = Field(
        default=0.25, ge=0, validation_alias="insights_trend_min_change"
    )
    max_alert_rules: int = Field(
        default=50, ge=1, le=1000, validation_alias="insights_max_alert_rules"
    )

    @model_validator(mode="after")
    def _history_holds_the_minimum(self) -> Self:
        if self.anomaly_min_history > self.anomaly_history_weeks:
            raise ValueError(
                "UMT_INSIGHTS_ANOMALY_MIN_HISTORY must not exceed "
                "UMT_INSIGHTS_ANOMALY_HISTORY_WEEKS"
            )
        return self
