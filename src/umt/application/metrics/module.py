"""The metrics context: metric sync from the platforms, and the samples it stores."""

from __future__ import annotations

from umt.application.agents.names import Agent
from umt.application.context_module import BackgroundLoop, ContextModule
from umt.application.metrics import queries, sync_metrics
from umt.application.metrics.scheduler import run_metric_sync_scheduler

MODULE = ContextModule(
    name="metrics",
    handlers=(
        sync_metrics.sync_metrics,
        queries.get_sync_state,
        queries.get_metric_samples,
    ),
    loops=(
        BackgroundLoop(
            "metric-sync-scheduler", Agent.CONTENT_AD_MANAGEMENT, run_metric_sync_scheduler
        ),
    ),
)
