"""The content library over HTTP: create, revise with If-Match, versions, diff, the review
workflow with its compliance gate, comment threads and search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, assert_problem, create_brand

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]


def create_piece(client: Client, account: Account, brand_id: str, **body: Any) -> dict[str, Any]:
    body.setdefault("content_type", "social_post")
    body.setdefault("channel", "linkedin")
    body.setdefault("title", "Our new roast")
    body.setdefault("body", "Meet the darkest roast we have ever made.")
    response = client.post(f"{API}/brands/{brand_id}/content", json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def post(client: Client, account: Account, path: str, **kw: Any) -> Any:
    return client.post(
        f"{API}/content/{path}", headers={**account.headers, **kw.pop("h", {})}, **kw
    )


def test_create_revise_versions_and_diff(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    created = client.post(
        f"{API}/brands/{brand['id']}/content",
        json={
            "content_type": "email",
            "channel": "email",
            "title": "Weekly beans",
            "body": "Fresh roast notes.\nSee you Friday.",
            "fields": {"subject": "Fresh this week", "preheader": "Three new beans"},
            "media": [{"url": "https://cdn.example.com/b.png", "kind": "image", "alt_text": "B"}],
            "agent": "content-creation",
            "provenance": {"adapter": "offline", "seed": 11, "input_tokens": 0},
        },
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    piece = created.json()
    assert created.headers["etag"] == '"1"'
    assert piece["status"] == "draft"
    assert piece["author"] == {"kind": "agent", "user_id": None, "agent": "content-creation"}
    assert piece["fields"]["subject"] == "Fresh this week"
    url = f"{API}/content/{piece['id']}"

    stale = client.patch(url, json={"body": "x"}, headers={**owner.headers, "If-Match": '"9"'})
    assert_problem(stale, 412, "stale_version")
    revised = client.patch(
        url,
        json={"body": "Fresh roast notes.\nSee you Saturday.", "note": "new day"},
        headers={**owner.headers, "If-Match": '"1"'},
    )
    assert revised.status_code == 200, revised.text
    assert revised.json()["current_version"] == 2
    assert revised.json()["author"]["user_id"] == owner.user_id
    assert revised.json()["fields"]["subject"] == "Fresh this week"

    versions = client.get(f"{url}/versions", headers=owner.headers).json()["items"]
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[0]["provenance"]["seed"] == 11
    assert versions[1]["note"] == "new day"
    one = client.get(f"{url}/versions/1", headers=owner.headers)
    assert one.json()["body"] == "Fresh roast notes.\nSee you Friday."
    assert_problem(client.get(f"{url}/versions/5", headers=owner.headers), 404)

    diff = client.get(f"{url}/diff", params={"from": 1, "to": 2}, headers=owner.headers).json()
    assert diff["from"] == 1
    assert [f["field"] for f in diff["fields"]] == ["body"]
    changed = [h for h in diff["fields"][0]["hunks"] if h["op"] != "equal"]
    assert changed == [{"op": "replace", "before": "Friday.", "after": "Saturday."}]
    assert "-See you Friday." in diff["unified"]
    lines = client.get(
        f"{url}/diff", params={"from": 1, "to": 2, "granularity": "line"}, headers=owner.headers
    ).json()
    assert lines["fields"][0]["hunks"][-1]["after"] == "See you Saturday."
    assert_problem(
        client.get(f"{url}/diff", params={"from": 1, "to": 7}, headers=owner.headers), 404
    )
    latest = client.get(f"{url}/diff", headers=owner.headers).json()
    assert (latest["from"], latest["to"]) == (1, 2)
    assert_problem(client.get(f"{url}/diff", params={"from": 0}, headers=owner.headers), 422)


def test_review_workflow(client: Client, owner: Account, member: Callable[[Role], Account]) -> None:
    brand = create_brand(client, owner, voice={"banned_words": ["darkest"]})
    creator = member(Role.CONTENT_CREATOR)
    piece = create_piece(client, creator, brand["id"])
    cid = piece["id"]
    assert_problem(post(client, owner, f"{cid}/approve"), 409, "illegal_content_transition")
    assert post(client, creator, f"{cid}/submit").json()["status"] == "in_review"
    assert_problem(post(client, creator, f"{cid}/approve"), 403, "permission_denied")
    refused = post(client, owner, f"{cid}/approve")
    problem = assert_problem(refused, 409, "compliance_violations_remain")
    assert [e["field"] for e in problem["errors"]] == ["body"]
    assert "darkest" in problem["errors"][0]["message"]
    back = post(client, owner, f"{cid}/request-changes", json={"reason": "Drop 'darkest'"})
    assert back.json()["status"] == "changes_requested"
    assert back.json()["status_reason"] == "Drop 'darkest'"
    client.patch(
        f"{API}/content/{cid}",
        json={"body": "Meet our boldest roast."},
        headers={**creator.headers, "If-Match": "*"},
    )
    post(client, creator, f"{cid}/submit")
    approved = post(client, owner, f"{cid}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    scheduled = post(client, owner, f"{cid}/schedule", json={"at": "2026-12-01T09:00:00Z"})
    assert scheduled.json()["status"] == "scheduled"
    assert post(client, owner, f"{cid}/publish").json()["status"] == "published"
    locked = client.patch(
        f"{API}/content/{cid}", json={"body": "x"}, headers={**creator.headers, "If-Match": "*"}
    )
    assert_problem(locked, 409, "content_locked")
    assert post(client, creator, f"{cid}/archive").json()["status"] == "archived"


def test_comment_threads(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    cid = create_piece(client, owner, brand["id"])["id"]
    thread = post(
        client,
        owner,
        f"{cid}/comments",
        json={"body": "Darkest?", "anchor": {"field": "body", "start": 9, "end": 16}},
    )
    assert thread.status_code == 201, thread.text
    tid = thread.json()["id"]
    assert thread.json()["anchor"] == {"field": "body", "start": 9, "end": 16}
    reply = post(client, owner, f"{cid}/comments/{tid}/replies", json={"body": "Measured."})
    assert reply.json()["parent_id"] == tid
    out_of_range = post(
        client,
        owner,
        f"{cid}/comments",
        json={"body": "?", "anchor": {"field": "body", "start": 0, "end": 999}},
    )
    assert_problem(out_of_range, 422, "anchor_out_of_range")
    assert post(client, owner, f"{cid}/comments/{tid}/resolve").json()["resolved"] is True
    assert_problem(post(client, owner, f"{cid}/comments/{tid}/resolve"), 409)
    assert_problem(post(client, owner, f"{cid}/comments/{reply.json()['id']}/resolve"), 409)
    assert post(client, owner, f"{cid}/comments/{tid}/reopen").json()["resolved"] is False
    listed = client.get(f"{API}/content/{cid}/comments", headers=owner.headers).json()["items"]
    assert [c["id"] for c in listed] == [tid, reply.json()["id"]]
    piece = client.get(f"{API}/content/{cid}", headers=owner.headers).json()
    assert piece["open_threads"] == 1


def test_search_filters_and_tenancy(client: Client, owner: Account, other_owner: Account) -> None:
    brand = create_brand(client, owner)
    roast = create_piece(client, owner, brand["id"], body="Roast, roast and more roast.")
    mail = create_piece(
        client,
        owner,
        brand["id"],
        content_type="email",
        channel="email",
        title="Beans",
        body="A roast for you.",
    )
    create_piece(client, owner, brand["id"], title="Tea", body="Green leaves.")
    found = client.get(
        f"{API}/content",
        params={"q": "roast", "sort": "-relevance"},
        headers=owner.headers,
    )
    assert found.status_code == 200, found.text
    assert [p["id"] for p in found.json()["items"]] == [roast["id"], mail["id"]]
    emails = client.get(
        f"{API}/brands/{brand['id']}/content",
        params={"content_type": "email"},
        headers=owner.headers,
    ).json()
    assert [p["id"] for p in emails["items"]] == [mail["id"]]
    assert_problem(
        client.get(f"{API}/content", params={"sort": "relevance"}, headers=owner.headers), 422
    )
    assert client.get(f"{API}/content", headers=other_owner.headers).json()["items"] == []
    assert_problem(client.get(f"{API}/content/{roast['id']}", headers=other_owner.headers), 404)
    assert_problem(
        client.post(
            f"{API}/brands/{brand['id']}/content",
            json={"content_type": "email", "channel": "email", "title": "x"},
            headers=other_owner.headers,
        ),
        404,
    )


def test_a_patch_replaces_fields_and_media(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner)
    piece = create_piece(client, owner, brand["id"], fields={"hashtags": ["coffee"]})
    url = f"{API}/content/{piece['id']}"
    emptied = client.patch(
        url,
        json={
            "fields": {},
            "media": [{"url": "https://cdn.example.com/x.png", "kind": "image"}],
            "provenance": {"adapter": "offline", "model": "composer"},
            "agent": "content-creation",
        },
        headers={**owner.headers, "If-Match": '"1"'},
    )
    assert emptied.status_code == 200, emptied.text
    assert emptied.json()["fields"]["hashtags"] == []
    assert emptied.json()["media"] == [
        {"url": "https://cdn.example.com/x.png", "kind": "image", "alt_text": ""}
    ]
    assert emptied.json()["author"]["agent"] == "content-creation"
    version = client.get(f"{url}/versions/2", headers=owner.headers).json()
    assert version["provenance"]["model"] == "composer"
