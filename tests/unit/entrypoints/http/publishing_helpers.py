"""Publications over HTTP: an approved piece, a channel account (put in the app's store: the
API discovers accounts from a connected integration) and publications in a given state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account

from umt.adapters.memory.store import InMemoryStore
from umt.domain.brand.channels import Channel
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.failures import FailureReason
from umt.domain.shared.ids import BrandId, ChannelAccountId, OrganizationId

Client = TestClient[Litestar]
LATER = "2030-01-07T09:00:00"  # a wall time in Europe/Berlin, far enough ahead


def store_of(client: Client) -> InMemoryStore:
    store: InMemoryStore = client.app.state.container.memory_store()
    return store


def approved_piece(client: Client, account: Account, brand_id: str) -> dict[str, Any]:
    created = client.post(
        f"{API}/brands/{brand_id}/content",
        json={
            "content_type": "social_post",
            "channel": "linkedin",
            "title": "Spring roast",
            "body": "Our spring roast is here. Try it this week.",
        },
        headers=account.headers,
    )
    assert created.status_code == 201, created.text
    piece_id = created.json()["id"]
    for action in ("submit", "approve"):
        response = client.post(f"{API}/content/{piece_id}/{action}", headers=account.headers)
        assert response.status_code == 200, response.text
    piece: dict[str, Any] = response.json()
    return piece


def channel_account(client: Client, account: Account, brand_id: str, **fields: Any) -> str:
    """A LinkedIn organization of the brand, in Berlin, as a discovery would have stored it."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "id": ChannelAccountId(uuid4()),
        "organization_id": OrganizationId(UUID(account.organization_id)),
        "brand_id": BrandId(UUID(brand_id)),
        "integration_id": IntegrationId(uuid4()),
        "kind": ChannelKind.LINKEDIN_ORGANIZATION,
        "external_id": uuid4().hex,
        "name": "Acme on LinkedIn",
        "channel": Channel.LINKEDIN,
        "time_zone": "Europe/Berlin",
        "created_at": now,
        "updated_at": now,
    }
    values.update(fields)
    channel = ChannelAccount(**values)
    store_of(client).channel_accounts[channel.id] = channel
    return str(channel.id)


def schedule(client: Client, account: Account, body: dict[str, Any]) -> Any:
    return client.post(f"{API}/publications", json=body, headers=account.headers)


def scheduled_publication(
    client: Client, account: Account, brand_id: str, *, local_time: str = LATER
) -> dict[str, Any]:
    piece = approved_piece(client, account, brand_id)
    account_id = channel_account(client, account, brand_id)
    response = schedule(
        client,
        account,
        {
            "content_id": piece["id"],
            "channel_account_ids": [account_id],
            "local_time": local_time,
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 201, response.text
    publication: dict[str, Any] = response.json()["items"][0]
    return publication


def failed_publication(client: Client, account: Account, brand_id: str) -> dict[str, Any]:
    """A publication the engine tried once and failed for good (a token expired)."""
    created = scheduled_publication(client, account, brand_id)
    stored = store_of(client).publications[UUID(created["id"])]
    due = stored.due_at
    fence = stored.claim("engine", until=due + timedelta(minutes=5), now=due)
    stored.begin_attempt(fence, now=due)
    stored.record_failure(fence, FailureReason.TOKEN_EXPIRED, detail="401", now=due)
    stored.events.clear()
    return created


def created_schedule(client: Client, account: Account, brand_id: str) -> dict[str, Any]:
    """A weekly schedule of a fresh approved piece to a fresh account (expanded at once)."""
    piece = approved_piece(client, account, brand_id)
    response = client.post(
        f"{API}/schedules",
        json={
            "content_id": piece["id"],
            "channel_account_ids": [channel_account(client, account, brand_id)],
            "frequency": "weekly",
            "weekdays": [0, 3],
            "local_time": "09:00",
            "time_zone": "Europe/Berlin",
        },
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    schedule: dict[str, Any] = response.json()
    return schedule
