"""The operations endpoints: liveness and readiness probes, and the Prometheus metrics."""

from __future__ import annotations

from umt.entrypoints.http.health.probes import HealthController
from umt.entrypoints.http.observe import metrics_endpoint
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(HealthController, metrics_endpoint))
