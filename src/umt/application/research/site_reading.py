"""Reading a brand's website for its enrichment: the home page (cut at its limit, never
refused for its size), the stylesheets it links (at most a few, each bounded; Google Fonts
links are read for their families, never fetched), every fetch through the polite, guarded
fetcher of competitor research. What it finds becomes suggested brand fields."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from umt.application.research.config import ResearchTools
from umt.application.research.pages import HTML_TYPES
from umt.domain.research.crawl import CrawlFailure
from umt.domain.research.enrichment import Suggestion
from umt.domain.research.site_style import (
    font_families,
    google_font_families,
    palette,
    social_links,
)
from umt.ports.site_profiles import SiteProfile
from umt.ports.web_fetcher import Fetched, WebFetcher

PALETTE_ROLES = ("primary", "secondary", "accent", "accent-2", "accent-3", "accent-4")
FONT_ROLES = ("primary", "secondary", "tertiary", "quaternary")
MAX_DESCRIPTION = 2000
_CSS_TYPES = frozenset({"", "text/css", "text/plain"})
_FONT_HOSTS = frozenset({"fonts.googleapis.com"})

Report = Callable[[str, int, int], Awaitable[None]]


@dataclass(slots=True)
class SiteRead:
    """What the site suggests, what else it says (``findings``), and what could not be read."""

    suggestions: list[Suggestion] = field(default_factory=list)
    findings: dict[str, Any] = field(default_factory=dict)
    failures: list[CrawlFailure] = field(default_factory=list)


async def read_site(
    url: str, fetcher: WebFetcher, tools: ResearchTools, report: Report
) -> SiteRead:
    """Read ``url`` and its stylesheets; ``report(stage, done, total)`` as it goes."""
    config = tools.config
    found = SiteRead()
    await report("page", 0, 1)
    page = await fetcher.fetch(url, max_bytes=config.enrich_page_bytes, cut=True)
    if not _usable(page, HTML_TYPES, found):
        return found
    profile = await asyncio.to_thread(tools.site_profiles.read, page.body, page.final_url)
    sheets = [s for s in profile.stylesheets if urlsplit(s).hostname not in _FONT_HOSTS][
        : config.enrich_stylesheets
    ]
    css = list(profile.inline_css)
    read = 0
    for done, sheet in enumerate(sheets):
        await report("stylesheets", done, len(sheets))
        got = await fetcher.fetch(sheet, max_bytes=config.enrich_stylesheet_bytes, cut=True)
        if _usable(got, _CSS_TYPES, found):
            css.append(got.body.decode("utf-8", errors="replace"))
            read += 1
    found.suggestions = suggestions(profile, css)
    found.findings = {
        "final_url": page.final_url,
        "page_truncated": page.truncated,
        "theme_color": profile.theme_color or None,
        "social_links": social_links(profile.links),
        "stylesheets_read": read,
        "structured_data": profile.structured_data,
    }
    return found


def suggestions(profile: SiteProfile, css: list[str]) -> list[Suggestion]:
    """The brand fields the profile and its CSS suggest (a field found nowhere: none)."""
    found: list[Suggestion] = []
    if profile.name:
        found.append(
            Suggestion(field="name", value=profile.name[:200], found_in=profile.name_found_in)
        )
    if profile.description:
        found.append(
            Suggestion(
                field="description",
                value=profile.description[:MAX_DESCRIPTION],
                found_in=profile.description_found_in,
            )
        )
    colours = palette(css, theme_color=profile.theme_color, limit=len(PALETTE_ROLES))
    if colours:
        lead = "meta theme-color, then " if profile.theme_color else ""
        found.append(
            Suggestion(
                field="palette",
                value=[
                    {"role": r, "color": c} for r, c in zip(PALETTE_ROLES, colours, strict=False)
                ],
                found_in=f"{lead}the most frequent non-grey colours of the CSS",
            )
        )
    families = google_font_families(profile.stylesheets, limit=len(FONT_ROLES))
    families += [f for f in font_families(css, limit=len(FONT_ROLES)) if f not in families]
    if families:
        found.append(
            Suggestion(
                field="fonts",
                value=[
                    {"role": r, "family": f} for r, f in zip(FONT_ROLES, families, strict=False)
                ],
                found_in="Google Fonts links and CSS font-family",
            )
        )
    if profile.logos:
        logo, where = profile.logos[0]
        found.append(Suggestion(field="logo_url", value=logo, found_in=where))
    return found


def _usable(got: Fetched, types: frozenset[str], found: SiteRead) -> bool:
    if not got.ok:
        reason = got.failure.value if got.failure is not None else "no_content"
        found.failures.append(CrawlFailure(got.url, reason, got.detail))
        return False
    if got.content_type not in types:
        found.failures.append(CrawlFailure(got.url, "unreadable", got.content_type))
        return False
    return True
