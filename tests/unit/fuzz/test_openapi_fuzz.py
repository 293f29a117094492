"""Fuzz every operation of the HTTP API from its own OpenAPI schema (schemathesis).

Whatever a client sends — valid or not — the answer is never a 5xx, and every error is a
problem+json document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar.testing import TestClient

from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

_DATA_DIR = Path(__file__).parent / ".fuzz-var"
APP = create_app(Settings(database_url="memory://", data_dir=_DATA_DIR, log_level="CRITICAL"))
# Loaded from the document itself (not from_asgi), so schemathesis never drives the app's
# lifespan: requests go through the Litestar test client below.
schema = schemathesis.openapi.from_dict(APP.openapi_schema.to_schema())


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Any]]:
    with TestClient(APP) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def auth(client: TestClient[Any]) -> dict[str, str]:
    password = "correct horse battery staple"
    client.post(
        "/api/v1/auth/register",
        json={"email": "fuzz@acme.example", "password": password, "organization_name": "Fuzz"},
    )
    token = client.post(
        "/api/v1/auth/token", json={"email": "fuzz@acme.example", "password": password}
    )
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_server_errors_and_problem_json(
    case: Any, client: TestClient[Any], auth: dict[str, str]
) -> None:
    kwargs = case.as_transport_kwargs(headers=auth)
    kwargs.pop("base_url", None)
    allowed = {"method", "url", "headers", "params", "content", "json", "data", "files"}
    request = {k: v for k, v in kwargs.items() if k in allowed and v is not None}
    if isinstance(request.get("data"), str | bytes):  # raw bodies go as content
        request["content"] = request.pop("data")
    if kwargs.get("cookies"):
        client.cookies.update(kwargs["cookies"])
    response = client.request(**request)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["status"] == response.status_code
