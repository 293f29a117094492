"""Through the library: a competitor crawl of a loopback fixture site as a job with
progress, then its documents, sources, crawl record and topic gaps, all as frozen views."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.research_sites import Page, Site

from umt.application.identity.create_user import CreateUser
from umt.domain.identity.permissions import Role
from umt.domain.research.document import SourceKind
from umt.domain.shared.errors import NotFound, PermissionDenied
from umt.entrypoints.library import Platform as Umt
from umt.ports.job_store import JobStatus

PASSWORD = "a long enough passphrase"


def page(title: str, text: str) -> str:
    body = "".join(f"<p>{text} Note {n} on {title.lower()}.</p>" for n in range(4))
    return f"<html><head><title>{title}</title></head><body><main>{body}</main></body></html>"


async def test_a_crawl_through_the_library(tmp_path: Path) -> None:
    async with Site() as site:
        site.pages.update(
            {
                "/sitemap.xml": Page(
                    body=f"{site.base_url}/loyalty\n{site.base_url}/podcasts\n",
                    content_type="text/plain",
                ),
                "/": Page(body=page("Rival", "Rival builds loyalty programs for shops.")),
                "/loyalty": Page(body=page("Loyalty", "Loyalty points keep loyalty members.")),
                "/podcasts": Page(body=page("Podcasts", "Podcast episodes grow podcast reach.")),
            }
        )
        async with Umt.from_settings(
            database_url="memory://",
            data_dir=tmp_path,
            broker_url="",
            research_allow_loopback_urls=True,
            research_min_host_interval_seconds=0,
        ) as umt:
            owner = await umt.register("ada@acme.example", PASSWORD, "Acme")
            brand = await umt.brands.create(owner, name="Acme")
            await umt.competitors.add(owner, brand.id, name="Rival", website=f"{site.base_url}/")
            with pytest.raises(NotFound):
                await umt.research.start_crawl(owner, brand.id, competitor_ids=[brand.id])
            job = await umt.research.start_crawl(owner, brand.id)
            done = await umt.jobs.wait(owner, job.id)
            assert done.status is JobStatus.SUCCEEDED, done.error
            assert done.progress is not None
            assert done.progress["stage"] == "done"
            assert done.result is not None
            assert done.result["counts"]["documents_new"] == 3

            documents = await umt.research.documents(owner, brand.id, sort="url")
            assert [d.url for d in documents.items] == [
                f"{site.base_url}/",
                f"{site.base_url}/loyalty",
                f"{site.base_url}/podcasts",
            ]
            sources = await umt.research.sources(owner, brand.id)
            assert {s.kind for s in sources} == {SourceKind.SITEMAP, SourceKind.PAGE}
            (crawl,) = await umt.research.crawls(owner, brand.id)
            assert dict(crawl.counts)["documents_new"] == 3
            gaps = await umt.research.topic_gaps(owner, brand.id, examples=1)
            assert gaps.documents == 3
            assert any("podcast" in g.topic for g in gaps.gaps)
            assert all(len(g.examples) == 1 for g in gaps.gaps)
            viewer = await umt.register("bo@globex.example", PASSWORD, "Globex")
            with pytest.raises(NotFound):
                await umt.research.crawl(viewer, brand.id)
            await umt.bus.execute(
                CreateUser(
                    email="cy@acme.example",
                    password=PASSWORD,
                    role=Role.VIEWER,
                    organization_id=owner.principal.organization_id,
                )
            )
            cy = await umt.login("cy@acme.example", PASSWORD, owner.principal.organization_id)
            with pytest.raises(PermissionDenied):
                await umt.research.crawl(cy, brand.id)
            assert (await umt.research.topic_gaps(cy, brand.id)).documents == 3
