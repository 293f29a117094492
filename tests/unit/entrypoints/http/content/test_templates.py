"""Content templates over HTTP: CRUD with If-Match, built-ins, rendering and its errors."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    create_brand,
    create_project,
)

from umt.domain.identity.permissions import Role

Client = TestClient[Litestar]
TEASER = {
    "name": "Launch teaser",
    "content_type": "social_post",
    "body": "{{ product }} lands {{ day }}.",
    "variables": [{"name": "product"}, {"name": "day", "default": "Monday"}],
}


def test_crud_render_and_builtins(
    client: Client, owner: Account, member: Callable[[Role], Account]
) -> None:
    created = client.post(f"{API}/templates", json=TEASER, headers=owner.headers)
    assert created.status_code == 201, created.text
    template = created.json()
    assert template["builtin"] is False
    url = f"{API}/templates/{template['id']}"
    rendered = client.post(
        f"{url}/render", json={"variables": {"product": "Night Roast"}}, headers=owner.headers
    )
    assert rendered.status_code == 200, rendered.text
    assert rendered.json()["text"] == "Night Roast lands Monday."
    missing = client.post(f"{url}/render", json={"variables": {}}, headers=owner.headers)
    assert_problem(missing, 422, "template_variable_missing", "variables.product")
    assert_problem(
        client.post(f"{API}/templates", json=TEASER, headers=owner.headers),
        409,
        "duplicate_template_name",
    )
    undeclared = {**TEASER, "name": "Other", "body": "{{ secret }}"}
    assert_problem(client.post(f"{API}/templates", json=undeclared, headers=owner.headers), 422)
    stale = client.patch(url, json={"name": "x"}, headers={**owner.headers, "If-Match": '"7"'})
    assert_problem(stale, 412)
    renamed = client.patch(
        url, json={"name": "Teaser"}, headers={**owner.headers, "If-Match": '"1"'}
    )
    assert renamed.json()["name"] == "Teaser"
    assert renamed.headers["etag"] == '"2"'
    creator = member(Role.CONTENT_CREATOR)
    assert_problem(
        client.delete(url, headers={**creator.headers, "If-Match": "*"}), 403, "permission_denied"
    )
    listed = client.get(f"{API}/templates", headers=creator.headers).json()
    assert [t["id"] for t in listed["items"]] == [template["id"]]

    builtins = client.get(
        f"{API}/templates/builtin", params={"content_type": "ad_copy"}, headers=owner.headers
    ).json()["items"]
    assert [b["builtin"] for b in builtins] == [True]
    ad = builtins[0]
    ad_text = client.post(
        f"{API}/templates/{ad['id']}/render",
        json={"variables": {"product": "Night Roast", "benefit": "bold and smooth"}},
        headers=owner.headers,
    ).json()["text"]
    assert ad_text == "Night Roast: bold and smooth. Shop now"
    assert_problem(
        client.delete(f"{API}/templates/{ad['id']}", headers={**owner.headers, "If-Match": "*"}),
        409,
        "builtin_template_read_only",
    )
    assert client.delete(url, headers={**owner.headers, "If-Match": "*"}).status_code == 204
    assert_problem(client.get(url, headers=owner.headers), 404)


def test_sandbox_violations_are_422(client: Client, owner: Account) -> None:
    body = {
        "name": "Escape",
        "content_type": "email",
        "body": "{{ name.__class__.__mro__ }}",
        "variables": [{"name": "name"}],
    }
    created = client.post(f"{API}/templates", json=body, headers=owner.headers)
    assert created.status_code == 201, created.text
    refused = client.post(
        f"{API}/templates/{created.json()['id']}/render",
        json={"variables": {"name": "x"}},
        headers=owner.headers,
    )
    assert_problem(refused, 422, "template_render_failed")


def test_brand_templates_and_content_in_projects(
    client: Client, owner: Account, other_owner: Account
) -> None:
    brand = create_brand(client, owner)
    project = create_project(client, owner, brand["id"])
    mine = client.post(
        f"{API}/templates", json={**TEASER, "brand_id": brand["id"]}, headers=owner.headers
    )
    assert mine.status_code == 201, mine.text
    assert mine.json()["brand_id"] == brand["id"]
    assert_problem(
        client.get(f"{API}/templates/{mine.json()['id']}", headers=other_owner.headers), 404
    )
    piece = client.post(
        f"{API}/brands/{brand['id']}/content",
        json={
            "content_type": "email",
            "channel": "email",
            "title": "Beans",
            "project_id": project["id"],
        },
        headers=owner.headers,
    )
    assert piece.status_code == 201, piece.text
    assert piece.json()["project_id"] == project["id"]
    in_project = client.get(
        f"{API}/content", params={"project_id": project["id"]}, headers=owner.headers
    ).json()
    assert [p["id"] for p in in_project["items"]] == [piece.json()["id"]]
