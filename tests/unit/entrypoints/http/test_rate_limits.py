"""Rate limits: per address on sign-in, per user elsewhere; 429 with RateLimit-* headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, assert_problem, build_app, register

from umt.adapters.memory.rate_limiter import InMemoryRateLimiter, gcra

Client = TestClient[Litestar]


def test_gcra_allows_a_burst_then_refills_smoothly() -> None:
    tat = None
    for expected_remaining in (2, 1, 0):
        decision, tat = gcra(tat, 100.0, limit=3, period=60)
        assert decision.allowed
        assert decision.remaining == expected_remaining
    refused, unchanged = gcra(tat, 100.0, limit=3, period=60)
    assert not refused.allowed
    assert unchanged is None  # a refusal counts nothing
    assert refused.retry_after_seconds == pytest.approx(20.0)  # one slot every 60/3 s
    later, _ = gcra(tat, 120.0, limit=3, period=60)
    assert later.allowed


async def test_the_memory_limiter_keeps_each_key_apart() -> None:
    now = [0.0]
    limiter = InMemoryRateLimiter(clock=lambda: now[0])
    assert (await limiter.hit("a", limit=1, period_seconds=10)).allowed
    assert not (await limiter.hit("a", limit=1, period_seconds=10)).allowed
    assert (await limiter.hit("b", limit=1, period_seconds=10)).allowed
    now[0] = 10.0
    assert (await limiter.hit("a", limit=1, period_seconds=10)).allowed


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[Client]:
    app = build_app(
        tmp_path,
        rate_limits=True,
        rate_limit_sign_in_per_minute=3,
        rate_limit_user_per_minute=5,
        rate_limit_anonymous_per_minute=4,
    )
    with TestClient(app) as client:
        yield client


def test_sign_in_is_limited_per_address_without_revealing_anything(limited: Client) -> None:
    statuses = []
    for _ in range(4):
        response = limited.post(
            f"{API}/auth/token", json={"email": "nobody@acme.example", "password": "wrong guess"}
        )
        statuses.append(response.status_code)
    assert statuses == [401, 401, 401, 429]
    body = assert_problem(response, 429, "rate_limited")
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["ratelimit-limit"] == "3"
    assert response.headers["ratelimit-remaining"] == "0"
    assert "nobody" not in str(body)


def test_redeeming_a_refresh_token_is_not_counted_as_a_sign_in(limited: Client) -> None:
    """Refresh and logout take a token nobody can guess: they spend the address's anonymous
    allowance (4 here), not the sign-in one (3), which stays for passwords."""
    statuses = [
        limited.post(f"{API}/auth/refresh", json={"refresh_token": "umtr_unknown"}).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 401]
    refused = limited.post(f"{API}/auth/session/refresh", json={})
    assert_problem(refused, 429, "rate_limited")
    assert refused.headers["ratelimit-limit"] == "4"
    # the sign-in allowance is untouched: three password tries still answer
    for _ in range(3):
        tried = limited.post(
            f"{API}/auth/token", json={"email": "nobody@acme.example", "password": "wrong"}
        )
        assert tried.status_code == 401


def test_an_authenticated_user_has_a_budget_of_their_own(tmp_path: Path) -> None:
    app = build_app(tmp_path, rate_limits=True, rate_limit_user_per_minute=5)
    with TestClient(app) as client:
        owner = register(client)
        remaining = []
        for _ in range(5):
            response = client.get(f"{API}/brands", headers=owner.headers)
            assert response.status_code == 200
            remaining.append(int(response.headers["ratelimit-remaining"]))
        assert remaining == [4, 3, 2, 1, 0]
        refused = client.get(f"{API}/brands", headers=owner.headers)
        assert_problem(refused, 429, "rate_limited")
        assert refused.headers["x-content-type-options"] == "nosniff"
        other = register(client, organization_name="Other")
        assert client.get(f"{API}/brands", headers=other.headers).status_code == 200


def test_health_and_metrics_are_not_limited(limited: Client) -> None:
    for _ in range(10):
        assert limited.get("/health/live").status_code == 200
