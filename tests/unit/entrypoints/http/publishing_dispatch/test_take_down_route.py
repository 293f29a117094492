"""``POST /api/v1/publications/{id}/take-down`` over HTTP, on the sandbox platform: the post is
deleted on the platform and the publication recorded ``taken_down`` with its event; asking
again calls nothing; a post already gone counts as taken down; the platform's refusals are
typed problems that change nothing; its tenancy, If-Match and status refusals."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    create_brand,
    etag_version,
)
from tests.unit.entrypoints.http.publishing_dispatch.test_reconcile_route import load
from tests.unit.entrypoints.http.publishing_dispatch_support import (
    published_publication,
    unknown_publication,
)

from umt.adapters.memory.store import InMemoryStore
from umt.adapters.platforms.sandbox.network import SandboxNetwork
from umt.domain.integration.integration import IntegrationStatus
from umt.domain.publishing.publication_status import PublicationStatus

Client = TestClient[Litestar]


def take_down(client: Client, account: Account, publication_id: str, version: int | str) -> Any:
    return client.post(
        f"{API}/publications/{publication_id}/take-down",
        headers={**account.headers, "If-Match": f'"{version}"'},
    )


def network_of(client: Client) -> SandboxNetwork:
    network: SandboxNetwork = client.app.state.container.sandbox_network()
    return network


def sandbox_posts(client: Client, publication_id: str) -> list[Any]:
    return list(
        client.blocking_portal.call(network_of(client).posts_with_reference, publication_id)
    )


def events_of(client: Client, publication_id: str, event_type: str) -> list[dict[str, Any]]:
    store: InMemoryStore = client.app.state.container.memory_store()
    return [
        m.payload
        for m in store.outbox
        if m.aggregate_id == UUID(publication_id) and m.event_type == event_type
    ]


def test_a_published_post_is_deleted_on_the_platform_and_the_publication_taken_down(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = published_publication(client, owner, brand["id"])
    published = load(client, owner, publication_id)

    response = take_down(client, owner, publication_id, published.version)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "taken_down"
    assert body["remote_id"] == published.remote_id  # kept on record
    assert etag_version(response) == published.version + 1
    (post,) = sandbox_posts(client, publication_id)
    assert post.id == published.remote_id
    assert post.deleted_at is not None
    (event,) = events_of(client, publication_id, "publication.taken_down")
    assert event["data"]["remote_id"] == published.remote_id
    assert event["data"]["channel_account_id"] == str(published.channel_account_id)


def test_asking_again_answers_the_taken_down_publication_and_calls_nothing(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = published_publication(client, owner, brand["id"])
    version = load(client, owner, publication_id).version
    first = take_down(client, owner, publication_id, version)
    assert first.status_code == 200, first.text
    network_of(client).faults.outage()  # any platform call would now fail
    try:
        again = take_down(client, owner, publication_id, version)  # the same request, retried
    finally:
        network_of(client).faults.clear()

    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert etag_version(again) == etag_version(first)
    assert len(events_of(client, publication_id, "publication.taken_down")) == 1


def test_a_post_already_gone_on_the_platform_counts_as_taken_down(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = published_publication(client, owner, brand["id"])
    published = load(client, owner, publication_id)
    container = client.app.state.container

    async def remove_by_hand() -> None:  # the post deleted on the platform, not through umt
        async with container.unit_of_work_factory()() as uow:
            account = await uow.channel_accounts.get(
                published.organization_id, published.channel_account_id
            )
        assert account is not None
        credentials = await container.channel_credentials().for_account(account)
        await network_of(client).posts.delete(credentials.access_token, published.remote_id)

    client.blocking_portal.call(remove_by_hand)
    assert sandbox_posts(client, publication_id)[0].deleted_at is not None

    response = take_down(client, owner, publication_id, published.version)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "taken_down"


def test_an_expired_token_is_a_typed_problem_that_leaves_it_published_and_asks_for_reauth(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = published_publication(client, owner, brand["id"])
    published = load(client, owner, publication_id)
    network_of(client).faults.expire_tokens()
    try:
        response = take_down(client, owner, publication_id, published.version)
    finally:
        network_of(client).faults.clear()

    problem = assert_problem(response, 400, "platform_token_expired")
    assert "(reason: token_expired)" in problem["detail"]
    after = load(client, owner, publication_id)
    assert (after.status, after.version) == (PublicationStatus.PUBLISHED, published.version)
    (post,) = sandbox_posts(client, publication_id)
    assert post.deleted_at is None
    integrations = client.get(f"{API}/integrations", headers=owner.headers).json()["items"]
    assert [i["status"] for i in integrations] == [IntegrationStatus.NEEDS_REAUTH.value]


def test_an_outage_is_503_with_retry_after_and_changes_nothing(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = published_publication(client, owner, brand["id"])
    published = load(client, owner, publication_id)
    network_of(client).faults.outage()
    try:
        response = take_down(client, owner, publication_id, published.version)
    finally:
        network_of(client).faults.clear()

    assert_problem(response, 503, "platform_unavailable")
    assert response.headers["retry-after"]
    assert load(client, owner, publication_id).status is PublicationStatus.PUBLISHED


def test_only_a_published_publication_can_be_taken_down(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    publication_id = unknown_publication(client, owner, brand["id"], unknown=False)
    before = load(client, owner, publication_id)

    response = take_down(client, owner, publication_id, before.version)

    assert_problem(response, 409)
    after = load(client, owner, publication_id)
    assert (after.status, after.version) == (before.status, before.version)


def test_if_match_is_required_and_a_stale_one_is_412(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    publication_id = published_publication(client, owner, brand["id"])
    published = load(client, owner, publication_id)

    missing = client.post(f"{API}/publications/{publication_id}/take-down", headers=owner.headers)
    stale = take_down(client, owner, publication_id, published.version - 1)

    assert_problem(missing, 428)
    assert_problem(stale, 412)
    assert load(client, owner, publication_id).status is PublicationStatus.PUBLISHED
    assert sandbox_posts(client, publication_id)[0].deleted_at is None


def test_another_organizations_or_an_unknown_publication_is_404(
    client: Client, owner: Account, other_owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = published_publication(client, owner, brand["id"])
    version = load(client, owner, publication_id).version

    theirs = take_down(client, other_owner, publication_id, version)
    missing = take_down(client, owner, str(uuid4()), 1)

    assert_problem(theirs, 404, "not_found")
    assert_problem(missing, 404, "not_found")
    assert load(client, owner, publication_id).status is PublicationStatus.PUBLISHED
    assert sandbox_posts(client, publication_id)[0].deleted_at is None
