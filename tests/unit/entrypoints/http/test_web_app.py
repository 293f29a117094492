"""The web app served on the API's origin: client routes get index.html, hashed assets are
cached for good, and /api, /schema, /health and /metrics keep their own answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, assert_problem, build_app

from umt.entrypoints.http.security_headers import API_POLICY, APP_POLICY

INDEX = b"<!doctype html><html><body><div id=root></div></body></html>"
Client = TestClient[Litestar]


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_bytes(INDEX)
    (folder / "assets" / "index-abc123.js").write_text("console.log('app')")
    (folder / "robots.txt").write_text("User-agent: *\n")
    (tmp_path / "secret.txt").write_text("outside the build")
    (folder / ".env").write_text("UMT_JWT_SECRET=x")
    return folder


@pytest.fixture
def client(tmp_path: Path, dist: Path) -> Iterator[Client]:
    with TestClient(app=build_app(tmp_path / "data", web_dir=str(dist))) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/", "/brands", "/brands/7f1c/voice", "/sign-in?next=%2F"])
def test_client_routes_get_the_page_never_cached_under_the_app_policy(
    client: Client, path: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.content == INDEX
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-cache"
    assert answer.headers["content-security-policy"] == APP_POLICY
    assert "'unsafe-eval'" not in APP_POLICY
    assert "script-src 'self';" in APP_POLICY  # no inline script
    assert answer.headers["x-frame-options"] == "DENY"


def test_hashed_assets_are_cached_for_a_year_and_other_files_briefly(client: Client) -> None:
    asset = client.get("/assets/index-abc123.js")
    assert asset.status_code == 200
    assert asset.text == "console.log('app')"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "javascript" in asset.headers["content-type"]
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots.headers["cache-control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    "path",
    [
        "/assets/missing-000.js",  # a file name that is not there: 404, not the page
        "/../secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/.env",  # dotfiles are never served
    ],
)
def test_missing_files_and_escapes_are_404_problems(client: Client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404, answer.text
    assert "outside the build" not in answer.text
    assert "UMT_JWT_SECRET" not in answer.text


def test_the_api_keeps_priority_and_its_own_policy(client: Client) -> None:
    assert_problem(client.get(f"{API}/no-such-thing"), 404, "route_not_found")
    unauthorized = client.get(f"{API}/brands")
    assert_problem(unauthorized, 401)
    assert unauthorized.headers["content-security-policy"] == API_POLICY.decode()
    assert client.get("/health/live").json()["status"] == "ok"
    assert client.get("/schema/openapi.json").json()["info"]["title"] == "umt API"
    assert client.get("/metrics").headers["content-type"].startswith("text/plain")
    assert_problem(client.get("/api"), 404)
    assert_problem(client.get("/health/nope"), 404)
    # the catch-all is not part of the API's document
    assert "/{path}" not in client.get("/schema/openapi.json").json()["paths"]


def test_without_a_build_the_root_is_the_api_404(tmp_path: Path) -> None:
    with TestClient(app=build_app(tmp_path, web_dir=str(tmp_path / "none"))) as client:
        assert_problem(client.get("/"), 404, "route_not_found")
        assert_problem(client.get("/brands"), 404, "route_not_found")
