"""``GET /metrics``, the Prometheus text exposition (no token, not in the OpenAPI document).

The request metrics and spans it exposes are taken by the edge middleware (edge.py).
"""

from __future__ import annotations

from litestar import Response, get
from litestar.datastructures import State

from umt.entrypoints.observability.metrics import CONTENT_TYPE, Metrics


@get("/metrics", include_in_schema=False, opt={"public": True})
async def metrics_endpoint(state: State) -> Response[bytes]:
    metrics: Metrics = state.metrics
    return Response(await metrics.render(), media_type=CONTENT_TYPE)
