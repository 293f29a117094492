"""brand.enrich on loopback fixture sites: the suggestions found on a home page and its
stylesheets, stored and never applied until accepted field by field."""

from __future__ import annotations

import json

import pytest
from tests.support.research_sites import Page, Site

from umt.adapters.memory.store import InMemoryStore
from umt.application.brand.brand_queries import GetBrand
from umt.application.brand.create_brand import CreateBrand
from umt.application.brand.update_brand import BrandChanges, UpdateBrand
from umt.application.bus import MessageBus
from umt.application.principal import Principal
from umt.application.research.enrichment import EnrichBrand, EnrichmentReport
from umt.application.research.enrichment_review import (
    AcceptSuggestions,
    GetEnrichment,
    ListEnrichments,
    RejectSuggestions,
    Reviewed,
)
from umt.domain.brand.brand import Brand
from umt.domain.research.enrichment import BrandEnrichment, Decision, SuggestionDecided
from umt.domain.shared.errors import InvalidValue, NotFound, StaleVersion

LD = {
    "@context": "https://schema.org",
    "@type": "Organization",
    "name": "Acme Tools Inc.",
    "logo": {"@type": "ImageObject", "url": "/img/logo.svg"},
    "sameAs": ["https://www.instagram.com/acmetools"],
}


def home(base: str, *, tail: str = "") -> str:
    return f"""<!doctype html><html><head>
<title>Acme Tools | Hand tools that last</title>
<meta name="description" content="Hand tools   that last a lifetime.">
<meta property="og:site_name" content="Acme Tools">
<meta property="og:image" content="{base}/img/hero.jpg">
<meta name="theme-color" content="#E4572E">
<link rel="apple-touch-icon" href="/touch.png">
<link rel="stylesheet" href="/css/site.css">
<link rel="stylesheet" href="/css/broken.css">
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Lora:wght@400&family=Inter">
<script type="application/ld+json">{{ not json at all</script>
<script type="application/ld+json">{json.dumps(LD)}</script>
<style>.hero {{ background: #1776b6; color: #fff }}</style>
</head><body>
<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Hammer</span></div>
<a href="https://www.facebook.com/sharer/sharer.php?u=x">share</a>
<a href="https://www.facebook.com/acmetools">Facebook</a>
<a href="https://x.com/acmetools">X</a>
<a href="/about">About</a>
{tail}</body></html>"""


SITE_CSS = """
.button { background: #1776b6; } a { color: #1776b6 } .tag { color: #f3a712 }
body { font-family: "Work Sans", sans-serif; color: #222; background: #fafafa }
"""
BROKEN_CSS = "a { color: #f3a712 ;; } } { font-family: ; rgb( 1, 2 @@@ #"


def acme_pages(base: str, *, tail: str = "") -> dict[str, Page]:
    return {
        "/": Page(body=home(base, tail=tail)),
        "/css/site.css": Page(body=SITE_CSS, content_type="text/css"),
        "/css/broken.css": Page(body=BROKEN_CSS, content_type="text/css"),
    }


async def _brand(bus: MessageBus, owner: Principal, website: str | None) -> Brand:
    return await bus.execute(CreateBrand(name="acme", website=website), owner)


def _by_field(enrichment: BrandEnrichment) -> dict[str, object]:
    return {s.field: s.value for s in enrichment.suggestions}


async def test_a_home_page_and_its_stylesheets_suggest_brand_fields(
    bus: MessageBus, owner: Principal
) -> None:
    async with Site() as site:
        site.pages.update(acme_pages(site.base_url))
        brand = await _brand(bus, owner, f"{site.base_url}/")
        report = await bus.ask(EnrichBrand(brand_id=brand.id), EnrichmentReport, owner)
        fetched = sorted(hit.path for hit in site.hits)
    assert report.suggested == ("name", "description", "palette", "fonts", "logo_url")
    assert report.failures == ()
    assert "/robots.txt" in fetched  # politely, then the CSS
    assert "/css/site.css" in fetched
    found = await bus.ask(
        GetEnrichment(brand_id=brand.id, enrichment_id=report.enrichment_id),
        BrandEnrichment,
        owner,
    )
    values = _by_field(found)
    assert values["name"] == "Acme Tools"  # og:site_name before JSON-LD and the title
    assert values["description"] == "Hand tools that last a lifetime."
    assert values["palette"] == [
        {"role": "primary", "color": "#e4572e"},  # theme-color leads
        {"role": "secondary", "color": "#1776b6"},  # 3 uses (inline + site.css)
        {"role": "accent", "color": "#f3a712"},  # 2 uses (site.css + the broken one)
    ]
    assert values["fonts"] == [
        {"role": "primary", "family": "Lora"},
        {"role": "secondary", "family": "Inter"},
        {"role": "tertiary", "family": "Work Sans"},
    ]
    assert values["logo_url"] == f"{site.base_url}/img/logo.svg"  # JSON-LD beats og:image
    assert all(s.decision is Decision.SUGGESTED for s in found.suggestions)
    assert found.findings["social_links"] == {
        "facebook": "https://www.facebook.com/acmetools",
        "x": "https://x.com/acmetools",
        "instagram": "https://www.instagram.com/acmetools",
    }
    structured = found.findings["structured_data"]
    assert structured["json-ld"][0]["name"] == "Acme Tools Inc."  # the broken block skipped
    assert structured["microdata"][0]["name"] == "Hammer"
    assert structured["opengraph"][0]["og:site_name"] == "Acme Tools"
    assert found.findings["stylesheets_read"] == 2  # Google Fonts named, never fetched
    # suggested, not written: the brand is as it was
    unchanged = await bus.ask(GetBrand(brand_id=brand.id), Brand, owner)
    assert (unchanged.name, unchanged.version) == ("acme", 1)
    assert unchanged.styling == {"palette": [], "fonts": [], "logo_url": None}


async def test_accepting_applies_through_the_brand_update_and_rejecting_records(
    bus: MessageBus, owner: Principal, store: InMemoryStore
) -> None:
    async with Site() as site:
        site.pages.update(acme_pages(site.base_url))
        brand = await _brand(bus, owner, f"{site.base_url}/")
        report = await bus.ask(EnrichBrand(brand_id=brand.id), EnrichmentReport, owner)
    key = {"brand_id": brand.id, "enrichment_id": report.enrichment_id}
    with pytest.raises(StaleVersion):
        await bus.ask(
            AcceptSuggestions(**key, fields=("palette",), expected_version=7), Reviewed, owner
        )
    reviewed = await bus.ask(
        AcceptSuggestions(**key, fields=("palette", "name"), expected_version=1), Reviewed, owner
    )
    assert reviewed.brand_version == 2
    after = await bus.ask(GetBrand(brand_id=brand.id), Brand, owner)
    assert after.name == "Acme Tools"
    assert after.styling["palette"] == [
        {"role": "primary", "color": "#e4572e"},
        {"role": "secondary", "color": "#1776b6"},
        {"role": "accent", "color": "#f3a712"},
    ]
    assert after.styling["fonts"] == []  # not accepted: the rest of the styling stays
    rejected = await bus.ask(RejectSuggestions(**key, fields=("fonts",)), BrandEnrichment, owner)
    decisions = {s.field: s.decision for s in rejected.suggestions}
    assert decisions == {
        "name": Decision.ACCEPTED,
        "description": Decision.SUGGESTED,
        "palette": Decision.ACCEPTED,
        "fonts": Decision.REJECTED,
        "logo_url": Decision.SUGGESTED,
    }
    assert all(s.decided_by == owner.user_id for s in rejected.suggestions if s.decided_at)
    with pytest.raises(SuggestionDecided):
        await bus.ask(AcceptSuggestions(**key, fields=("fonts",)), Reviewed, owner)
    with pytest.raises(InvalidValue):
        await bus.ask(AcceptSuggestions(**key, fields=("slug",)), Reviewed, owner)
    final = await bus.ask(GetBrand(brand_id=brand.id), Brand, owner)
    assert final.version == 2  # neither refusal touched the brand
    listed = await bus.ask(ListEnrichments(brand_id=brand.id), list[BrandEnrichment], owner)
    assert [e.id for e in listed] == [report.enrichment_id]


async def test_a_logo_accepted_after_someone_edited_the_styling_keeps_their_edit(
    bus: MessageBus, owner: Principal
) -> None:
    async with Site() as site:
        site.pages.update(acme_pages(site.base_url))
        brand = await _brand(bus, owner, f"{site.base_url}/")
        report = await bus.ask(EnrichBrand(brand_id=brand.id), EnrichmentReport, owner)
    styling = {"fonts": [{"role": "body", "family": "Georgia"}]}
    await bus.execute(
        UpdateBrand(brand_id=brand.id, changes=BrandChanges.of({"styling": styling})), owner
    )
    key = {"brand_id": brand.id, "enrichment_id": report.enrichment_id}
    await bus.ask(AcceptSuggestions(**key, fields=("logo_url",)), Reviewed, owner)
    after = await bus.ask(GetBrand(brand_id=brand.id), Brand, owner)
    assert after.styling["logo_url"] == f"{site.base_url}/img/logo.svg"
    assert after.styling["fonts"] == [{"role": "body", "family": "Georgia"}]


async def test_a_redirect_to_a_private_address_is_refused_and_recorded(
    bus: MessageBus, owner: Principal
) -> None:
    async with Site() as site:
        site.pages["/"] = Page(status=302, headers={"Location": "http://10.0.0.1/admin"})
        brand = await _brand(bus, owner, f"{site.base_url}/")
        report = await bus.ask(EnrichBrand(brand_id=brand.id), EnrichmentReport, owner)
    assert report.suggested == ()
    assert [(f.url, f.reason) for f in report.failures] == [
        (f"{site.base_url}/", "unsafe_destination")
    ]


async def test_a_huge_page_is_cut_at_the_limit_and_its_head_still_read(
    bus: MessageBus, owner: Principal
) -> None:
    filler = "<p>" + "lorem ipsum " * 200_000 + "</p>"  # 2.4 MB past the 1 MiB limit
    async with Site() as site:
        site.pages.update(acme_pages(site.base_url, tail=filler))
        brand = await _brand(bus, owner, f"{site.base_url}/")
        report = await bus.ask(EnrichBrand(brand_id=brand.id), EnrichmentReport, owner)
    found = await bus.ask(
        GetEnrichment(brand_id=brand.id, enrichment_id=report.enrichment_id),
        BrandEnrichment,
        owner,
    )
    assert found.findings["page_truncated"] is True
    assert _by_field(found)["name"] == "Acme Tools"
    assert report.failures == ()


async def test_no_url_and_no_website_is_refused_and_another_brand_is_not_found(
    bus: MessageBus, owner: Principal, other_owner: Principal
) -> None:
    brand = await _brand(bus, owner, None)
    with pytest.raises(InvalidValue) as refused:
        await bus.ask(EnrichBrand(brand_id=brand.id), EnrichmentReport, owner)
    assert refused.value.field == "url"
    with pytest.raises(InvalidValue):
        await bus.ask(EnrichBrand(brand_id=brand.id, url="ftp://x/"), EnrichmentReport, owner)
    with pytest.raises(NotFound):
        await bus.ask(
            EnrichBrand(brand_id=brand.id, url="http://127.0.0.1:9/"), EnrichmentReport, other_owner
        )
