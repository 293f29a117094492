"""The metrics context: metric sync and the samples it stores."""

from __future__ import annotations

from umt.domain.metrics.errors import SyncRateLimited
from umt.entrypoints.http.domain_problems import ProblemMapping
from umt.entrypoints.http.metrics.controllers import ChannelAccountSyncController, MetricsController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(
    route_handlers=(MetricsController, ChannelAccountSyncController),
    problems=(
        ProblemMapping(SyncRateLimited, 429, retry_after=lambda exc: exc.retry_after_seconds),
    ),
)
