"""The recommendation routes end to end: generated from a brand's research documents, listed,
read with an ETag, dismissed with If-Match (412 when stale, 409 when already dismissed); a
viewer may read but not generate or dismiss (403); another tenant gets 404 on every route."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    build_app,
    create_brand,
    register,
)

from umt.domain.identity.permissions import Role
from umt.domain.research.document import ResearchDocument

Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with TestClient(app=build_app(tmp_path_factory.mktemp("recommend"))) as running:
        yield running


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Advice Co")


def seed_gap(client: Client, owner: Account, brand_id: str) -> None:
    """Two rivals' pages on one topic the brand never wrote about."""
    container = client.app.state.container
    now = datetime.now(UTC)

    async def run() -> None:
        async with container.unit_of_work_factory()() as uow:
            await uow.research.save_documents(
                [
                    ResearchDocument(
                        id=uuid4(),
                        organization_id=UUID(owner.organization_id),
                        brand_id=UUID(brand_id),
                        competitor_id=uuid4(),
                        url=f"https://rival{n}.example/referral-loops",
                        source_url=f"https://rival{n}.example/feed.xml",
                        title="Referral loops",
                        published_at=now - timedelta(days=n),
                        text_hash=f"{n:064d}",
                        word_count=400,
                        keyphrases=("referral loops", "referral invites"),
                        signature=b"",
                        fetched_at=now,
                        created_at=now,
                        updated_at=now,
                        cluster="referral loops",
                    )
                    for n in range(2)
                ]
            )
            await uow.commit()

    client.blocking_portal.call(run)


def test_generate_list_read_and_dismiss(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Advised")
    seed_gap(client, owner, brand["id"])
    url = f"{API}/brands/{brand['id']}/strategy/recommendations"

    generated = client.post(url, headers=owner.headers)

    assert generated.status_code == 200, generated.text
    (topic,) = generated.json()["items"]
    assert (topic["kind"], topic["title"]) == ("topic", "Write about referral loops")
    assert topic["confidence"] == 0.75
    assert len(topic["evidence"]) == 2
    assert topic["action"]["calls"][0]["path"] == f"/api/v1/brands/{brand['id']}/generations"
    again = client.post(url, headers=owner.headers).json()["items"]
    assert again == [topic]  # the same data, the same recommendation (same id and version)
    assert client.get(url, headers=owner.headers).json()["items"] == [topic]

    one = client.get(f"{url}/{topic['id']}", headers=owner.headers)
    assert one.headers["etag"] == '"1"'
    dismiss = f"{url}/{topic['id']}/dismiss"
    stale = client.post(dismiss, json={}, headers={**owner.headers, "If-Match": '"7"'})
    assert_problem(stale, 412)
    done = client.post(
        dismiss, json={"reason": "not for us"}, headers={**owner.headers, "If-Match": '"1"'}
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.headers["etag"]) == ("dismissed", '"2"')
    assert_problem(client.post(dismiss, json={}, headers=owner.headers), 409)
    assert client.post(url, headers=owner.headers).json()["items"] == []
    assert client.get(url, headers=owner.headers).json()["items"] == []
    listed = client.get(url, params={"status": "dismissed"}, headers=owner.headers).json()
    assert [r["id"] for r in listed["items"]] == [topic["id"]]


def test_roles_bad_input_and_tenants(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Guarded")
    seed_gap(client, owner, brand["id"])
    url = f"{API}/brands/{brand['id']}/strategy/recommendations"
    viewer = add_member(client, owner, Role.VIEWER)
    assert_problem(client.post(url, headers=viewer.headers), 403, "permission_denied")
    (topic,) = client.post(url, headers=owner.headers).json()["items"]
    assert client.get(url, headers=viewer.headers).json()["items"] == [topic]
    dismiss = f"{url}/{topic['id']}/dismiss"
    assert_problem(client.post(dismiss, json={}, headers=viewer.headers), 403, "permission_denied")

    assert_problem(client.get(url, params={"status": "maybe"}, headers=owner.headers), 422)
    too_long = {"reason": "x" * 501}
    assert_problem(client.post(dismiss, json=too_long, headers=owner.headers), 422)
    assert_problem(client.get(f"{url}/{uuid4()}", headers=owner.headers), 404)

    stranger = register(client, organization_name="Elsewhere")
    for method, path in (
        ("POST", url),
        ("GET", url),
        ("GET", f"{url}/{topic['id']}"),
        ("POST", dismiss),
    ):
        body = {} if path.endswith("dismiss") else None
        response = client.request(method, path, json=body, headers=stranger.headers)
        assert_problem(response, 404, "not_found")
    # the stranger's own brand with the owner's recommendation id: still not found
    theirs = create_brand(client, stranger, name="Theirs")
    other_url = f"{API}/brands/{theirs['id']}/strategy/recommendations/{topic['id']}"
    assert_problem(client.get(other_url, headers=stranger.headers), 404, "not_found")
    assert client.get(f"{url}/{topic['id']}", headers=owner.headers).json()["status"] == "open"


def test_accept_once(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Taken up")
    seed_gap(client, owner, brand["id"])
    url = f"{API}/brands/{brand['id']}/strategy/recommendations"
    (topic,) = client.post(url, headers=owner.headers).json()["items"]
    accept = f"{url}/{topic['id']}/accept"
    viewer = add_member(client, owner, Role.VIEWER)
    assert_problem(client.post(accept, headers=viewer.headers), 403, "permission_denied")
    assert_problem(client.post(accept, headers={**owner.headers, "If-Match": '"9"'}), 412)

    done = client.post(accept, headers={**owner.headers, "If-Match": '"1"'})

    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], done.headers["etag"]) == ("accepted", '"2"')
    assert body["accepted_by"] is not None
    assert_problem(client.post(accept, headers=owner.headers), 409, "recommendation_accepted")
    assert_problem(
        client.post(f"{url}/{topic['id']}/dismiss", json={}, headers=owner.headers),
        409,
        "recommendation_accepted",
    )
    assert client.post(url, headers=owner.headers).json()["items"] == []  # kept as it is
    listed = client.get(url, params={"status": "accepted"}, headers=owner.headers).json()
    assert [r["id"] for r in listed["items"]] == [topic["id"]]
