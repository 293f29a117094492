"""The research context's own errors."""

from __future__ import annotations

from umt.ports.errors import StorageUnavailable


class ResearchUnavailable(StorageUnavailable):
    """Competitor research is not wired in this process (no fetcher configured)."""

    code = "research_unavailable"
