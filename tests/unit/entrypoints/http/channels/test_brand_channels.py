"""The brand's channel → platform mapping over HTTP, and what a disconnected integration does
to it end to end on the embedded sandbox: its accounts disabled with the reason, a scheduled
publication failed at once with ``account_unavailable``, and everything active again once
the sandbox account is connected anew and discovered."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID, uuid4

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    create_brand,
    register,
    sandbox_channel_accounts,
)

from umt.domain.publishing.planned_time import PlannedTime
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.ids import ChannelAccountId, OrganizationId

Client = TestClient[Litestar]
NOWHERE = "00000000-0000-4000-8000-000000000000"


def channels_of(client: Client, account: Account, brand_id: str) -> list[dict[str, Any]]:
    response = client.get(f"{API}/brands/{brand_id}/channels", headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["brand_id"] == brand_id
    items: list[dict[str, Any]] = body["items"]
    return items


def wait_for(probe: Any, what: str, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"never saw {what}")


def reconnect_sandbox(client: Client, account: Account, sandbox_account_id: str) -> dict[str, Any]:
    """A new integration for an existing sandbox account (the consent form's choice)."""
    started = client.post(f"{API}/integrations/sandbox/authorize", json={}, headers=account.headers)
    assert started.status_code == 200, started.text
    query = parse_qs(urlsplit(started.json()["authorization_url"]).query)
    form = {k: v[0] for k, v in query.items() if k != "response_type"}
    form |= {"decision": "approve", "account_id": sandbox_account_id}
    decided = client.post("/sandbox/oauth/authorize", data=form, follow_redirects=False)
    assert decided.status_code == 303, decided.text
    back = urlsplit(decided.headers["location"])
    done = client.get(f"{back.path}?{back.query}")
    assert done.status_code == 200, done.text
    connected: dict[str, Any] = done.json()
    return connected


def test_the_brands_channels_map_to_their_accounts(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, time_zone="Europe/Berlin")
    audience = client.post(
        f"{API}/brands/{brand['id']}/audiences",
        json={"persona_name": "Founders", "preferred_channels": ["email", "x"]},
        headers=owner.headers,
    )
    assert audience.status_code == 201, audience.text
    assert channels_of(client, owner, brand["id"]) == [
        {"channel": "x", "preferred": True, "publishable": False, "accounts": []},
        {"channel": "email", "preferred": True, "publishable": False, "accounts": []},
    ]
    found = sandbox_channel_accounts(client, owner, brand["id"], channel="x")
    kinds = {a["kind"]: a for a in found["items"]}

    items = channels_of(client, owner, brand["id"])

    assert [(c["channel"], c["preferred"], c["publishable"]) for c in items] == [
        ("x", True, True),
        ("email", True, False),  # preferred, but nothing connected serves it
        ("meta_ads", False, True),
    ]
    (posts,) = items[0]["accounts"]
    assert posts == {
        "id": kinds["sandbox_account"]["id"],
        "integration_id": kinds["sandbox_account"]["integration_id"],
        "platform": "sandbox",
        "kind": "sandbox_account",
        "role": "publish",
        "external_id": kinds["sandbox_account"]["external_id"],
        "name": kinds["sandbox_account"]["name"],
        "status": "active",
        "status_reason": None,
        "time_zone": kinds["sandbox_account"]["time_zone"],  # the platform's zone
    }
    assert [a["id"] for a in items[2]["accounts"]] == [kinds["sandbox_ad_account"]["id"]]
    # a disabled account stays on its channel, which then has nothing to publish to
    patched = client.patch(
        f"{API}/channel-accounts/{posts['id']}",
        json={"status": "disabled"},
        headers={**owner.headers, "If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    x = channels_of(client, owner, brand["id"])[0]
    assert (x["publishable"], x["accounts"][0]["status"]) == (False, "disabled")


def test_another_tenant_or_an_unknown_brand_gets_404(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    sandbox_channel_accounts(client, owner, brand["id"])
    stranger = register(client, organization_name="Globex")
    url = f"{API}/brands/{brand['id']}/channels"
    assert_problem(client.get(url, headers=stranger.headers), 404, "not_found")
    assert_problem(client.get(f"{API}/brands/{NOWHERE}/channels", headers=owner.headers), 404)
    assert client.get(f"{API}/brands/not-a-uuid/channels", headers=owner.headers).status_code in (
        400,
        404,
    )
    assert client.get(url).status_code == 401


def test_a_disconnected_integration_disables_the_brands_accounts_until_reconnected(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    found = sandbox_channel_accounts(client, owner, brand["id"])
    posts = next(a for a in found["items"] if a["kind"] == "sandbox_account")
    integration = client.get(
        f"{API}/integrations/{posts['integration_id']}", headers=owner.headers
    ).json()
    container = client.app.state.container

    async def schedule() -> Publication:
        now = container.clock().now()
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                OrganizationId(UUID(owner.organization_id)), ChannelAccountId(UUID(posts["id"]))
            )
            assert account is not None
            publication = Publication.schedule(
                planned=PlannedTime.at_instant(now + timedelta(days=1), "UTC"),
                now=now,
                id=uuid4(),
                organization_id=account.organization_id,
                brand_id=account.brand_id,
                content_id=uuid4(),
                content_version_id=uuid4(),
                channel_account_id=account.id,
                channel=account.channel,
                kind=account.kind,
                rendering=RenderedPost(text="Tomorrow's post"),
            )
            await uow.publications.add(publication)
            await uow.commit()
        return publication

    publication = client.blocking_portal.call(schedule)
    gone = client.delete(f"{API}/integrations/{integration['id']}", headers=owner.headers)
    assert gone.status_code == 204, gone.text

    def disabled() -> list[dict[str, Any]] | None:
        accounts = [a for c in channels_of(client, owner, brand["id"]) for a in c["accounts"]]
        return accounts if all(a["status"] == "disabled" for a in accounts) else None

    accounts = wait_for(disabled, "the accounts disabled by the disconnection")
    assert {a["status_reason"] for a in accounts} == {"integration_revoked"}
    failed = wait_for(
        lambda: (
            body
            if (
                body := client.get(
                    f"{API}/publications/{publication.id}", headers=owner.headers
                ).json()
            )["status"]
            == "failed"
            else None
        ),
        "the scheduled publication failed",
    )
    assert failed["failure"]["reason"] == "account_unavailable"
    url = f"{API}/channel-accounts/{posts['id']}"
    version = client.get(url, headers=owner.headers).json()["version"]
    refused = client.patch(
        url, json={"status": "active"}, headers={**owner.headers, "If-Match": f'"{version}"'}
    )
    assert_problem(refused, 409, "integration_disconnected", field="status")

    again = reconnect_sandbox(client, owner, integration["account"]["id"])
    assert again["id"] != integration["id"]
    rediscovered = client.post(
        f"{API}/brands/{brand['id']}/channel-accounts/discover",
        json={"integration_id": again["id"]},
        headers=owner.headers,
    )
    assert rediscovered.status_code == 200, rediscovered.text
    assert (rediscovered.json()["added"], rediscovered.json()["refreshed"]) == (0, 2)
    after = [a for c in channels_of(client, owner, brand["id"]) for a in c["accounts"]]
    assert {(a["status"], a["status_reason"], a["integration_id"]) for a in after} == {
        ("active", None, again["id"])
    }
