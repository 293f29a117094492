"""Every API call of the README tour names a route the app serves, with query parameters the
route declares: an unknown query parameter is ignored by the server, so a misspelt one (the
dashboard's ``since`` for ``from``) answers 200 with the default instead of what the prose
promises, and only a check against the OpenAPI document catches it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from litestar import Litestar
from litestar.testing import TestClient

README = Path(__file__).resolve().parents[4] / "README.md"
# $API then the path (shell variables as segments) and, optionally, the query string
CALL = re.compile(r"\$API(?P<path>/[^\s\"'?]*)(?:\?(?P<query>[^\s\"']*))?")


def tour_calls() -> list[tuple[str, list[str]]]:
    calls = []
    for match in CALL.finditer(README.read_text()):
        names = [name for name, _ in parse_qsl(match["query"] or "", keep_blank_values=True)]
        calls.append((match["path"], names))
    return calls


def route_for(path: str, routes: dict[str, Any]) -> str | None:
    """The OpenAPI path the README's path fills in: a ``$VAR`` segment fills a ``{...}`` one,
    a written one (``sandbox``) too unless a route spells it (the most literal route wins)."""
    segments = path.rstrip("/").split("/")
    fits = []
    for route in routes:
        template = route.split("/")
        if len(template) == len(segments) and all(
            t == s or (t.startswith("{") and s != "")
            for t, s in zip(template, segments, strict=True)
        ):
            literal = sum(t == s for t, s in zip(template, segments, strict=True))
            fits.append((literal, route))
    return max(fits)[1] if fits else None


def test_the_tour_reads_at_least_its_analytics_and_research_calls() -> None:
    paths = {path for path, _ in tour_calls()}
    assert "/brands/$BRAND/analytics/dashboard" in paths
    assert "/brands/$BRAND/research/topic-gaps" in paths


def test_every_tour_call_is_a_route_with_the_query_parameters_it_declares(
    shared_client: TestClient[Litestar],
) -> None:
    routes = shared_client.get("/schema/openapi.json").json()["paths"]
    for path, names in tour_calls():
        route = route_for(f"/api/v1{path}", routes)
        assert route is not None, f"README calls $API{path}, which the app does not serve"
        declared = {
            parameter["name"]
            for operation in routes[route].values()
            if isinstance(operation, dict)
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
        assert set(names) <= declared, (path, set(names) - declared)


def test_a_misspelt_query_parameter_is_caught() -> None:
    routes: dict[str, Any] = {"/api/v1/brands/{brand_id}/analytics/dashboard": {}}
    assert route_for("/api/v1/brands/$BRAND/analytics/dashboard", routes) is not None
    assert route_for("/api/v1/brands/$BRAND/analytics/dashboards", routes) is None
    both: dict[str, Any] = {"/api/v1/jobs/{job_id}": {}, "/api/v1/jobs/stats": {}}
    assert route_for("/api/v1/jobs/stats", both) == "/api/v1/jobs/stats"
    assert route_for("/api/v1/jobs/$JOB", both) == "/api/v1/jobs/{job_id}"
