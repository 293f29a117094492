"""Security headers on every response, errors included; CORS only for configured origins."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, build_app

Client = TestClient[Litestar]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/health/live", 200),
        ("GET", f"{API}/brands", 401),  # no token
        ("GET", f"{API}/nowhere", 404),  # answered before routing
        ("POST", f"{API}/auth/token", 422),  # no body
        ("DELETE", "/health/live", 405),
    ],
)
def test_every_response_carries_the_security_headers(
    shared_client: Client, method: str, path: str, status: int
) -> None:
    response = shared_client.request(method, path)
    assert response.status_code == status
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "strict-transport-security" not in headers  # plain HTTP


def test_the_docs_pages_may_load_their_scripts(shared_client: Client) -> None:
    response = shared_client.get("/schema/swagger")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net" in policy
    assert "frame-ancestors 'none'" in policy


def test_hsts_over_https_and_when_forced(tmp_path: Path) -> None:
    with TestClient(build_app(tmp_path), base_url="https://testserver.local") as client:
        hsts = client.get("/health/live").headers["strict-transport-security"]
        assert hsts.startswith("max-age=63072000")
    with TestClient(build_app(tmp_path / "forced", hsts=True)) as client:
        assert "strict-transport-security" in client.get("/health/live").headers


def test_cors_answers_configured_origins_only(tmp_path: Path) -> None:
    app = build_app(tmp_path, cors_origins="https://app.acme.example, https://admin.acme.example")
    with TestClient(app) as client:
        preflight = client.options(
            f"{API}/brands",
            headers={
                "Origin": "https://app.acme.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "Authorization, Idempotency-Key",
            },
        )
        assert preflight.status_code in (200, 204)
        assert preflight.headers["access-control-allow-origin"] == "https://app.acme.example"
        allowed = preflight.headers["access-control-allow-headers"].lower()
        assert "idempotency-key" in allowed
        assert "authorization" in allowed
        simple = client.get("/health/live", headers={"Origin": "https://app.acme.example"})
        assert simple.headers["access-control-allow-origin"] == "https://app.acme.example"
        assert "etag" in simple.headers["access-control-expose-headers"].lower()
        other = client.get("/health/live", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_without_configured_origins_there_is_no_cors(shared_client: Client) -> None:
    response = shared_client.get("/health/live", headers={"Origin": "https://app.acme.example"})
    assert "access-control-allow-origin" not in response.headers
