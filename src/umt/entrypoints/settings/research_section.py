"""Competitor research's section of the settings (``UMT_RESEARCH_*``): the crawler's user
agent, its manners and its limits (docs/configuration.md, docs/research.md)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from umt.entrypoints.settings.sections import SECTION_CONFIG

DEFAULT_USER_AGENT = "umt-research/0.1 (competitor research; robots.txt honoured)"


class ResearchSettings(BaseModel):
    model_config = SECTION_CONFIG

    # what the crawler calls itself: robots.txt groups are matched on its first word
    # ("umt-research"); operators add a URL or an address where a site owner can reach them
    user_agent: str = Field(
        default=DEFAULT_USER_AGENT,
        min_length=3,
        max_length=300,
        validation_alias="research_user_agent",
    )
    # tests and demos only: fixture sites on this machine's loopback addresses may be
    # crawled (no other internal address ever is, redirects included)
    allow_loopback_urls: bool = Field(
        default=False, validation_alias="research_allow_loopback_urls"
    )
    timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, validation_alias="research_timeout_seconds"
    )
    max_bytes: int = Field(
        default=2 * 1024 * 1024,
        ge=1024,
        le=50 * 1024 * 1024,
        validation_alias="research_max_bytes",
    )
    max_redirects: int = Field(default=5, ge=0, le=10, validation_alias="research_max_redirects")
    # the pause between two requests to one host when its robots.txt asks for none
    min_host_interval_seconds: float = Field(
        default=1.0, ge=0, le=60, validation_alias="research_min_host_interval_seconds"
    )
    # a host asking for a longer crawl-delay is not crawled (rather than crawled faster)
    max_crawl_delay_seconds: float = Field(
        default=60.0, gt=0, le=3600, validation_alias="research_max_crawl_delay_seconds"
    )
    max_pages: int = Field(default=500, ge=1, le=100_000, validation_alias="research_max_pages")
    concurrent_hosts: int = Field(
        default=8, ge=1, le=200, validation_alias="research_concurrent_hosts"
    )
