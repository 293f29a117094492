"""What every draft may carry besides its prose: hashtags, emoji, disclosures; and the last
pass that keeps a text within a limit without cutting a sentence in half."""

from __future__ import annotations

from collections.abc import Callable

from umt.adapters.offline import banks_openers as openers
from umt.adapters.offline.limits import post_limit
from umt.adapters.offline.text import cut_words, ensure_stop, hashtag, sentences
from umt.adapters.offline.writer import Writer
from umt.domain.brand.voice import HashtagPolicy

MAX_TAG_WORDS = 3
MAX_TAG_CHARS = 30


def hashtags(writer: Writer) -> tuple[str, ...]:
    """Hashtags by the voice's policy: none; the brand's own; or the topic, the persona's
    interests, short key points and the brand, up to ``max_hashtags`` and the channel's cap."""
    rules = writer.rules
    most = min(rules.max_hashtags, post_limit(writer.request.channel).hashtags)
    if rules.hashtag_policy is HashtagPolicy.NONE or most == 0:
        return ()
    brand_tag = hashtag(writer.brand)
    if rules.hashtag_policy is HashtagPolicy.BRANDED_ONLY:
        return (brand_tag,) if _usable(brand_tag, writer) else ()
    audience = writer.request.audience
    interests = list(rules.values(audience.interests)) if audience else []
    writer.rng("hashtags").shuffle(interests)
    topic = writer.topic
    if len(topic.split()) > MAX_TAG_WORDS:  # a long topic: its two longest words, in order
        longest = sorted(topic.split(), key=len, reverse=True)[:2]
        topic = " ".join(w for w in topic.split() if w in longest)
    phrases = [topic, *interests]
    candidates = [hashtag(p) for p in phrases if len(p.split()) <= MAX_TAG_WORDS]
    candidates.append(brand_tag)
    candidates += [hashtag(p) for p in writer.key_points if len(p.split()) <= MAX_TAG_WORDS]
    out: dict[str, str] = {}
    for tag in candidates:
        if _usable(tag, writer):
            out.setdefault(tag.casefold(), tag)
    return tuple(out.values())[:most]


def _usable(tag: str, writer: Writer) -> bool:
    return (
        2 <= len(tag) <= MAX_TAG_CHARS
        and not tag.isdigit()
        and any(ch.isalpha() for ch in tag)
        and writer.rules.allows(tag)
    )


def disclosures(writer: Writer) -> list[str]:
    """The voice's required disclosures, verbatim (with a closing full stop)."""
    return [ensure_stop(d) for d in writer.rules.voice.required_disclosures]


def emoji(writer: Writer, slot: str) -> str:
    """An emoji for ``slot`` ("hook" or "cta") within the voice's budget, else ""."""
    budget = writer.rules.emoji_budget
    if budget == 0 or (slot == "hook" and budget < 2):
        return ""
    bank = openers.CTA_EMOJI if slot == "cta" else openers.EMOJI[writer.angle]
    return writer.rng(f"emoji:{slot}").choice(bank)


def within(text: str, limit: int, measure: Callable[[str], int] = len) -> str:
    """``text`` cut to ``limit`` (as ``measure`` counts) at a sentence boundary, at a word
    boundary only when a single sentence is longer than the limit."""
    if measure(text) <= limit:
        return text
    out = ""
    for sentence in sentences(text):
        candidate = f"{out} {sentence}".strip()
        if measure(candidate) > limit:
            break
        out = candidate
    if out:
        return out
    out = cut_words(text, limit)
    while out and measure(out) > limit:
        out = cut_words(out, len(out) - 1)
    return out
