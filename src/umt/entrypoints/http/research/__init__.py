"""The research context: competitor crawls (jobs), their documents and sources, topic gaps;
brand enrichment from the brand's website (a job) and its suggestions reviewed."""

from __future__ import annotations

from umt.entrypoints.http.research.controllers import ResearchController
from umt.entrypoints.http.research.enrichment import EnrichmentController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(ResearchController, EnrichmentController))
