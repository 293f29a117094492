"""The happy paths, end to end through HTTP: register, log in, brands and their collections,
projects and their workflow, tokens, pagination and filters."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    create_audience,
    create_brand,
    create_competitor,
    create_project,
    etag_version,
    login,
    set_project_status,
)

from umt.domain.identity.permissions import Permission, Role

Client = TestClient[Litestar]


def test_register_login_and_me(client: Client) -> None:
    registered = client.post(
        f"{API}/auth/register",
        json={
            "email": "ana@acme.example",
            "password": "correct horse battery staple",
            "organization_name": "Acme Coffee Roasters",
            "display_name": "Ana",
        },
    )
    assert registered.status_code == 202, registered.text
    assert registered.json()["email"] == "ana@acme.example"
    assert "password" not in registered.text
    assert "argon2" not in registered.text

    token = client.post(
        f"{API}/auth/token",
        json={"email": "ana@acme.example", "password": "correct horse battery staple"},
    )
    assert token.status_code == 200, token.text
    pair = token.json()
    assert pair["token_type"] == "Bearer"
    assert pair["expires_in"] == 15 * 60
    assert pair["refresh_token"] != pair["access_token"]

    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["user"]["email"] == "ana@acme.example"
    assert body["user"]["display_name"] == "Ana"
    assert body["organization"]["id"] == pair["organization_id"]
    assert body["organization"]["slug"] == "acme-coffee-roasters"
    assert body["membership"]["role"] == "owner"
    assert body["membership"]["permissions"] == sorted(p.value for p in Permission)
    assert [m["organization_id"] for m in body["memberships"]] == [pair["organization_id"]]


def test_me_shows_a_members_role_and_its_permissions(
    client: Client, owner: Account, member: Callable[[Role], Account]
) -> None:
    viewer = member(Role.VIEWER)
    body = client.get(f"{API}/me", headers=viewer.headers).json()
    assert body["user"]["email"] == viewer.email
    assert body["organization"]["id"] == owner.organization_id
    assert body["membership"] == {
        "organization_id": owner.organization_id,
        "organization_name": "Acme",
        "role": "viewer",
        "permissions": [
            "ads:read",
            "analytics:read",
            "brand:read",
            "channels:read",
            "content:read",
            "experiments:read",
            "members:read",
            "metrics:read",
            "organization:read",
            "project:read",
            "publishing:read",
            "research:read",
            "strategy:read",
        ],
    }


def test_brand_lifecycle_with_etags(client: Client, owner: Account) -> None:
    h = owner.headers
    created = client.post(
        f"{API}/brands",
        json={"name": "Acme Coffee", "industry": "coffee", "website": "https://acme.example"},
        headers=h,
    )
    assert created.status_code == 201, created.text
    assert etag_version(created) == 1
    brand = created.json()
    assert brand["slug"] == "acme-coffee"
    assert brand["status"] == "active"
    assert brand["version"] == 1
    url = f"{API}/brands/{brand['id']}"

    fetched = client.get(url, headers=h)
    assert fetched.status_code == 200
    assert fetched.headers["etag"] == created.headers["etag"]
    assert fetched.json() == brand
    listed = client.get(f"{API}/brands", headers=h).json()
    assert [b["id"] for b in listed["items"]] == [brand["id"]]
    assert listed["next_cursor"] is None

    updated = client.patch(
        url, json={"name": "Acme Coffee Co", "website": None}, headers={**h, "If-Match": '"1"'}
    )
    assert updated.status_code == 200, updated.text
    assert etag_version(updated) == 2
    assert updated.json()["name"] == "Acme Coffee Co"
    assert updated.json()["website"] is None
    assert updated.json()["slug"] == "acme-coffee"  # the slug is stable across renames
    assert client.get(url, headers=h).json()["name"] == "Acme Coffee Co"

    # a PATCH that changes nothing does not make a new version
    same = client.patch(url, json={"name": "Acme Coffee Co"}, headers={**h, "If-Match": '"2"'})
    assert same.status_code == 200
    assert etag_version(same) == 2

    archived = client.post(f"{url}/archive", headers={**h, "If-Match": '"2"'})
    assert archived.status_code == 200, archived.text
    assert archived.json()["status"] == "archived"
    assert archived.json()["archived_at"] is not None
    assert etag_version(archived) == 3
    again = client.post(f"{url}/archive", headers=h)  # idempotent
    assert again.status_code == 200
    assert etag_version(again) == 3

    restored = client.post(f"{url}/restore", headers={**h, "If-Match": '"3"'})
    assert restored.status_code == 200, restored.text
    assert restored.json()["status"] == "active"
    assert restored.json()["archived_at"] is None
    assert etag_version(restored) == 4

    deleted = client.delete(url, headers={**h, "If-Match": '"4"'})
    assert deleted.status_code == 204, deleted.text
    assert deleted.content == b""
    assert_problem(client.get(url, headers=h), 404, "not_found")
    assert client.get(f"{API}/brands", headers=h).json()["items"] == []


def test_brand_with_voice_and_styling_round_trips(client: Client, owner: Account) -> None:
    voice = {
        "tone": ["warm", "direct"],
        "phrases_to_use": ["freshly roasted"],
        "phrases_to_avoid": ["cheap"],
        "banned_words": ["guarantee"],
        "banned_claims": ["cures anything"],
        "required_disclosures": ["#ad"],
        "reading_grade": 8,
        "emoji_policy": "none",
        "hashtag_policy": "branded_only",
        "max_hashtags": 2,
        "channel_notes": {"linkedin": "no slang"},
    }
    styling = {
        "palette": [{"role": "primary", "color": "#ABC"}, {"role": "accent", "color": "#1a2b3c"}],
        "fonts": [{"role": "heading", "family": "Inter"}],
        "logo_url": "https://cdn.acme.example/logo.svg",
    }
    brand = create_brand(client, owner, name="Café Olé", voice=voice, styling=styling)
    assert brand["slug"] == "cafe-ole"
    assert brand["voice"] == voice
    assert brand["styling"]["palette"] == [
        {"role": "primary", "color": "#aabbcc"},  # normalised to lowercase six digits
        {"role": "accent", "color": "#1a2b3c"},
    ]
    assert brand["styling"]["logo_url"] == styling["logo_url"]
    fetched = client.get(f"{API}/brands/{brand['id']}", headers=owner.headers).json()
    assert fetched == brand


def test_audience_lifecycle(client: Client, owner: Account) -> None:
    h = owner.headers
    brand = create_brand(client, owner)
    base = f"{API}/brands/{brand['id']}/audiences"
    created = client.post(
        base,
        json={
            "persona_name": "Busy CTO",
            "age_range": {"min": 30, "max": 55},
            "locations": ["Berlin", "Berlin", " Paris "],
            "preferred_channels": ["linkedin", "email"],
        },
        headers=h,
    )
    assert created.status_code == 201, created.text
    assert etag_version(created) == 1
    audience = created.json()
    assert audience["brand_id"] == brand["id"]
    assert audience["locations"] == ["Berlin", "Paris"]  # stripped and de-duplicated
    url = f"{base}/{audience['id']}"
    assert client.get(url, headers=h).json() == audience
    assert [a["id"] for a in client.get(base, headers=h).json()["items"]] == [audience["id"]]

    updated = client.patch(
        url,
        json={"persona_name": "Busy CIO", "age_range": None},
        headers={**h, "If-Match": created.headers["etag"]},
    )
    assert updated.status_code == 200, updated.text
    assert etag_version(updated) == 2
    assert updated.json()["persona_name"] == "Busy CIO"
    assert updated.json()["age_range"] is None

    archived = client.post(f"{url}/archive", headers={**h, "If-Match": '"2"'})
    assert archived.status_code == 200, archived.text
    assert archived.json()["archived_at"] is not None
    assert etag_version(archived) == 3
    active_only = client.get(base, params={"include_archived": "false"}, headers=h).json()
    assert active_only["items"] == []
    assert len(client.get(base, headers=h).json()["items"]) == 1

    removed = client.delete(url, headers={**h, "If-Match": '"3"'})
    assert removed.status_code == 204, removed.text
    assert_problem(client.get(url, headers=h), 404, "not_found")
    assert client.get(base, headers=h).json()["items"] == []
    # the brand itself is untouched
    assert client.get(f"{API}/brands/{brand['id']}", headers=h).json()["version"] == 1


def test_competitor_lifecycle(client: Client, owner: Account) -> None:
    h = owner.headers
    brand = create_brand(client, owner)
    base = f"{API}/brands/{brand['id']}/competitors"
    created = client.post(
        base,
        json={
            "name": "Globex",
            "website": "https://globex.example",
            "feed_urls": ["https://globex.example/feed", "https://globex.example/feed"],
            "notes": "cheaper",
        },
        headers=h,
    )
    assert created.status_code == 201, created.text
    competitor = created.json()
    assert competitor["feed_urls"] == ["https://globex.example/feed"]
    url = f"{base}/{competitor['id']}"
    assert client.get(url, headers=h).json() == competitor

    updated = client.patch(
        url, json={"website": None, "notes": "pricier now"}, headers={**h, "If-Match": '"1"'}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["website"] is None
    assert updated.json()["notes"] == "pricier now"
    assert etag_version(updated) == 2

    archived = client.post(f"{url}/archive", headers=h)
    assert archived.status_code == 200
    assert archived.json()["archived_at"] is not None
    assert client.get(base, params={"include_archived": "false"}, headers=h).json()["items"] == []

    assert client.delete(url, headers={**h, "If-Match": "*"}).status_code == 204
    assert_problem(client.get(url, headers=h), 404, "not_found")


def test_project_status_workflow(client: Client, owner: Account) -> None:
    h = owner.headers
    brand = create_brand(client, owner)
    created = client.post(
        f"{API}/brands/{brand['id']}/projects",
        json={
            "name": "Spring launch",
            "project_type": "product_launch",
            "goals": [{"kpi": "qualified_leads", "target": 500, "unit": "leads"}],
            "channels": ["linkedin", "email"],
            "start_date": "2026-05-01",
            "end_date": "2026-06-30",
        },
        headers=h,
    )
    assert created.status_code == 201, created.text
    project = created.json()
    assert project["status"] == "planned"
    assert project["brand_id"] == brand["id"]
    assert project["goals"] == [
        {"kpi": "qualified_leads", "target": 500.0, "unit": "leads", "description": ""}
    ]
    url = f"{API}/projects/{project['id']}"
    assert client.get(url, headers=h).json() == project
    assert client.get(f"{API}/brands/{brand['id']}/projects/{project['id']}", headers=h).json() == (
        project
    )

    version = 1
    for status in ["active", "paused", "active", "completed"]:
        response = client.post(
            f"{url}/status", json={"status": status}, headers={**h, "If-Match": f'"{version}"'}
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
        assert etag_version(response) == version + 1
        version += 1
    archived = client.post(f"{url}/archive", headers={**h, "If-Match": f'"{version}"'})
    assert archived.status_code == 200, archived.text
    assert archived.json()["status"] == "archived"
    assert etag_version(archived) == version + 1

    # archived is terminal: no more changes
    assert_problem(
        client.post(f"{url}/status", json={"status": "active"}, headers=h),
        409,
        "illegal_project_transition",
        "status",
    )
    assert_problem(
        client.patch(url, json={"name": "x"}, headers={**h, "If-Match": "*"}),
        409,
        "project_archived",
    )
    assert client.get(url, headers=h).json()["version"] == version + 1


def test_project_update_through_both_routes(client: Client, owner: Account) -> None:
    h = owner.headers
    brand = create_brand(client, owner)
    project = create_project(client, owner, brand["id"], start_date="2026-05-01")
    nested = f"{API}/brands/{brand['id']}/projects/{project['id']}"
    first = client.patch(
        nested,
        json={"end_date": "2026-05-31", "channels": ["blog"]},
        headers={**h, "If-Match": '"1"'},
    )
    assert first.status_code == 200, first.text
    assert first.json()["end_date"] == "2026-05-31"
    assert etag_version(first) == 2
    second = client.patch(
        f"{API}/projects/{project['id']}",
        json={"start_date": None, "project_type": "custom", "custom_type": "webinar"},
        headers={**h, "If-Match": '"2"'},
    )
    assert second.status_code == 200, second.text
    assert second.json()["start_date"] is None
    assert second.json()["custom_type"] == "webinar"
    assert etag_version(second) == 3

    # the nested route only knows the brand's own projects
    other_brand = create_brand(client, owner)
    wrong = f"{API}/brands/{other_brand['id']}/projects/{project['id']}"
    assert_problem(client.get(wrong, headers=h), 404, "not_found")
    assert_problem(
        client.patch(wrong, json={"name": "x"}, headers={**h, "If-Match": "*"}), 404, "not_found"
    )
    assert client.get(f"{API}/projects/{project['id']}", headers=h).json()["version"] == 3


def test_assign_and_unassign_a_member(
    client: Client, owner: Account, member: Callable[[Role], Account]
) -> None:
    h = owner.headers
    creator = member(Role.CONTENT_CREATOR)
    brand = create_brand(client, owner)
    project = create_project(client, owner, brand["id"])
    url = f"{API}/projects/{project['id']}/assignee"

    assigned = client.put(
        url, json={"assignee_id": creator.user_id}, headers={**h, "If-Match": '"1"'}
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["assignee_id"] == creator.user_id
    assert etag_version(assigned) == 2
    mine = client.get(f"{API}/projects", params={"assignee_id": creator.user_id}, headers=h).json()
    assert [p["id"] for p in mine["items"]] == [project["id"]]

    unassigned = client.put(url, json={"assignee_id": None}, headers={**h, "If-Match": "*"})
    assert unassigned.status_code == 200, unassigned.text
    assert unassigned.json()["assignee_id"] is None
    assert etag_version(unassigned) == 3
    mine = client.get(f"{API}/projects", params={"assignee_id": creator.user_id}, headers=h).json()
    assert mine["items"] == []


def test_create_project_with_an_assignee(
    client: Client, owner: Account, member: Callable[[Role], Account]
) -> None:
    creator = member(Role.CONTENT_CREATOR)
    brand = create_brand(client, owner)
    response = client.post(
        f"{API}/brands/{brand['id']}/projects",
        json={"name": "Assigned", "project_type": "event", "assignee_id": creator.user_id},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["assignee_id"] == creator.user_id
    mine = client.get(
        f"{API}/projects", params={"assignee_id": creator.user_id}, headers=owner.headers
    ).json()
    assert [p["id"] for p in mine["items"]] == [response.json()["id"]]


def test_delete_project_then_brand(client: Client, owner: Account) -> None:
    h = owner.headers
    brand = create_brand(client, owner)
    create_audience(client, owner, brand["id"])
    project = create_project(client, owner, brand["id"])
    assert_problem(
        client.delete(f"{API}/brands/{brand['id']}", headers={**h, "If-Match": "*"}),
        409,
        "brand_has_projects",
    )
    assert (
        client.delete(f"{API}/projects/{project['id']}", headers={**h, "If-Match": "*"}).status_code
        == 204
    )
    assert_problem(client.get(f"{API}/projects/{project['id']}", headers=h), 404, "not_found")
    assert (
        client.delete(f"{API}/brands/{brand['id']}", headers={**h, "If-Match": "*"}).status_code
        == 204
    )
    assert_problem(client.get(f"{API}/brands/{brand['id']}/audiences", headers=h), 404, "not_found")


def test_refresh_rotates_and_spends_the_old_token(client: Client, owner: Account) -> None:
    first = client.post(f"{API}/auth/refresh", json={"refresh_token": owner.refresh_token})
    assert first.status_code == 200, first.text
    pair = first.json()
    assert pair["refresh_token"] != owner.refresh_token
    assert pair["organization_id"] == owner.organization_id
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.status_code == 200
    assert me.json()["user"]["id"] == owner.user_id

    replay = client.post(f"{API}/auth/refresh", json={"refresh_token": owner.refresh_token})
    body = assert_problem(replay, 401, "authentication_failed")
    assert "access_token" not in body
    assert replay.headers["www-authenticate"].startswith("Bearer")

    # the replay revoked the family: the successor it stole a march on is dead too
    second = client.post(f"{API}/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_problem(second, 401, "authentication_failed")


def test_logout_ends_the_sign_in_and_only_that_one(client: Client, owner: Account) -> None:
    other = login(client, owner.email)
    refreshed = client.post(f"{API}/auth/refresh", json={"refresh_token": owner.refresh_token})
    assert refreshed.status_code == 200
    current = refreshed.json()["refresh_token"]
    out = client.post(f"{API}/auth/logout", json={"refresh_token": current})
    assert out.status_code == 204
    again = client.post(f"{API}/auth/refresh", json={"refresh_token": current})
    assert_problem(again, 401, "authentication_failed")
    # logging out twice, or with a token that never existed, is silent
    assert client.post(f"{API}/auth/logout", json={"refresh_token": current}).status_code == 204
    unknown = client.post(f"{API}/auth/logout", json={"refresh_token": "never-issued"})
    assert unknown.status_code == 204
    # the other sign-in goes on
    still = client.post(f"{API}/auth/refresh", json={"refresh_token": other["refresh_token"]})
    assert still.status_code == 200


def test_sessions_are_listed_and_all_revoked_by_their_owner_only(
    client: Client, owner: Account, other_owner: Account
) -> None:
    second = login(client, owner.email)
    headers = {"Authorization": f"Bearer {owner.access_token}"}
    listed = client.get(f"{API}/me/sessions", headers=headers)
    assert listed.status_code == 200
    sessions = listed.json()["items"]
    assert len(sessions) == 2
    assert {s["organization_id"] for s in sessions} == {owner.organization_id}
    others = client.get(
        f"{API}/me/sessions", headers={"Authorization": f"Bearer {other_owner.access_token}"}
    ).json()["items"]
    assert len(others) == 1
    assert not {s["id"] for s in others} & {s["id"] for s in sessions}

    revoked = client.post(f"{API}/me/sessions/revoke-all", headers=headers)
    assert revoked.status_code == 200
    assert revoked.json() == {"revoked": 2}
    for token in (owner.refresh_token, second["refresh_token"]):
        refused = client.post(f"{API}/auth/refresh", json={"refresh_token": token})
        assert_problem(refused, 401, "authentication_failed")
    # the access tokens of those sign-ins stop working now, not at their expiry
    assert_problem(client.get(f"{API}/me/sessions", headers=headers), 401, "authentication_failed")
    fresh = login(client, owner.email)
    relisted = client.get(
        f"{API}/me/sessions", headers={"Authorization": f"Bearer {fresh['access_token']}"}
    ).json()["items"]
    assert len(relisted) == 1
    assert relisted[0]["id"] not in {s["id"] for s in sessions}
    # another user's sign-in is untouched
    kept = client.post(f"{API}/auth/refresh", json={"refresh_token": other_owner.refresh_token})
    assert kept.status_code == 200


def test_request_id_is_echoed_when_sane(client: Client) -> None:
    sane = client.get("/health/live", headers={"X-Request-ID": "abc-123.x_y"})
    assert sane.headers["x-request-id"] == "abc-123.x_y"
    insane = client.get("/health/live", headers={"X-Request-ID": "bad id\twith spaces"})
    assert insane.headers["x-request-id"] != "bad id\twith spaces"
    assert len(insane.headers["x-request-id"]) == 32


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/v1/nope"), ("PUT", "/api/v1/brands")])
def test_request_id_on_routing_errors(client: Client, method: str, path: str) -> None:
    response = client.request(method, path, headers={"X-Request-ID": "trace-me"})
    assert response.status_code in {404, 405}
    assert response.headers.get("x-request-id") == "trace-me"
    assert response.json().get("request_id") == "trace-me"


# -- pagination ---------------------------------------------------------------------------------


def _walk(
    client: Client, path: str, headers: dict[str, str], **params: Any
) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get(path, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 20, "pagination does not terminate"


@pytest.fixture
def seven_brands(client: Client, owner: Account) -> list[dict[str, Any]]:
    names = ["Delta", "Alpha", "Echo", "Bravo", "Golf", "Charlie", "Foxtrot"]
    random.Random(7).shuffle(names)
    return [create_brand(client, owner, name=name) for name in names]


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("name", "name", False),
        ("-name", "name", True),
        ("created_at", "created_at", False),
        ("-created_at", "created_at", True),
        ("-updated_at", "updated_at", True),
    ],
)
def test_cursor_pagination_visits_every_brand_once_in_order(
    client: Client,
    owner: Account,
    seven_brands: list[dict[str, Any]],
    sort: str,
    key: str,
    reverse: bool,
) -> None:
    pages = _walk(client, f"{API}/brands", owner.headers, sort=sort, limit=3)
    assert [len(p) for p in pages] == [3, 3, 1]
    seen = [b["id"] for page in pages for b in page]
    expected = sorted(seven_brands, key=lambda b: (b[key], b["id"]), reverse=reverse)
    assert seen == [b["id"] for b in expected]
    # one page with everything agrees with the walk
    whole = client.get(f"{API}/brands", params={"sort": sort, "limit": 200}, headers=owner.headers)
    assert [b["id"] for b in whole.json()["items"]] == seen


def test_pages_are_stable_while_brands_are_added(
    client: Client, owner: Account, seven_brands: list[dict[str, Any]]
) -> None:
    h = owner.headers
    first = client.get(f"{API}/brands", params={"sort": "name", "limit": 3}, headers=h).json()
    create_brand(client, owner, name="Aaa first")  # sorts before the cursor
    rest = _walk(client, f"{API}/brands", h, sort="name", limit=3)  # restart, for the total
    assert len([b for page in rest for b in page]) == 8
    second = client.get(
        f"{API}/brands",
        params={"sort": "name", "limit": 3, "cursor": first["next_cursor"]},
        headers=h,
    ).json()
    ids = [b["id"] for b in first["items"] + second["items"]]
    expected = sorted(seven_brands, key=lambda b: (b["name"], b["id"]))[:6]
    assert ids == [b["id"] for b in expected]


def test_pagination_of_audiences_competitors_and_projects(client: Client, owner: Account) -> None:
    h = owner.headers
    brand = create_brand(client, owner)
    personas = [
        create_audience(client, owner, brand["id"], persona_name=f"P{i}") for i in (3, 1, 4, 5, 2)
    ]
    rivals = [create_competitor(client, owner, brand["id"], name=f"R{i}") for i in (2, 5, 1, 4, 3)]
    projects = [create_project(client, owner, brand["id"], name=f"J{i}") for i in range(5)]

    pages = _walk(client, f"{API}/brands/{brand['id']}/audiences", h, sort="-persona_name", limit=2)
    assert [a["persona_name"] for page in pages for a in page] == ["P5", "P4", "P3", "P2", "P1"]
    assert {a["id"] for page in pages for a in page} == {a["id"] for a in personas}

    pages = _walk(client, f"{API}/brands/{brand['id']}/competitors", h, sort="name", limit=2)
    assert [c["name"] for page in pages for c in page] == ["R1", "R2", "R3", "R4", "R5"]
    assert len(rivals) == 5

    pages = _walk(client, f"{API}/projects", h, sort="-created_at", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [p["id"] for page in pages for p in page] == [p["id"] for p in reversed(projects)]


# -- filters ------------------------------------------------------------------------------------


def test_brand_filters_by_status_and_industry(client: Client, owner: Account) -> None:
    h = owner.headers
    coffee = [create_brand(client, owner, industry="coffee") for _ in range(3)]
    tea = create_brand(client, owner, industry="tea")
    for brand in coffee[:2]:
        assert client.post(f"{API}/brands/{brand['id']}/archive", headers=h).status_code == 200

    def ids(**params: str) -> set[str]:
        response = client.get(f"{API}/brands", params=params, headers=h)
        assert response.status_code == 200, response.text
        return {b["id"] for b in response.json()["items"]}

    assert ids(status="archived") == {b["id"] for b in coffee[:2]}
    assert ids(status="active") == {coffee[2]["id"], tea["id"]}
    assert ids(industry="coffee") == {b["id"] for b in coffee}
    assert ids(industry="tea", status="active") == {tea["id"]}
    assert ids(industry="tea", status="archived") == set()
    assert ids(industry="juice") == set()
    assert len(ids()) == 4


def test_project_filters(client: Client, owner: Account, member: Callable[[Role], Account]) -> None:
    h = owner.headers
    creator = member(Role.CONTENT_CREATOR)
    first, second = create_brand(client, owner), create_brand(client, owner)
    launch = create_project(client, owner, first["id"], project_type="product_launch")
    series = create_project(client, owner, first["id"], project_type="content_series")
    assigned = client.put(
        f"{API}/projects/{series['id']}/assignee",
        json={"assignee_id": creator.user_id},
        headers={**h, "If-Match": "*"},
    )
    assert assigned.status_code == 200, assigned.text
    event = create_project(client, owner, second["id"], project_type="event")
    set_project_status(client, owner, launch["id"], "active")
    set_project_status(client, owner, event["id"], "active", "paused")

    def ids(path: str = f"{API}/projects", **params: str) -> set[str]:
        response = client.get(path, params=params, headers=h)
        assert response.status_code == 200, response.text
        return {p["id"] for p in response.json()["items"]}

    assert ids() == {launch["id"], series["id"], event["id"]}
    assert ids(brand_id=first["id"]) == {launch["id"], series["id"]}
    assert ids(status="active") == {launch["id"]}
    assert ids(status="paused") == {event["id"]}
    assert ids(status="planned", brand_id=first["id"]) == {series["id"]}
    assert ids(project_type="event") == {event["id"]}
    assert ids(assignee_id=creator.user_id) == {series["id"]}
    assert ids(status="completed") == set()
    nested = f"{API}/brands/{first['id']}/projects"
    assert ids(nested) == {launch["id"], series["id"]}
    assert ids(nested, status="planned") == {series["id"]}
    assert ids(nested, project_type="product_launch") == {launch["id"]}
    assert ids(f"{API}/brands/{second['id']}/projects", project_type="product_launch") == set()
