"""The brand enrichment routes end to end: a job reads a loopback fixture site, the
suggestions are listed, accepted (the brand updated, If-Match checked) and rejected field by
field; bad requests are refused at once; a viewer is 403; another tenant's brand is 404."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.research_sites import Page, Site, sites_in_thread
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
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
from umt.entrypoints.http.schemas.enrichment import EnrichmentOut

Client = TestClient[Litestar]

HOME = """<html><head><title>Brightside | Coffee</title>
<meta name="description" content="Coffee roasted on the bright side.">
<meta name="theme-color" content="#d35400">
<link rel="stylesheet" href="/site.css"><link rel="apple-touch-icon" href="/touch.png">
</head><body><a href="https://www.instagram.com/brightside">Instagram</a></body></html>"""
CSS = "a { color: #2e86c1 } .b { background: #2E86C1; font-family: 'Nunito', sans-serif }"


@pytest.fixture(scope="module")
def sites() -> Iterator[list[Site]]:
    pages = {"/": Page(body=HOME), "/site.css": Page(body=CSS, content_type="text/css")}
    with sites_in_thread(pages) as running:
        yield running


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    app = build_app(
        tmp_path_factory.mktemp("enrichment"),
        research_allow_loopback_urls=True,
        research_min_host_interval_seconds=0,
    )
    with TestClient(app=app) as running:
        yield running


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Enrichment Co")


def _enrich(client: Client, account: Account, brand_id: str, **body: Any) -> Any:
    return client.post(f"{API}/brands/{brand_id}/enrichments", json=body, headers=account.headers)


def _enriched(client: Client, owner: Account, sites: list[Site]) -> tuple[dict[str, Any], str]:
    brand = create_brand(client, owner, website=f"{sites[0].base_url}/")
    response = _enrich(client, owner, brand["id"])
    assert response.status_code == 202, response.text
    assert response.json()["task_type"] == "brand.enrich"
    job = finished_job(client, owner, response.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["progress"]["stage"] == "done"
    return brand, job["result"]["enrichment_id"]


def test_an_enrichment_is_a_job_whose_suggestions_are_accepted_and_rejected(
    client: Client, owner: Account, sites: list[Site]
) -> None:
    brand, enrichment_id = _enriched(client, owner, sites)
    base = f"{API}/brands/{brand['id']}/enrichments"
    found = client.get(f"{base}/{enrichment_id}", headers=owner.headers).json()
    values = {s["field"]: s["value"] for s in found["suggestions"]}
    assert values["name"] == "Brightside"
    assert values["palette"] == [
        {"role": "primary", "color": "#d35400"},
        {"role": "secondary", "color": "#2e86c1"},
    ]
    assert values["fonts"] == [{"role": "primary", "family": "Nunito"}]
    assert values["logo_url"] == f"{sites[0].base_url}/touch.png"
    assert found["findings"]["social_links"] == {
        "instagram": "https://www.instagram.com/brightside"
    }
    listed = client.get(base, headers=owner.headers).json()["items"]
    assert [e["id"] for e in listed] == [enrichment_id]

    stale = client.post(
        f"{base}/{enrichment_id}/accept",
        json={"fields": ["palette"]},
        headers={**owner.headers, "If-Match": '"9"'},
    )
    assert_problem(stale, 412)
    accepted = client.post(
        f"{base}/{enrichment_id}/accept",
        json={"fields": ["palette", "description"]},
        headers={**owner.headers, "If-Match": f'"{brand["version"]}"'},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.headers["etag"] == f'"{brand["version"] + 1}"'
    now = client.get(f"{API}/brands/{brand['id']}", headers=owner.headers).json()
    assert now["description"] == "Coffee roasted on the bright side."
    assert [c["color"] for c in now["styling"]["palette"]] == ["#d35400", "#2e86c1"]
    rejected = client.post(
        f"{base}/{enrichment_id}/reject", json={"fields": ["name"]}, headers=owner.headers
    )
    decisions = {s["field"]: s["decision"] for s in rejected.json()["suggestions"]}
    assert decisions == {
        "name": "rejected",
        "description": "accepted",
        "palette": "accepted",
        "fonts": "suggested",
        "logo_url": "suggested",
    }
    again = client.post(
        f"{base}/{enrichment_id}/accept", json={"fields": ["name"]}, headers=owner.headers
    )
    assert_problem(again, 409)
    unknown_field = client.post(
        f"{base}/{enrichment_id}/reject", json={"fields": ["slug"]}, headers=owner.headers
    )
    assert_problem(unknown_field, 422)
    assert_problem(
        client.post(f"{base}/{enrichment_id}/reject", json={"fields": []}, headers=owner.headers),
        422,
    )


def test_bad_requests_are_refused_at_once(client: Client, owner: Account) -> None:
    without_site = create_brand(client, owner)
    assert_problem(_enrich(client, owner, without_site["id"]), 422)
    assert_problem(_enrich(client, owner, without_site["id"], url="ftp://files/"), 422)
    assert_problem(_enrich(client, owner, without_site["id"], depth=2), 422)
    unknown = "00000000-0000-4000-8000-000000000001"
    assert_problem(_enrich(client, owner, unknown, url="https://a.example/"), 404)
    base = f"{API}/brands/{without_site['id']}/enrichments"
    assert_problem(client.get(f"{base}/{unknown}", headers=owner.headers), 404)
    assert client.get(base, headers=owner.headers).json()["items"] == []


def test_a_viewer_reads_but_may_not_enrich_or_decide_and_a_stranger_sees_nothing(
    client: Client, owner: Account, sites: list[Site]
) -> None:
    brand, enrichment_id = _enriched(client, owner, sites)
    base = f"{API}/brands/{brand['id']}/enrichments"
    viewer = add_member(client, owner, Role.VIEWER)
    assert client.get(f"{base}/{enrichment_id}", headers=viewer.headers).status_code == 200
    assert_problem(_enrich(client, viewer, brand["id"]), 403)
    for action in ("accept", "reject"):
        denied = client.post(
            f"{base}/{enrichment_id}/{action}", json={"fields": ["name"]}, headers=viewer.headers
        )
        assert_problem(denied, 403)
    stranger = register(client, organization_name="Elsewhere Beans")
    assert_problem(client.get(f"{base}/{enrichment_id}", headers=stranger.headers), 404)
    assert_problem(client.get(base, headers=stranger.headers), 404)
    assert_problem(_enrich(client, stranger, brand["id"]), 404)
    taken = client.post(
        f"{base}/{enrichment_id}/accept", json={"fields": ["name"]}, headers=stranger.headers
    )
    assert_problem(taken, 404)
    fresh = client.get(f"{base}/{enrichment_id}", headers=owner.headers).json()
    assert {s["decision"] for s in fresh["suggestions"]} == {"suggested"}


def test_the_openapi_example_is_an_answer_the_route_could_give(client: Client) -> None:
    schema = client.get("/schema/openapi.json").json()
    path = schema["paths"]["/api/v1/brands/{brand_id}/enrichments/{enrichment_id}"]["get"]
    (example,) = path["responses"]["200"]["content"]["application/json"]["examples"].values()
    decoded = msgspec.convert(example["value"], EnrichmentOut, strict=False)
    assert _stated(msgspec.to_builtins(decoded)) == example["value"]


def _stated(value: Any) -> Any:
    """The document leaves out what is null (an undecided suggestion's decider)."""
    if isinstance(value, dict):
        return {k: _stated(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_stated(v) for v in value]
    return value
