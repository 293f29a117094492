"""Metric sync over HTTP, end to end on the embedded sandbox: an approved piece scheduled
through the publishing API is published by the embedded ticker and agent (which remembers the
post for metric sync); ``POST /api/v1/metrics/sync`` then stores its totals,
``GET /api/v1/metrics/samples`` reads them, and syncing again at the same instant stores
nothing new. Another tenant reaches none of it.

The app runs on a clock the test moves, so "the same instant" is exact and the sandbox's
engagement has had time to grow."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    app_settings,
    assert_problem,
    create_brand,
    register,
    sandbox_channel_accounts,
)
from tests.unit.entrypoints.http.publishing_helpers import approved_piece

from umt.adapters.system.clock import FixedClock
from umt.entrypoints.container import build_container
from umt.entrypoints.http.app import create_app

Client = TestClient[Litestar]


START = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def client(tmp_path: Path, clock: FixedClock) -> Iterator[Client]:
    # the ticker every 50 ms; the metric sync scheduler ticks once, at start (no accounts yet),
    # so only the test's own syncs run
    settings = app_settings(
        tmp_path, publishing_tick_seconds=0.05, metric_sync_scheduler_seconds=3600
    )
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    with TestClient(app=create_app(settings, container=container)) as test_client:
        yield test_client


def wait_for(probe: Any, what: str, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"never saw {what}")


def published(client: Client, owner: Account, clock: FixedClock) -> tuple[str, str, str]:
    """A brand with the sandbox's accounts and a post published on it through the calendar:
    (brand id, the posting account's id, the publication's id)."""
    brand = create_brand(client, owner)
    found = sandbox_channel_accounts(client, owner, brand["id"])
    posts = next(a for a in found["items"] if a["kind"] == "sandbox_account")
    piece = approved_piece(client, owner, brand["id"])
    scheduled = client.post(
        f"{API}/publications",
        json={
            "content_id": piece["id"],
            "channel_account_ids": [posts["id"]],
            "at": clock.now().isoformat(),
        },
        headers=owner.headers,
    )
    assert scheduled.status_code == 201, scheduled.text
    publication_id = scheduled.json()["items"][0]["id"]

    def is_published() -> dict[str, Any] | None:
        body = client.get(f"{API}/publications/{publication_id}", headers=owner.headers).json()
        return body if body["status"] == "published" else None

    done = wait_for(is_published, "the publication published by the embedded agent")
    assert done["remote_id"]
    return brand["id"], posts["id"], publication_id


def sync(client: Client, owner: Account, **body: str) -> list[dict[str, Any]]:
    response = client.post(f"{API}/metrics/sync", json=body, headers=owner.headers)
    assert response.status_code == 200, response.text
    outcomes: list[dict[str, Any]] = response.json()["outcomes"]
    return outcomes


def samples(client: Client, account: Account, publication_id: str) -> dict[str, Any]:
    response = client.get(
        f"{API}/metrics/samples",
        params={"subject_kind": "publication", "subject_id": publication_id},
        headers=account.headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_published_post_is_synced_read_and_synced_again_for_nothing_new(
    client: Client, owner: Account, clock: FixedClock
) -> None:
    _, account_id, publication_id = published(client, owner, clock)
    clock.advance(timedelta(minutes=10))  # engagement grows on the sandbox

    (first,) = sync(client, owner, channel_account_id=account_id)

    assert first["counts"]["stored"] > 0
    assert first["state"]["last_error_reason"] is None
    read = samples(client, owner, publication_id)
    latest = {s["metric"]: s for s in read["latest"]}
    assert {"impressions", "likes"} <= set(latest)
    assert all(s["observed_at"] == read["latest"][0]["observed_at"] for s in read["latest"])
    assert int(float(latest["impressions"]["value"])) > 0
    state = client.get(f"{API}/channel-accounts/{account_id}/sync", headers=owner.headers)
    assert state.status_code == 200, state.text
    assert state.json()["samples_stored"] == first["counts"]["stored"]

    (again,) = sync(client, owner, channel_account_id=account_id)  # the same instant

    assert again["counts"]["readings"] == first["counts"]["readings"]
    assert again["counts"]["stored"] == 0
    assert samples(client, owner, publication_id) == read


def test_another_tenant_reaches_none_of_the_sync_routes(
    client: Client, owner: Account, clock: FixedClock
) -> None:
    brand_id, account_id, publication_id = published(client, owner, clock)
    sync(client, owner, channel_account_id=account_id)
    stranger = register(client, organization_name="Globex")
    url = f"{API}/metrics/sync"

    for body in ({"channel_account_id": account_id}, {"brand_id": brand_id}):
        assert_problem(client.post(url, json=body, headers=stranger.headers), 404, "not_found")
    state = client.get(f"{API}/channel-accounts/{account_id}/sync", headers=stranger.headers)
    assert_problem(state, 404, "not_found")
    theirs = samples(client, stranger, publication_id)
    assert (theirs["latest"], theirs["series"]) == ([], [])
    # the owner's figures are untouched by the stranger's attempts
    assert samples(client, owner, publication_id)["latest"]
