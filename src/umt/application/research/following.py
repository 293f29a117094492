"""In-page links followed during a crawl: a page's links on its own host become pages to
read, up to a depth (a page listed by a feed, a sitemap or the website is at depth 0; a
page it links to at 1, ...) and within the crawl's page limit. They are fetched like every
page (robots.txt, the host's crawl-delay, conditional GET, the SSRF guard): they join the
host's queue, which is read one request at a time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from umt.application.research.sources import Listed
from umt.domain.research.document import ResearchDocument


class LinkBudget:
    """Which links a crawl still follows: at most ``left`` new pages, never a URL it listed
    or queued already, never past ``depth``. Links to a page stored before keep its
    validators, so it costs a conditional GET."""

    def __init__(
        self,
        *,
        depth: int,
        left: int,
        listed: Iterable[str],
        stored: Mapping[str, ResearchDocument],
    ) -> None:
        self.depth = depth
        self.left = max(left, 0)
        self._seen = set(listed)
        self._stored = stored
        self.followed = 0

    def wants_links_of(self, page: Listed) -> bool:
        return page.depth < self.depth and self.left > 0

    def follow(self, page: Listed, links: Iterable[str]) -> list[Listed]:
        """The links of ``page`` to read next: same scheme and host, new, within the budget."""
        if not self.wants_links_of(page):
            return []
        origin = _origin(page.url)
        chosen: list[Listed] = []
        for link in links:
            if self.left <= 0:
                break
            if link in self._seen or _origin(link) != origin:
                continue
            self._seen.add(link)
            self.left -= 1
            self.followed += 1
            chosen.append(Listed(link, page.competitor_id, page.url, depth=page.depth + 1))
        return chosen

    def stored(self, url: str) -> ResearchDocument | None:
        return self._stored.get(url)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()
