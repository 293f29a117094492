"""What a crawl may do (its limits), and the collaborators it reads the web with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from umt.ports.site_profiles import SiteProfileReader
from umt.ports.text_signatures import TextSignatures
from umt.ports.web_documents import WebDocumentReader
from umt.ports.web_fetcher import WebFetcher


@dataclass(frozen=True, slots=True, kw_only=True)
class ResearchConfig:
    """The bounds of one crawl (CPU, memory and requests spent on content nobody vetted)."""

    max_pages: int = 500  # pages fetched per crawl, newest first
    max_sitemaps: int = 20  # sitemap files read per competitor (indexes included)
    max_listed: int = 5000  # URLs read from one feed or sitemap
    max_sitemap_bytes: int = 10 * 1024 * 1024  # a sitemap file, once decompressed
    max_text_chars: int = 100_000  # of a page's main text analysed
    concurrent_hosts: int = 8  # hosts crawled at once (each one request at a time)
    near_duplicate_threshold: float = 0.8  # estimated Jaccard similarity of shingles
    keyphrases: int = 10  # kept per document
    link_depth: int = 1  # in-page links on the same host followed this many hops deep
    max_links_per_page: int = 200  # of a page's links considered
    commit_every: int = 50  # pages read between two commits of a crawl's documents
    # brand enrichment: the home page (cut, not refused, past its limit: its head says the
    # most) and the stylesheets it links, each bounded
    enrich_page_bytes: int = 1024 * 1024
    enrich_stylesheets: int = 8
    enrich_stylesheet_bytes: int = 512 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class ResearchTools:
    """A fresh fetcher per crawl (its robots.txt cache lives as long as the crawl; the host
    pacing is shared by every crawl of the process), and the readers of what it fetched."""

    fetcher: Callable[[], WebFetcher]
    reader: WebDocumentReader
    signatures: TextSignatures
    site_profiles: SiteProfileReader
    config: ResearchConfig = field(default_factory=ResearchConfig)
