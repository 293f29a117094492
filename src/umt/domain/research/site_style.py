"""What a website's styles and links say about its brand: the palette (the most frequent
colours that are not greys), the font families, Google Fonts families and the social
profiles it links to. Standard library only; every input is text a stranger's server sent,
so the scans are linear regular expressions over bounded text."""

from __future__ import annotations

import colorsys
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

MAX_CSS_CHARS = 2_000_000  # of all the CSS read together
_HEX = re.compile(r"#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})(?![0-9a-zA-Z_-])")
_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*[, ]\s*(\d{1,3})\s*[, ]\s*(\d{1,3})[^)]{0,40}\)", re.I)
_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;{}!]{1,300})", re.I)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]{0,2000}\}", re.I)
_GENERIC_FONTS = frozenset(
    {
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
        "emoji",
        "math",
        "fangsong",
        "inherit",
        "initial",
        "unset",
        "revert",
        "-apple-system",
        "blinkmacsystemfont",
        "var",
    }
)
# social platforms by the hosts their profile pages live on
SOCIAL_HOSTS = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "twitter.com": "x",
    "x.com": "x",
    "linkedin.com": "linkedin",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "tiktok.com": "tiktok",
    "pinterest.com": "pinterest",
    "threads.net": "threads",
    "mastodon.social": "mastodon",
    "bsky.app": "bluesky",
    "github.com": "github",
    "medium.com": "medium",
    "reddit.com": "reddit",
}
# links that share a page rather than name the brand's profile
_SHARE_PATHS = ("/sharer", "/share", "/intent/", "/shareArticle", "/pin/create")


def palette(css: Iterable[str], *, theme_color: str | None = None, limit: int = 6) -> list[str]:
    """The most frequent colours of ``css`` that are not greys (near-black, near-white or
    unsaturated), as ``#rrggbb``, most frequent first; ``theme_color`` (a page's
    ``<meta name="theme-color">``) leads when it is a colour."""
    counts: Counter[str] = Counter()
    for text in _bounded(css):
        for match in _HEX.finditer(text):
            colour = _hex(match.group(1))
            if colour is not None:
                counts[colour] += 1
        for match in _RGB.finditer(text):
            rgb = tuple(int(x) for x in match.groups())
            if all(v <= 255 for v in rgb):
                counts["#{:02x}{:02x}{:02x}".format(*rgb)] += 1
    chosen = [c for c, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if not grey(c)]
    lead = _hex(theme_color.strip().lstrip("#")) if theme_color else None
    if lead is not None:
        chosen = [lead, *(c for c in chosen if c != lead)]
    return chosen[:limit]


def grey(colour: str) -> bool:
    """Near-black, near-white, or too little saturation to tell a brand by."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    _, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    return lightness < 0.08 or lightness > 0.95 or saturation < 0.15


def font_families(css: Iterable[str], *, limit: int = 4) -> list[str]:
    """The families ``font-family`` names first in each rule (the font the designer chose;
    the rest are fallbacks), most frequent first, generic families left out."""
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for text in _bounded(css):
        for match in _FONT_FAMILY.finditer(text):
            family = _first_family(match.group(1))
            if family:
                counts[family] += 1
                order.setdefault(family, len(order))
        for face in _FONT_FACE.finditer(text):  # declared fonts count once more
            inner = _FONT_FAMILY.search(face.group(0))
            family = _first_family(inner.group(1)) if inner else ""
            if family:
                counts[family] += 1
                order.setdefault(family, len(order))
    ranked = sorted(counts, key=lambda f: (-counts[f], order[f]))
    return ranked[:limit]


def google_font_families(urls: Iterable[str], *, limit: int = 4) -> list[str]:
    """The families a Google Fonts stylesheet link asks for (``css?family=A:400|B`` and
    ``css2?family=A:wght@400&family=B``); the stylesheet itself is not fetched."""
    found: list[str] = []
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname != "fonts.googleapis.com":
            continue
        for value in parse_qs(parts.query).get("family", [])[:10]:
            for entry in value.split("|")[:10]:
                name = entry.split(":", 1)[0].replace("+", " ").strip()
                if name and name not in found and len(name) <= 100:
                    found.append(name)
    return found[:limit]


def social_links(urls: Iterable[str], *, limit: int = 12) -> dict[str, str]:
    """The first profile link per known platform (by host, ``www.`` and ``m.`` ignored);
    share buttons and bare home pages are not profiles."""
    found: dict[str, str] = {}
    for url in urls:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
        platform = SOCIAL_HOSTS.get(host)
        path = parts.path.rstrip("/")
        if platform is None or platform in found or parts.scheme not in ("http", "https"):
            continue
        if not path or any(path.startswith(p) for p in _SHARE_PATHS):
            continue
        found[platform] = url
        if len(found) >= limit:
            break
    return found


def _bounded(css: Iterable[str]) -> Iterable[str]:
    left = MAX_CSS_CHARS
    for text in css:
        if left <= 0:
            return
        yield text[:left]
        left -= len(text)


def _hex(raw: str) -> str | None:
    if len(raw) in (3, 4):
        raw = "".join(ch * 2 for ch in raw[:3])
    elif len(raw) == 8:
        raw = raw[:6]
    if len(raw) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in raw):
        return None
    return f"#{raw.lower()}"


def _first_family(declaration: str) -> str:
    first = declaration.split(",", 1)[0].strip().strip("\"'").strip()
    if not first or first.casefold() in _GENERIC_FONTS or first.startswith(("var(", "$", "@")):
        return ""
    return first[:100]
