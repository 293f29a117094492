"""The research context: competitor crawls (content-strategy's ``research.crawl``), the
documents and sources they store, and topic gaps (``research.topic_gaps``)."""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.application.research import crawl, queries

MODULE = ContextModule(
    name="research",
    handlers=(
        crawl.crawl_competitors,
        crawl.check_crawl,
        queries.find_topic_gaps,
        queries.list_research_documents,
        queries.list_research_sources,
        queries.list_research_crawls,
    ),
)
