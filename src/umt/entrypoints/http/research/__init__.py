"""The research context: competitor crawls (jobs), their documents and sources, topic gaps."""

from __future__ import annotations

from umt.entrypoints.http.research.controllers import ResearchController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(ResearchController,))
