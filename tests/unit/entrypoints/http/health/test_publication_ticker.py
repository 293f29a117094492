"""The embedded server runs the publication ticker beside its content-ad-management agent: a
due publication goes ticker → outbox → relay → agent → sandbox, exactly once, and the ticker's
heartbeat shows in ``/health/ready`` and ``GET /api/v1/agents``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    build_app,
    create_brand,
    register,
    sandbox_channel_accounts,
)

from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import PublicationStatus
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import ChannelAccountId, OrganizationId

Client = TestClient[Litestar]


@pytest.fixture
def fast_client(tmp_path: Path) -> Iterator[Client]:
    app = build_app(tmp_path, publishing_tick_seconds=0.05, heartbeat_seconds=0.1)
    with TestClient(app=app) as client:
        yield client


def wait_for(probe: Any, what: str, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"never saw {what}")


def test_the_tickers_heartbeat_shows_in_readiness_and_the_agents_list(
    fast_client: Client,
) -> None:
    client = fast_client
    beat = wait_for(
        lambda: client.get("/health/ready").json()["loops"].get("publication-ticker"),
        "the ticker's tick in /health/ready",
    )
    assert set(beat) == {"last_tick", "handled", "lag_seconds", "counts"}
    assert beat["counts"] == {"returned": 0, "missed": 0}
    owner = register(client)

    def ticker_in_agents() -> dict[str, Any] | None:
        agents = client.get(f"{API}/agents", headers=owner.headers).json()["items"]
        (cam,) = [a for a in agents if a["name"] == "content-ad-management"]
        loops = [i["loops"] for i in cam["instances"] if i["loops"]]
        return loops[0].get("publication-ticker") if loops else None

    listed = wait_for(ticker_in_agents, "the ticker in the agents list")
    assert listed["handled"] == 0
    brand_project = client.get(f"{API}/agents", headers=owner.headers).json()["items"]
    others = next(a for a in brand_project if a["name"] == "brand-project")
    assert all(i["loops"] == {} for i in others["instances"])  # the ticker is not its loop


def test_a_due_publication_is_published_once_through_the_embedded_agent(
    fast_client: Client,
) -> None:
    client = fast_client
    owner = register(client)
    brand = create_brand(client, owner)
    found = sandbox_channel_accounts(client, owner, brand["id"])
    account_id = next(a["id"] for a in found["items"] if a["kind"] == "sandbox_account")
    container = client.app.state.container

    async def schedule() -> Publication:
        now = container.clock().now()
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                OrganizationId(UUID(owner.organization_id)), ChannelAccountId(UUID(account_id))
            )
            assert account is not None
            publication = Publication.schedule(
                planned=PlannedTime.at_instant(now + timedelta(seconds=1), "UTC"),
                now=now,
                id=uuid4(),
                organization_id=account.organization_id,
                brand_id=account.brand_id,
                content_id=uuid4(),
                content_version_id=uuid4(),
                channel_account_id=account.id,
                channel=account.channel,
                kind=account.kind,
                rendering=RenderedPost(text="Fresh from the embedded ticker"),
            )
            await uow.publications.add(publication)
            await uow.commit()
        return publication

    publication = client.blocking_portal.call(schedule)

    async def status() -> Publication | None:
        async with container.unit_of_work_factory()() as uow:
            return await uow.publications.get(publication.organization_id, publication.id)

    def published() -> Publication | None:
        current = client.blocking_portal.call(status)
        return current if current and current.status is PublicationStatus.PUBLISHED else None

    done = wait_for(published, "the publication published")
    network = container.sandbox_network()
    posts = client.blocking_portal.call(network.posts_with_reference, str(publication.id))
    assert [p.id for p in posts] == [done.remote_id]
    assert len(done.attempts) == 1
