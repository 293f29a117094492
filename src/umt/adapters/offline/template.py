"""Following a rendered content template: the template is the skeleton, the composer fills it.

A template marks where composed parts go with bracketed markers on their own or inside a line:
``[hook]``, ``[body]``, ``[cta]``, ``[button]``, ``[title]``, ``[brand]``, ``[topic]``,
``[hashtags]`` and ``[disclosures]`` (case-insensitive; ``{body}`` works too). Markers it does
not know are removed, with their line when nothing else is on it. A template without markers
keeps its paragraphs as written: its first paragraph opens the piece (in place of the hook),
the composed body and call to action follow, then the rest of the template. Template sentences
that break the voice are dropped; required disclosures and hashtags are appended when the
template did not place them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from umt.adapters.offline.extras import disclosures, within
from umt.adapters.offline.limits import post_length, post_limit
from umt.adapters.offline.text import sentences, tidy
from umt.adapters.offline.writer import Writer
from umt.domain.content.draft import ContentType, Draft

_MARKER = re.compile(r"[\[{]\s*([A-Za-z_]+)\s*[\]}]")


def follow(template: str, writer: Writer, draft: Draft) -> Draft:
    tags = " ".join(f"#{t}" for t in draft.fields.hashtags)
    notices = disclosures(writer)
    core = writer.angle_sentences(2 + writer.size, label="template")
    bridge = writer.bridge()
    limit = post_limit(draft.channel).body if draft.content_type is ContentType.SOCIAL_POST else 0

    def measure(text: str) -> int:
        return post_length(draft.channel, text)

    while True:
        parts = {
            "title": draft.title,
            "hook": writer.hook(),
            "body": " ".join([*core, *([bridge] if bridge else [])]),
            "cta": writer.with_tone(writer.cta_sentence()),
            "button": writer.cta.button,
            "brand": writer.brand,
            "topic": writer.topic,
            "hashtags": tags,
            "disclosures": "\n\n".join(notices),
        }
        text = _fill(template, parts, writer)
        missing = [n for n in notices if n not in text]
        trailing_tags = bool(tags) and text.endswith(tags)
        if trailing_tags:  # disclosures go above a closing line of hashtags
            text = text[: -len(tags)].rstrip()
        text = "\n\n".join(
            [text, *missing, *([tags] if tags and (trailing_tags or tags not in text) else [])]
        )
        if not limit or measure(text) <= limit or not (core or bridge):
            break
        if core:
            core = core[:-1]
        else:
            bridge = None
    if limit and measure(text) > limit:
        text = within(text, limit, measure)
    return replace(draft, body=text)


def _fill(template: str, parts: dict[str, str], writer: Writer) -> str:
    has_markers = any(m.group(1).casefold() in parts for m in _MARKER.finditer(template))
    if not has_markers:
        paragraphs = [p for p in re.split(r"\n\s*\n", template.strip()) if p.strip()]
        template = "\n\n".join([*paragraphs[:1], "[body]", "[cta]", *paragraphs[1:]])
    lines = []
    for line in template.splitlines():
        kept = " ".join(s for s in sentences(line) if writer.rules.allows(_MARKER.sub("", s)))
        if not kept and line.strip() and not sentences(line):
            kept = line
        had_marker = bool(_MARKER.search(kept))
        kept = _MARKER.sub(lambda m: parts.get(m.group(1).casefold(), ""), kept)
        if kept.strip() or not (had_marker or line.strip()):
            lines.append(kept)
    return tidy("\n".join(lines))
