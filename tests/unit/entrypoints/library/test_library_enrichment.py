"""Through the library: a brand enrichment of a loopback fixture site as a job, its
suggestions read as frozen views, one accepted (the brand updated, its version checked) and
one rejected; a viewer may read but not decide."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tests.support.research_sites import Page, Site

from umt.application.identity.create_user import CreateUser
from umt.domain.identity.permissions import Role
from umt.domain.research.enrichment import Decision
from umt.domain.shared.errors import InvalidValue, PermissionDenied, StaleVersion
from umt.entrypoints.library import Platform as Umt
from umt.ports.job_store import JobStatus

PASSWORD = "a long enough passphrase"
HOME = """<html><head><meta property="og:site_name" content="Lumen Lamps">
<meta name="description" content="Lamps for long evenings."></head>
<body style="color: #c0392b"><a href="https://www.pinterest.com/lumenlamps">Pins</a></body></html>"""


async def test_an_enrichment_through_the_library(tmp_path: Path) -> None:
    async with Site() as site:
        site.pages["/"] = Page(body=HOME)
        async with Umt.from_settings(
            database_url="memory://",
            data_dir=tmp_path,
            broker_url="",
            research_allow_loopback_urls=True,
            research_min_host_interval_seconds=0,
        ) as umt:
            owner = await umt.register("ada@lumen.example", PASSWORD, "Lumen")
            brand = await umt.brands.create(owner, name="lumen", website=f"{site.base_url}/")
            without_site = await umt.brands.create(owner, name="offline")
            with pytest.raises(InvalidValue):
                await umt.enrichment.start_enrich(owner, without_site.id)
            job = await umt.enrichment.start_enrich(owner, brand.id)
            done = await umt.jobs.wait(owner, job.id)
            assert done.status is JobStatus.SUCCEEDED, done.error
            assert done.result is not None
            assert done.result["suggested"] == ["name", "description", "palette"]

            (listed,) = await umt.enrichment.enrichments(owner, brand.id)
            assert listed.findings["social_links"] == {
                "pinterest": "https://www.pinterest.com/lumenlamps"
            }
            with pytest.raises(dataclasses.FrozenInstanceError):
                listed.url = "elsewhere"  # type: ignore[misc]
            with pytest.raises(StaleVersion):
                await umt.enrichment.accept(
                    owner, brand.id, listed.id, ["name"], expected_version=5
                )
            accepted = await umt.enrichment.accept(
                owner, brand.id, listed.id, ["name"], expected_version=brand.version
            )
            rejected = await umt.enrichment.reject(owner, brand.id, listed.id, ["palette"])
            assert accepted.suggestions[0].decision is Decision.ACCEPTED
            assert {s.field: s.decision for s in rejected.suggestions} == {
                "name": Decision.ACCEPTED,
                "description": Decision.SUGGESTED,
                "palette": Decision.REJECTED,
            }
            renamed = await umt.brands.get(owner, brand.id)
            assert (renamed.name, renamed.version) == ("Lumen Lamps", brand.version + 1)

            await umt.bus.execute(
                CreateUser(
                    email="vic@lumen.example",
                    password=PASSWORD,
                    role=Role.VIEWER,
                    organization_id=owner.principal.organization_id,
                ),
            )
            viewer = await umt.login("vic@lumen.example", PASSWORD, owner.principal.organization_id)
            seen = await umt.enrichment.enrichment(viewer, brand.id, listed.id)
            assert seen.id == listed.id
            with pytest.raises(PermissionDenied):
                await umt.enrichment.accept(viewer, brand.id, listed.id, ["description"])
