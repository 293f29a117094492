"""Channel accounts over HTTP, end to end on the embedded sandbox platform: connect, discover,
read, change, remove; credentials resolve for the discovered accounts; another tenant and bad
input get problems and change nothing."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    connect_sandbox,
    create_brand,
    etag_version,
    register,
    sandbox_channel_accounts,
)

from umt.domain.shared.ids import ChannelAccountId, OrganizationId

Client = TestClient[Litestar]
NOWHERE = "00000000-0000-4000-8000-000000000000"


def accounts_of(client: Client, account: Account, **params: str) -> list[dict[str, Any]]:
    response = client.get(f"{API}/channel-accounts", params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_discover_on_the_sandbox_then_read_change_and_remove(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner, time_zone="Europe/Berlin")
    found = sandbox_channel_accounts(client, owner, brand["id"], channel="x")
    assert (found["added"], found["refreshed"], found["gone"]) == (2, 0, 0)
    kinds = {a["kind"]: a for a in found["items"]}
    posts, ads = kinds["sandbox_account"], kinds["sandbox_ad_account"]
    assert (posts["channel"], posts["role"], posts["platform"]) == ("x", "publish", "sandbox")
    assert (ads["channel"], ads["role"]) == ("meta_ads", "advertise")
    assert ads["currency"] == ads["details"]["currency"]
    assert posts["status"] == "active"
    assert "token" not in str(found).lower().replace("has_own_credentials", "")

    # read it back, alone and in filtered lists
    one = client.get(f"{API}/channel-accounts/{posts['id']}", headers=owner.headers)
    assert one.status_code == 200, one.text
    assert etag_version(one) == 1
    assert [a["id"] for a in accounts_of(client, owner, kind="sandbox_ad_account")] == [ads["id"]]
    assert [a["id"] for a in accounts_of(client, owner, channel="x")] == [posts["id"]]
    assert len(accounts_of(client, owner, brand_id=brand["id"], status="active")) == 2

    # the credentials a publication would act with resolve, from the vault
    container = client.app.state.container
    credentials = container.channel_credentials()

    async def resolve() -> str:
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                OrganizationId(UUID(owner.organization_id)), ChannelAccountId(UUID(posts["id"]))
            )
        assert account is not None
        return (await credentials.for_account(account)).access_token

    assert asyncio.run(resolve())

    # a person's settings, against the version they read
    url = f"{API}/channel-accounts/{posts['id']}"
    changed = client.patch(
        url,
        json={"daily_cap": 12, "min_spacing_minutes": 45, "status": "disabled"},
        headers={**owner.headers, "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["daily_cap"], body["min_spacing_minutes"], body["status"]) == (12, 45, "disabled")
    assert etag_version(changed) == 2
    stale = client.patch(url, json={"daily_cap": 3}, headers={**owner.headers, "If-Match": '"1"'})
    assert_problem(stale, 412)
    missing = client.patch(url, json={"daily_cap": 3}, headers=owner.headers)
    assert missing.status_code == 428, missing.text

    # discovering again refreshes nothing that did not change, and keeps the person's settings
    again = client.post(
        f"{API}/brands/{brand['id']}/channel-accounts/discover",
        json={"integration_id": posts["integration_id"]},
        headers=owner.headers,
    )
    assert again.status_code == 200, again.text
    assert (again.json()["added"], again.json()["refreshed"]) == (0, 0)
    assert client.get(url, headers=owner.headers).json()["status"] == "disabled"

    removed = client.delete(url, headers={**owner.headers, "If-Match": '"2"'})
    assert removed.status_code == 204, removed.text
    assert_problem(client.get(url, headers=owner.headers), 404, "not_found")
    assert [a["id"] for a in accounts_of(client, owner)] == [ads["id"]]


def test_another_tenant_gets_404_and_changes_nothing(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    found = sandbox_channel_accounts(client, owner, brand["id"])
    account = found["items"][0]
    stranger = register(client, organization_name="Globex")
    url = f"{API}/channel-accounts/{account['id']}"
    h = {**stranger.headers, "If-Match": "*"}
    assert_problem(client.get(url, headers=stranger.headers), 404, "not_found")
    assert_problem(client.patch(url, json={"daily_cap": 1}, headers=h), 404, "not_found")
    assert_problem(client.delete(url, headers=h), 404, "not_found")
    discover = client.post(
        f"{API}/brands/{brand['id']}/channel-accounts/discover",
        json={"integration_id": account["integration_id"]},
        headers=stranger.headers,
    )
    assert_problem(discover, 404, "not_found")
    # with a brand of their own, A's integration is simply not theirs
    theirs = create_brand(client, stranger)
    borrowed = client.post(
        f"{API}/brands/{theirs['id']}/channel-accounts/discover",
        json={"integration_id": account["integration_id"]},
        headers=stranger.headers,
    )
    assert_problem(borrowed, 422, field="integration_id")
    assert accounts_of(client, stranger) == []
    after = client.get(url, headers=owner.headers).json()
    assert (after["version"], after["status"]) == (1, "active")


def test_bad_input_is_a_problem_and_changes_nothing(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    found = sandbox_channel_accounts(client, owner, brand["id"])
    posts = next(a for a in found["items"] if a["kind"] == "sandbox_account")
    url = f"{API}/channel-accounts/{posts['id']}"
    h = {**owner.headers, "If-Match": '"1"'}
    for body, field in (
        ({"daily_cap": 0}, "daily_cap"),
        ({"min_spacing_minutes": -5}, "min_spacing_minutes"),
        ({"min_spacing_minutes": 100_000}, "min_spacing_minutes"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"status": "gone"}, "status"),
        ({"channel": "google_ads"}, "channel"),  # a publishing account cannot run ads
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"name": "mine"}, None),  # the platform's, not a setting
    ):
        response = client.patch(url, json=body, headers=h)
        assert_problem(response, 422, field=field)
    discover = f"{API}/brands/{brand['id']}/channel-accounts/discover"
    for body, field in (
        ({"integration_id": NOWHERE}, "integration_id"),
        ({"integration_id": "not-a-uuid"}, None),
        ({}, None),
        ({"integration_id": posts["integration_id"], "channel": "fax"}, None),
    ):
        assert_problem(client.post(discover, json=body, headers=owner.headers), 422, field=field)
    listed = client.get(f"{API}/channel-accounts", params={"kind": "fax"}, headers=owner.headers)
    assert_problem(listed, 422, field="kind")
    after = client.get(url, headers=owner.headers).json()
    assert (after["version"], after["daily_cap"], after["channel"]) == (1, None, "linkedin")
    assert len(accounts_of(client, owner)) == 2


def test_a_disconnected_integration_has_nothing_to_discover(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    integration = connect_sandbox(client, owner)
    gone = client.delete(f"{API}/integrations/{integration['id']}", headers=owner.headers)
    assert gone.status_code == 204, gone.text
    response = client.post(
        f"{API}/brands/{brand['id']}/channel-accounts/discover",
        json={"integration_id": integration["id"]},
        headers=owner.headers,
    )
    assert_problem(response, 409, "nothing_to_discover", field="integration_id")
    assert accounts_of(client, owner) == []
