"""Text helpers shared by the compliance checks and the repairs.

Where a draft's text lives (``located_texts``), how a word list turns into a pattern
(``phrase_pattern``), and how emoji, hashtags and URLs are recognised, with the standard
library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from umt.domain.content.draft import Draft

# An emoji "character" as a reader sees it: a flag (two regional indicators), a keycap
# (digit + optional VS16 + U+20E3), or a pictograph with optional VS16 / skin-tone modifier,
# possibly joined to more pictographs by zero-width joiners (family, profession sequences).
# The pictograph ranges are the Unicode blocks where Emoji_Presentation characters live
# (Miscellaneous Symbols and Pictographs, Emoticons, Transport, Supplemental Symbols,
# Symbols and Pictographs Extended-A, Miscellaneous Symbols, Dingbats) plus the handful of
# emoji outside those blocks (watch, hourglass, star, heavy circle ...). Text-style symbols
# such as (c), (R) and TM are not counted.
_PICTO = (
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f1ad\U0001f200-\U0001f2ff"
    "\U0001f300-\U0001f5ff\U0001f600-\U0001f64f\U0001f680-\U0001f6ff"
    "\U0001f700-\U0001f7ff\U0001f900-\U0001f9ff\U0001fa70-\U0001faff"
    "\u2600-\u26ff\u2700-\u27bf\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"
    "\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
)
_MODIFIERS = "\ufe0f\U0001f3fb-\U0001f3ff"
_PICTO_SEQ = f"[{_PICTO}][{_MODIFIERS}]*"
EMOJI = re.compile(
    f"[\U0001f1e6-\U0001f1ff]{{2}}|[0-9#*]\ufe0f?\u20e3|{_PICTO_SEQ}(?:\u200d{_PICTO_SEQ})*"
)

# A hashtag in running text: '#' not glued to a word, '&' (an entity) or '/' (a URL
# fragment), followed by word characters that include at least one letter ("#1" is not a tag).
HASHTAG = re.compile(r"(?<![\w&#/])#(\w*[^\W\d_]\w*)")

# An @mention in running text: '@' not glued to a word or a dot (e-mail addresses are not).
MENTION = re.compile(r"(?<![\w@.])@(\w+)")

# A URL as X's counter sees it: an explicit scheme, or a bare ``www.`` host.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]}]", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class LocatedText:
    """One field's text and the location name violations use for it."""

    location: str
    text: str


def located_texts(draft: Draft) -> list[LocatedText]:
    """Every reader-facing text of a draft, in display order, empty ones left out.

    Slug, keywords, links and mentions are identifiers rather than prose and are not listed;
    hashtags are, without their ``#``.
    """
    f = draft.fields
    pairs: list[tuple[str, str]] = [
        ("title", draft.title),
        ("fields.subject", f.subject),
        ("fields.preheader", f.preheader),
        *((f"fields.headlines[{i}]", h) for i, h in enumerate(f.headlines)),
        ("body", draft.body),
        *((f"fields.descriptions[{i}]", d) for i, d in enumerate(f.descriptions)),
        ("fields.call_to_action", f.call_to_action),
        ("fields.meta_description", f.meta_description),
        *((f"fields.hashtags[{i}]", t) for i, t in enumerate(f.hashtags)),
    ]
    return [LocatedText(location=loc, text=text) for loc, text in pairs if text]


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive pattern for ``phrase`` as whole words, any whitespace between them.

    ``"risk free"`` matches ``"Risk  FREE"`` and ``"risk\\nfree"`` but not ``"brisk freedom"``.
    """
    words = phrase.split()
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def find_phrase(phrase: str, text: str) -> list[tuple[int, int]]:
    """Spans of every whole-word, case-insensitive occurrence of ``phrase`` in ``text``."""
    if not phrase.split():
        return []
    return [m.span() for m in phrase_pattern(phrase).finditer(text)]


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Spans of every emoji (a ZWJ sequence, flag or keycap counts as one)."""
    return [m.span() for m in EMOJI.finditer(text)]


def body_hashtags(text: str) -> list[tuple[str, int, int]]:
    """``(tag without '#', start, end)`` of each hashtag in running text; the span has the ``#``."""
    return [(m.group(1), m.start(), m.end()) for m in HASHTAG.finditer(text)]


def body_mentions(text: str) -> list[tuple[str, int, int]]:
    """``(name without '@', start, end)`` of each @mention in running text."""
    return [(m.group(1), m.start(), m.end()) for m in MENTION.finditer(text)]


def normalize_tag(tag: str) -> str:
    """The identity of a hashtag: without ``#`` and case-folded (``#Coffee`` = ``coffee``)."""
    return tag.lstrip("#").casefold()


def all_hashtags(draft: Draft) -> list[str]:
    """The draft's distinct hashtags, normalized: ``fields.hashtags`` first, then the body's."""
    seen: dict[str, None] = {}
    for tag in draft.fields.hashtags:
        if normalize_tag(tag):
            seen.setdefault(normalize_tag(tag), None)
    for tag, _, _ in body_hashtags(draft.body):
        seen.setdefault(normalize_tag(tag), None)
    return list(seen)


def hashtag_suffix(draft: Draft) -> str:
    """What publishing appends to the body: each ``fields.hashtags`` tag not already in it."""
    in_body = {normalize_tag(t) for t, _, _ in body_hashtags(draft.body)}
    extra: dict[str, str] = {}
    for tag in draft.fields.hashtags:
        key = normalize_tag(tag)
        if key and key not in in_body:
            extra.setdefault(key, tag.lstrip("#"))
    return "".join(f" #{tag}" for tag in extra.values())
