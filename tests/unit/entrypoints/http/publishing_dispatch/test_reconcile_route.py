"""``POST /api/v1/publications/{id}/reconcile`` over HTTP: what it found, its tenancy and its
refusals (a 4xx problem that changes nothing)."""

from __future__ import annotations

from uuid import UUID, uuid4

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand
from tests.unit.entrypoints.http.publishing_dispatch_support import unknown_publication

from umt.domain.publishing.publication import Publication
from umt.domain.shared.ids import OrganizationId, PublicationId

Client = TestClient[Litestar]


def load(client: Client, owner: Account, publication_id: str) -> Publication:
    container = client.app.state.container

    async def get() -> Publication | None:
        async with container.unit_of_work_factory()() as uow:
            return await uow.publications.get(
                OrganizationId(UUID(owner.organization_id)), PublicationId(UUID(publication_id))
            )

    found = client.blocking_portal.call(get)
    assert found is not None
    return found


def test_an_unknown_outcome_with_no_post_is_due_again_and_nothing_is_sent(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = unknown_publication(client, owner, brand["id"])

    response = client.post(f"{API}/publications/{publication_id}/reconcile", headers=owner.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["publication_id"] == publication_id
    assert (body["step"], body["status"], body["remote_id"]) == ("deferred", "scheduled", None)
    # the lookup is recorded on the attempt; any post is the ticker's later, never this call's
    stored = load(client, owner, publication_id)
    assert stored.attempts[0].outcome.value == "not_found"
    network = client.app.state.container.sandbox_network()
    posts = client.blocking_portal.call(network.posts_with_reference, publication_id)
    assert len(posts) <= 1  # the ticker may have published it since: once at most


def test_another_organizations_or_an_unknown_publication_is_404(
    client: Client, owner: Account, other_owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = unknown_publication(client, owner, brand["id"])
    before = load(client, owner, publication_id).version

    theirs = client.post(
        f"{API}/publications/{publication_id}/reconcile", headers=other_owner.headers
    )
    missing = client.post(f"{API}/publications/{uuid4()}/reconcile", headers=owner.headers)

    assert_problem(theirs, 404, "not_found")
    assert_problem(missing, 404, "not_found")
    assert load(client, owner, publication_id).version == before


def test_a_publication_with_nothing_to_reconcile_is_409_and_unchanged(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner)
    publication_id = unknown_publication(client, owner, brand["id"], unknown=False)
    before = load(client, owner, publication_id)

    response = client.post(f"{API}/publications/{publication_id}/reconcile", headers=owner.headers)

    assert_problem(response, 409, "nothing_to_reconcile")
    after = load(client, owner, publication_id)
    assert (after.version, after.status) == (before.version, before.status)


def test_a_malformed_id_is_a_4xx_problem(client: Client, owner: Account) -> None:
    response = client.post(f"{API}/publications/not-a-uuid/reconcile", headers=owner.headers)
    assert response.status_code in (400, 404)
    assert response.headers["content-type"].startswith("application/problem+json")
