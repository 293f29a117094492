"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.openapi import ResponseSpec

from umt.entrypoints.http.rules import PUBLIC
from umt.entrypoints.http.schemas.health import Liveness, Readiness
from umt.entrypoints.readiness import check_readiness


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/live", summary="The process is up", opt=PUBLIC)
    async def live(self) -> Liveness:
        return Liveness(status="ok")

    @get(
        "/ready",
        summary="Dependencies answer (503 names what is down)",
        opt=PUBLIC,
        responses={
            503: ResponseSpec(
                data_container=Readiness,
                description="A dependency is down: the report names it; retry after Retry-After",
                generate_examples=False,
            )
        },
    )
    async def ready(self, state: State) -> Response[Readiness]:
        report = await check_readiness(state.container)
        ok = not report.down
        return Response(
            report, status_code=200 if ok else 503, headers={} if ok else {"Retry-After": "5"}
        )
