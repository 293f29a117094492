"""Competitor research's collaborators from the settings: a polite, guarded fetcher per
crawl (one host pacer shared by every crawl of the process), and the readers."""

from __future__ import annotations

from typing import Any

from umt.adapters.webdocs.minhash import DatasketchTextSignatures
from umt.adapters.webdocs.reader import LibraryWebDocumentReader
from umt.adapters.webdocs.site_profile import LibrarySiteProfileReader
from umt.application.research.config import ResearchConfig, ResearchTools
from umt.domain.shared.network import NetworkPolicy
from umt.entrypoints.settings import Settings
from umt.ports.web_fetcher import WebFetcher


def research_tools(settings: Settings) -> ResearchTools:
    section = settings.research
    policy = NetworkPolicy(allow_loopback=section.allow_loopback_urls)
    shared: dict[str, Any] = {}  # the host pacer and TLS context, made by the first crawl

    def fetcher() -> WebFetcher:
        # httpx and its TLS context come with the first crawl, not with every process's
        # start (a server that never crawls would carry them: docs/benchmarks.md, memory)
        from umt.adapters.httpx.politeness import HostPacer
        from umt.adapters.httpx.web_fetcher import HttpxWebFetcher, tls_context

        if not shared:
            # one pacer for every crawl of the process; the CA bundle loaded once (0.1 s)
            shared.update(pacer=HostPacer(), tls=tls_context())
        return HttpxWebFetcher(
            policy=policy,
            user_agent=section.user_agent,
            timeout_seconds=section.timeout_seconds,
            max_bytes=section.max_bytes,
            max_redirects=section.max_redirects,
            min_interval=section.min_host_interval_seconds,
            max_crawl_delay=section.max_crawl_delay_seconds,
            pacer=shared["pacer"],
            verify=shared["tls"],
        )

    return ResearchTools(
        fetcher=fetcher,
        reader=LibraryWebDocumentReader(),
        signatures=DatasketchTextSignatures(),
        site_profiles=LibrarySiteProfileReader(),
        config=ResearchConfig(
            max_pages=section.max_pages, concurrent_hosts=section.concurrent_hosts
        ),
    )
