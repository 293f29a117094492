"""Competitor research wired for tests: the real fetcher (loopback fixture sites allowed, no
pause between requests unless a robots.txt asks for one) and the real readers."""

from __future__ import annotations

from umt.adapters.httpx.politeness import HostPacer
from umt.adapters.httpx.web_fetcher import HttpxWebFetcher
from umt.adapters.webdocs.minhash import DatasketchTextSignatures
from umt.adapters.webdocs.reader import LibraryWebDocumentReader
from umt.adapters.webdocs.site_profile import LibrarySiteProfileReader
from umt.application.research.config import ResearchConfig, ResearchTools
from umt.domain.shared.network import NetworkPolicy
from umt.ports.web_fetcher import WebFetcher

AGENT = "umt-research/0.1 (tests)"


def research_tools(
    *, timeout_seconds: float = 5.0, min_interval: float = 0.0, **config: object
) -> ResearchTools:
    pacer = HostPacer()

    def fetcher() -> WebFetcher:
        return HttpxWebFetcher(
            policy=NetworkPolicy(allow_loopback=True),
            user_agent=AGENT,
            timeout_seconds=timeout_seconds,
            min_interval=min_interval,
            pacer=pacer,
        )

    return ResearchTools(
        fetcher=fetcher,
        reader=LibraryWebDocumentReader(),
        signatures=DatasketchTextSignatures(),
        site_profiles=LibrarySiteProfileReader(),
        config=ResearchConfig(**config),  # type: ignore[arg-type]
    )
