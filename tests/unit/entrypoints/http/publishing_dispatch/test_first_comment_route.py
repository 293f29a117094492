"""The first comment end to end on the embedded server: a due publication with a first comment
goes ticker → outbox → agent → sandbox, the comment is posted under the post once, and
``GET /api/v1/publications/{id}`` shows how it went."""

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
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import ChannelAccountId, OrganizationId

Client = TestClient[Litestar]
HASHTAGS = "#coffee #spring"


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


def test_the_first_comment_is_posted_and_shown_on_the_publication(fast_client: Client) -> None:
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
                rendering=RenderedPost(text="Spring is here"),
                first_comment=HASHTAGS,
            )
            await uow.publications.add(publication)
            await uow.commit()
        return publication

    publication = client.blocking_portal.call(schedule)
    url = f"{API}/publications/{publication.id}"

    def commented() -> dict[str, Any] | None:
        body: dict[str, Any] = client.get(url, headers=owner.headers).json()
        delivery = body.get("first_comment_delivery")
        return body if delivery and delivery["status"] == "posted" else None

    body = wait_for(commented, "the first comment posted")
    assert body["status"] == "published"
    assert body["first_comment"] == HASHTAGS
    delivery = body["first_comment_delivery"]
    assert delivery["attempts"] == 1
    assert (delivery["reason"], delivery["next_attempt_at"]) == (None, None)
    network = container.sandbox_network()
    comments = client.blocking_portal.call(network.posts.comments, body["remote_id"])
    assert [(c.id, c.text) for c in comments] == [(delivery["comment_id"], HASHTAGS)]
