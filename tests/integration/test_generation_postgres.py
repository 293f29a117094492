"""Generation on the real services: two instances sharing PostgreSQL (the SQL ledger and
budgets) and Redis (the response cache), with the offline generator."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from tests.support.postgres import throwaway_database
from tests.support.redis import require_redis

from umt.entrypoints.http.app import create_app
from umt.entrypoints.settings import Settings

API = "/api/v1"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with throwaway_database(migrate=True) as url:
        yield url


def _settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        redis_url=require_redis(),
        data_dir=tmp_path,
        jwt_secret="g" * 40,
        log_level="CRITICAL",
        rate_limits=False,
        _env_file=None,
    )


def _sign_up(client: TestClient[Any], email: str) -> dict[str, str]:
    client.post(
        f"{API}/auth/register",
        json={"email": email, "password": PASSWORD, "organization_name": "Gen"},
    )
    token = client.post(f"{API}/auth/token", json={"email": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _generate(client: TestClient[Any], auth: dict[str, str], brand_id: str, topic: str) -> Any:
    body = {"topic": topic, "content_type": "social_post", "channel": "linkedin", "seed": 3}
    return client.post(f"{API}/brands/{brand_id}/generations", json=body, headers=auth)


def test_budget_ledger_and_cache_across_instances(database_url: str, tmp_path: Path) -> None:
    settings = _settings(database_url, tmp_path)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        auth = _sign_up(one, "gen-pg@acme.example")
        brand = one.post(f"{API}/brands", json={"name": "Ledgered"}, headers=auth).json()
        run = uuid.uuid4().hex  # Redis outlives a test run: topics are new each run
        first = _generate(one, auth, brand["id"], f"Shared cache topic {run}")
        assert first.status_code == 200, first.text
        assert first.json()["variants"][0]["provenance"]["cached"] is False
        hit = _generate(two, auth, brand["id"], f"shared  CACHE topic {run.upper()}")
        assert hit.json()["variants"][0]["provenance"]["cached"] is True
        content_id = first.json()["variants"][0]["content_id"]
        stored = two.get(f"{API}/content/{content_id}", headers=auth)
        assert stored.status_code == 200, stored.text

        usage = two.get(f"{API}/organization/generation-usage", headers=auth).json()
        assert (usage["calls"], usage["cached_calls"]) >= (2, 1)
        spent = usage["tokens"]
        assert spent > 0
        # a budget just under what is spent, set on one instance, holds on the other
        put = one.put(
            f"{API}/organization/generation-budget", json={"token_limit": spent}, headers=auth
        )
        assert put.status_code == 200, put.text
        refused = _generate(two, auth, brand["id"], f"A new topic {run}")
        assert refused.status_code == 429, refused.text
        assert refused.json()["code"] == "generation_budget_exhausted"
        assert int(refused.headers["retry-after"]) >= 1
        after = one.get(f"{API}/organization/generation-usage", headers=auth).json()
        assert after["tokens"] == spent


def test_concurrent_requests_overspend_by_at_most_one_call(
    database_url: str, tmp_path: Path
) -> None:
    settings = _settings(database_url, tmp_path)
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        auth = _sign_up(one, "gen-race@acme.example")
        brand = one.post(f"{API}/brands", json={"name": "Racing"}, headers=auth).json()
        one.put(f"{API}/organization/generation-budget", json={"token_limit": 1}, headers=auth)
        clients = [one, two] * 4
        run = uuid.uuid4().hex
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(
                pool.map(
                    lambda pair: _generate(
                        pair[1], auth, brand["id"], f"Race topic {pair[0]} {run}"
                    ),
                    enumerate(clients),
                )
            )
        statuses = sorted(a.status_code for a in answers)
        assert statuses.count(200) == 1, statuses  # only the call that started below the limit
        assert statuses.count(429) == 7, statuses
        usage = one.get(f"{API}/organization/generation-usage", headers=auth).json()
        assert usage["calls"] >= 1
