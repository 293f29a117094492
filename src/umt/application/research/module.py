"""The research context: competitor crawls (content-strategy's ``research.crawl``), the
documents and sources they store, and topic gaps (``research.topic_gaps``); brand enrichment
from the brand's own website (``brand.enrich``), its suggestions reviewed field by field."""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.application.research import crawl, enrichment, enrichment_review, queries

MODULE = ContextModule(
    name="research",
    handlers=(
        crawl.crawl_competitors,
        crawl.check_crawl,
        queries.find_topic_gaps,
        queries.list_research_documents,
        queries.list_research_sources,
        queries.list_research_crawls,
        enrichment.enrich_brand,
        enrichment.check_enrichment,
        enrichment_review.accept_suggestions,
        enrichment_review.reject_suggestions,
        enrichment_review.get_enrichment,
        enrichment_review.list_enrichments,
    ),
)
