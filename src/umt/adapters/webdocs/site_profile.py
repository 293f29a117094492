"""A home page's brand facts (the SiteProfileReader): lxml reads the head and the links,
extruct the microdata and OpenGraph, and each JSON-LD block is read on its own (a broken
block, common on real sites, would make extruct drop every JSON-LD block of the page).

extruct is imported when a page is read, never when the API starts. It parses what the
fetcher already cut to its size limit, fetches nothing (no RDFa vocabularies: the syntaxes
asked for read the document alone), and what it finds is bounded before it is kept.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

from umt.ports.site_profiles import SiteProfile, SiteProfileReader

MAX_LINKS = 500
MAX_STYLESHEETS = 20
MAX_STYLE_ATTRIBUTES = 500
MAX_ITEMS = 20  # structured-data items kept per syntax
MAX_STRUCTURED_CHARS = 64 * 1024  # of the structured data kept, as JSON
MAX_TEXT = 2000
_ORGANIZATION_TYPES = frozenset({"Organization", "Corporation", "LocalBusiness", "Brand"})
_ORGANIZATION_TYPES |= frozenset({"OnlineStore", "Store", "NGO", "WebSite"})


class LibrarySiteProfileReader(SiteProfileReader):
    """lxml and extruct (see the module)."""

    def read(self, body: bytes, url: str) -> SiteProfile:
        import lxml.html  # a crawl's library: not loaded by the API process

        try:
            root: Any = lxml.html.document_fromstring(body)
        except (ValueError, lxml.etree.ParserError):  # empty or not a document at all
            return SiteProfile()
        meta = _metas(root)
        json_ld = _json_ld(root)
        organization = next((x for x in json_ld if _types(x) & _ORGANIZATION_TYPES), {})
        name, name_in = _first(
            (meta.get("og:site_name"), "og:site_name"),
            (_text(organization.get("name")), "JSON-LD Organization"),
            (meta.get("application-name"), "meta application-name"),
            (_title(root), "title"),
        )
        description, description_in = _first(
            (meta.get("description"), "meta description"),
            (meta.get("og:description"), "og:description"),
            (_text(organization.get("description")), "JSON-LD Organization"),
        )
        same_as = organization.get("sameAs") or []
        links = [*(_absolute(url, x) for x in root.xpath("//a/@href")[:MAX_LINKS])]
        links += [x for x in (same_as if isinstance(same_as, list) else [same_as]) if _text(x)]
        return SiteProfile(
            name=name,
            name_found_in=name_in,
            description=description,
            description_found_in=description_in,
            theme_color=meta.get("theme-color", "")[:50],
            stylesheets=tuple(
                _absolute(url, x)
                for x in root.xpath("//link[contains(@rel, 'stylesheet')]/@href")[:MAX_STYLESHEETS]
            ),
            inline_css=(
                *(str(x) for x in root.xpath("//style/text()")),
                *(str(x) for x in root.xpath("//@style")[:MAX_STYLE_ATTRIBUTES]),
            ),
            logos=_logos(root, url, meta, organization),
            links=tuple(x for x in links if x),
            structured_data=_structured(body, url, json_ld),
        )


def _metas(root: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in root.xpath("//meta[@content]")[:500]:
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key and key not in found:
            found[key] = " ".join(str(element.get("content")).split())[:MAX_TEXT]
    return found


def _json_ld(root: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for block in root.xpath("//script[@type='application/ld+json']/text()")[:MAX_ITEMS]:
        try:
            parsed = json.loads(str(block)[:MAX_STRUCTURED_CHARS], strict=False)
        except ValueError:  # a broken block: the others still count
            continue
        graph = parsed.get("@graph") if isinstance(parsed, dict) else None
        found = graph if isinstance(graph, list) else parsed
        items += [x for x in (found if isinstance(found, list) else [found]) if isinstance(x, dict)]
    return items[:MAX_ITEMS]


def _structured(body: bytes, url: str, json_ld: list[dict[str, Any]]) -> dict[str, Any]:
    import extruct

    try:
        found = extruct.extract(
            body, base_url=url, syntaxes=["microdata", "opengraph"], uniform=True, errors="ignore"
        )
    except (ValueError, TypeError, LookupError, AttributeError):  # a page extruct cannot read
        found = {}
    kept: dict[str, Any] = {"json-ld": json_ld}
    kept |= {k: list(v)[:MAX_ITEMS] for k, v in found.items() if v}
    while len(json.dumps(kept, default=str)) > MAX_STRUCTURED_CHARS:
        largest = max(kept, key=lambda k: len(kept[k]))
        if not kept[largest]:
            return {}
        kept[largest] = kept[largest][:-1]
    return {k: v for k, v in kept.items() if v}


def _logos(
    root: Any, url: str, meta: dict[str, str], organization: dict[str, Any]
) -> tuple[tuple[str, str], ...]:
    logo = organization.get("logo")
    if isinstance(logo, dict):
        logo = logo.get("url") or logo.get("contentUrl")
    candidates = [
        (_text(logo), "JSON-LD Organization logo"),
        (_first_of(root, "//link[contains(@rel, 'apple-touch-icon')]/@href"), "apple-touch-icon"),
        (meta.get("og:image", ""), "og:image"),
        (_first_of(root, "//link[@rel='icon' or @rel='shortcut icon']/@href"), "icon"),
    ]
    found: list[tuple[str, str]] = []
    for value, where in candidates:
        absolute = _absolute(url, value) if value else ""
        if absolute and absolute not in (x for x, _ in found):
            found.append((absolute, where))
    return tuple(found)


def _absolute(base: str, href: object) -> str:
    text = str(href).strip()[:2048]
    try:
        joined = urljoin(base, text)
        scheme = urlsplit(joined).scheme
    except ValueError:  # a malformed URL (an unbalanced IPv6 bracket)
        return ""
    return joined if scheme in ("http", "https") else ""


def _first(*options: tuple[str | None, str]) -> tuple[str, str]:
    for value, where in options:
        if value and value.strip():
            return " ".join(value.split())[:MAX_TEXT], where
    return "", ""


def _first_of(root: Any, path: str) -> str:
    found = root.xpath(path)
    return str(found[0]) if found else ""


def _title(root: Any) -> str:
    title = " ".join("".join(root.xpath("//title//text()")[:5]).split())
    for separator in (" | ", " \u2013 ", " \u2014 ", " - ", " \u00b7 "):
        title = title.split(separator, 1)[0]
    return title[:200]


def _text(value: object) -> str:
    return value.strip()[:MAX_TEXT] if isinstance(value, str) else ""


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    return {str(k) for k in kind} if isinstance(kind, list) else {str(kind)}
