"""The research routes end to end: a crawl of loopback fixture sites is a job that reports
its progress and ends with documents, sources, a crawl record and topic gaps; bad requests
are refused at once with nothing queued; another tenant's brand is not found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.research_sites import Page, Site, sites_in_thread
from tests.unit.entrypoints.http.agents.test_jobs import finished_job
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    assert_problem,
    build_app,
    create_brand,
    create_competitor,
    register,
)

Client = TestClient[Litestar]


def post(title: str, text: str) -> str:
    paragraphs = "".join(
        f"<p>{text} Part {n} of the guide on {title.lower()}.</p>" for n in range(4)
    )
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"


RIVAL = {
    "/robots.txt": Page(body="User-agent: *\nDisallow: /drafts/\n", content_type="text/plain"),
    "/feed.xml": Page(
        body="""<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>
<item><title>Webinar funnels</title><link>{base}/webinars</link></item>
<item><title>Referral loops</title><link>{base}/referrals</link></item>
<item><title>Draft</title><link>{base}/drafts/x</link></item>
</channel></rss>""",
        content_type="application/rss+xml",
    ),
    "/": Page(body=post("Rival", "Rival runs growth programs for software companies.")),
    "/webinars": Page(
        body=post("Webinar funnels", "Webinar funnels turn webinar attendees into customers.")
    ),
    "/referrals": Page(
        body=post("Referral loops", "Referral loops reward customers for referral invites.")
    ),
}


@pytest.fixture(scope="module")
def sites() -> Iterator[list[Site]]:
    with sites_in_thread(RIVAL) as running:
        yield running


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    app = build_app(
        tmp_path_factory.mktemp("research"),
        research_allow_loopback_urls=True,
        research_min_host_interval_seconds=0,
    )
    with TestClient(app=app) as running:
        yield running


@pytest.fixture(scope="module")
def owner(client: Client) -> Account:
    return register(client, organization_name="Research Co")


def crawl(client: Client, owner: Account, brand_id: str, **body: Any) -> Any:
    return client.post(f"{API}/brands/{brand_id}/research/crawls", json=body, headers=owner.headers)


def test_a_crawl_is_a_job_with_progress_and_its_results_are_readable(
    client: Client, owner: Account, sites: list[Site]
) -> None:
    base = sites[0].base_url
    brand = create_brand(client, owner, name="Growth Brand")
    rival = create_competitor(
        client, owner, brand["id"], name="Rival", website=f"{base}/", feed_urls=[f"{base}/feed.xml"]
    )
    response = crawl(client, owner, brand["id"], competitor_ids=[rival["id"]])
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["task_type"] == "research.crawl"
    assert response.headers["location"] == f"{API}/jobs/{accepted['id']}"
    job = finished_job(client, owner, accepted["id"])
    assert job["status"] == "succeeded", job
    assert job["progress"]["stage"] == "done"
    assert job["progress"]["done"] == job["progress"]["total"] == 4
    assert job["result"]["counts"]["documents_new"] == 3
    assert job["result"]["counts"]["pages_disallowed"] == 1
    assert "/drafts/x" not in sites[0].paths()

    documents = client.get(
        f"{API}/brands/{brand['id']}/research/documents?sort=url", headers=owner.headers
    ).json()
    assert [d["url"] for d in documents["items"]] == [
        f"{base}/",
        f"{base}/referrals",
        f"{base}/webinars",
    ]
    webinar = documents["items"][2]
    assert webinar["source_url"] == f"{base}/feed.xml"
    assert webinar["keyphrases"]
    assert webinar["cluster"]
    assert len(webinar["text_hash"]) == 64
    sources = client.get(f"{API}/brands/{brand['id']}/research/sources", headers=owner.headers)
    assert {s["kind"] for s in sources.json()["items"]} == {"feed", "page"}
    crawls = client.get(f"{API}/brands/{brand['id']}/research/crawls", headers=owner.headers)
    (record,) = crawls.json()["items"]
    assert record["id"] == job["result"]["crawl_id"]
    assert record["counts"] == job["result"]["counts"]
    gaps = client.get(
        f"{API}/brands/{brand['id']}/research/topic-gaps?examples=1", headers=owner.headers
    ).json()
    assert gaps["documents"] == 3
    assert gaps["own_pieces"] == 0
    assert any("webinar" in g["topic"] for g in gaps["gaps"])
    assert all(len(g["examples"]) == 1 for g in gaps["gaps"])


def test_bad_crawl_requests_are_refused_at_once_and_queue_nothing(
    client: Client, owner: Account
) -> None:
    brand = create_brand(client, owner, name="Careful Brand")
    unknown = "00000000-0000-4000-8000-000000000001"
    assert_problem(crawl(client, owner, brand["id"], competitor_ids=[unknown]), 404)
    assert_problem(crawl(client, owner, brand["id"], max_pages=0), 422)
    assert_problem(crawl(client, owner, brand["id"], depth=3), 422)
    assert_problem(crawl(client, owner, brand["id"], link_depth=4), 422)
    assert_problem(crawl(client, owner, brand["id"], link_depth=-1), 422)
    assert_problem(crawl(client, owner, unknown), 404)
    crawls = client.get(f"{API}/brands/{brand['id']}/research/crawls", headers=owner.headers)
    assert crawls.json()["items"] == []
    assert_problem(
        client.get(
            f"{API}/brands/{brand['id']}/research/topic-gaps?limit=0", headers=owner.headers
        ),
        422,
    )


def test_another_tenants_research_is_not_found(client: Client, owner: Account) -> None:
    brand = create_brand(client, owner, name="Private Brand")
    stranger = register(client, organization_name="Elsewhere")
    for path in ("documents", "sources", "crawls", "topic-gaps"):
        response = client.get(
            f"{API}/brands/{brand['id']}/research/{path}", headers=stranger.headers
        )
        assert_problem(response, 404)
    assert_problem(crawl(client, stranger, brand["id"]), 404)


def test_without_loopback_allowed_fixture_sites_are_refused(
    tmp_path: Path, sites: list[Site]
) -> None:
    with TestClient(app=build_app(tmp_path)) as strict:
        account = register(strict)
        brand = create_brand(strict, account, name="Strict Brand")
        create_competitor(
            strict, account, brand["id"], name="Local", website=f"{sites[0].base_url}/"
        )
        hits = len(sites[0].hits)
        job = finished_job(strict, account, crawl(strict, account, brand["id"]).json()["id"])
        assert job["status"] == "succeeded"
        assert {f["reason"] for f in job["result"]["failures"]} == {"unsafe_destination"}
        assert len(sites[0].hits) == hits  # not one request reached it
