"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import State

from umt.entrypoints.readiness import check_readiness


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/live", summary="The process is up")
    async def live(self) -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready", summary="The process can serve: its dependencies answer")
    async def ready(self, state: State) -> Response[dict[str, object]]:
        report = await check_readiness(state.container)
        return Response(
            report,
            status_code=200 if report["status"] == "ok" else 503,
            headers={} if report["status"] == "ok" else {"Retry-After": "5"},
        )
