"""The metric sync's settings, as the use cases and the scheduler take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricSyncConfig:
    interval: timedelta = timedelta(minutes=30)  # between two syncs of an account
    lease: timedelta = timedelta(minutes=10)  # a claimed sync is claimed again after this
    batch: int = 50  # due syncs claimed per scheduler tick
