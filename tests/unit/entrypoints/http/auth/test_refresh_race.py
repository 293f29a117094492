"""Refresh-token reuse detection under concurrency: one refresh token presented many times at
once yields exactly one new pair, and the lost races count as reuse (the sign-in ends).

Run on the in-memory store and on SQLite (a migrated file); the same race on PostgreSQL is in
the RefreshTokenRepository contract and tests/integration/test_identity_postgres.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.refresh_race import refresh_all_at_once
from tests.unit.entrypoints.http.helpers import API, assert_problem, build_app, register

from umt.adapters.sql.migrate import upgrade_to_head

CONCURRENT = 20
Client = TestClient[Litestar]


@pytest.fixture(params=["memory", "sqlite"])
def race_client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Client]:
    url = "memory://"
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'umt.db'}"
        asyncio.run(upgrade_to_head(url))
    with TestClient(app=build_app(tmp_path, database_url=url)) as test_client:
        yield test_client


def test_twenty_concurrent_refreshes_yield_one_pair_and_end_the_sign_in(
    race_client: Client,
) -> None:
    client = race_client
    account = register(client, organization_name="Race")
    answers = refresh_all_at_once(client, account.refresh_token, CONCURRENT)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [401] * (CONCURRENT - 1), [a.text for a in answers]
    # every loser presented a spent token: reuse, so the winner's new pair is dead too
    (winner,) = (a.json() for a in answers if a.status_code == 200)
    again = client.post(f"{API}/auth/refresh", json={"refresh_token": winner["refresh_token"]})
    assert_problem(again, 401)
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {winner['access_token']}"})
    assert_problem(me, 401)
    # the reuse is on the record, seen from a new sign-in
    signed_in = client.post(
        f"{API}/auth/token", json={"email": account.email, "password": account.password}
    )
    assert signed_in.status_code == 200, signed_in.text
    audit = client.get(
        f"{API}/audit-log",
        params={"action": "auth.refresh_token_reuse_detected"},
        headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"},
    )
    assert audit.status_code == 200, audit.text
    assert audit.json()["items"]
