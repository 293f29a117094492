"""The publishing scheduler's section of the settings (``UMT_PUBLISHING_*``): the ticker's
interval, batch and lease, the publish engine's reconciliation delay and retry limits, and the
token check ahead of publishing (docs/configuration.md, docs/publishing.md)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from umt.entrypoints.settings.sections import SECTION_CONFIG


class PublishingSettings(BaseModel):
    model_config = SECTION_CONFIG

    tick_seconds: float = Field(
        default=5.0, gt=0, le=3600, validation_alias="publishing_tick_seconds"
    )
    batch: int = Field(default=100, ge=1, le=10_000, validation_alias="publishing_batch")
    max_in_flight: int = Field(
        default=500, ge=1, le=1_000_000, validation_alias="publishing_max_in_flight"
    )
    lease_seconds: int = Field(
        default=120, ge=15, le=3600, validation_alias="publishing_lease_seconds"
    )
    reconcile_delay_seconds: int = Field(
        default=30, ge=0, le=3600, validation_alias="publishing_reconcile_delay_seconds"
    )
    retry_base_seconds: int = Field(
        default=30, ge=1, le=3600, validation_alias="publishing_retry_base_seconds"
    )
    retry_max_seconds: int = Field(
        default=1800, ge=1, le=86_400, validation_alias="publishing_retry_max_seconds"
    )
    max_attempts: int = Field(default=5, ge=1, le=50, validation_alias="publishing_max_attempts")
    token_check_hours: int = Field(
        default=24, ge=1, le=168, validation_alias="publishing_token_check_hours"
    )
    token_check_minutes: int = Field(
        default=15, ge=1, le=24 * 60, validation_alias="publishing_token_check_minutes"
    )
