"""The SiteProfileReader port: what a website's home page says about its brand.

The page is bytes a stranger's server sent (already within the fetcher's size limit, perhaps
cut): an implementation never fetches what the page names (stylesheets, images), never
resolves entities, bounds what it keeps, and answers an empty profile for a page it cannot
read rather than raising.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteProfile:
    """A home page's brand facts, as found (URLs made absolute against the page's URL)."""

    name: str = ""  # og:site_name, an Organization's name in JSON-LD, else the title
    name_found_in: str = ""
    description: str = ""  # meta description, og:description, the Organization's
    description_found_in: str = ""
    theme_color: str = ""  # <meta name="theme-color">, as written
    stylesheets: tuple[str, ...] = ()  # <link rel="stylesheet"> URLs, in document order
    inline_css: tuple[str, ...] = ()  # <style> blocks and style="" attributes
    logos: tuple[tuple[str, str], ...] = ()  # (URL, where found), best first
    links: tuple[str, ...] = ()  # every <a href>, for the social profiles among them
    structured_data: dict[str, Any] = field(default_factory=dict)  # by syntax, bounded


class SiteProfileReader(Protocol):
    def read(self, body: bytes, url: str) -> SiteProfile:
        """The profile of the HTML page ``body`` served at ``url``."""
        ...
