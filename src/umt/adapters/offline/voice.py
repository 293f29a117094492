"""The brand's voice as rules the composer obeys, plus what earlier feedback asked to avoid.

Banned words match whole words, case-insensitively; banned claims and phrases to avoid match
as substrings. A sentence that breaks a rule is never written: banks are filtered sentence by
sentence, slot values (topic, key points, persona details) are scrubbed of the offending words,
and a last pass scrubs whatever a user-supplied template let through. Required disclosures are
written verbatim: they are the brand's own words and the law's, so they win over any rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from umt.adapters.offline.text import clean_value
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance.text import EMOJI as CHECKED_EMOJI
from umt.domain.content.compliance_report import Violation

_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\u2b00-\u2bff\ufe0f\u200d\u20e3]"
)
_QUOTED = re.compile(
    '(?<![\\w])["\'\u201c\u2018]([^"\u201c\u201d]{2,80}?)["\'\u201d\u2019](?![\\w])'
)
_LENGTH_WORDS = ("length", "long", "limit", "exceed", "characters", "too_long", "max")
_READING_WORDS = ("reading", "grade", "readability")

# Codes of the compliance checker whose quoted text must not be written again; its other
# codes quote what should be there (a missing disclosure, the phrases to use). A code it does
# not know (a reviewer's note, another checker) is taken at its word: what it quotes is avoided.
AVOID_CODES = frozenset({"awkward_join", "banned_word", "banned_claim", "phrase_to_avoid"})
KNOWN_CODES = AVOID_CODES | {
    "emoji_not_allowed",
    "hashtag_not_allowed",
    "hashtag_not_branded",
    "invalid_slug",
    "longer_than_recommended",
    "missing_disclosure",
    "reading_grade_too_high",
    "required_field_empty",
    "tone_keywords_absent",
    "tone_phrases_absent",
    "too_few_items",
    "too_long",
    "too_many_emoji",
    "too_many_items",
}
SHORTEN_FACTOR = 0.8  # share of a limit to aim for once a draft was reported too long


def ascii_fold(text: str) -> str:
    """``text`` with accents and other combining marks dropped, as slugs are written."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def strip_emoji(text: str) -> str:
    """Without emoji: the compliance checker's sequences (flags, keycaps, joined pictographs)
    and, more broadly, any code point of the emoji blocks."""
    return _EMOJI.sub("", CHECKED_EMOJI.sub("", text))


def has_emoji(text: str) -> bool:
    return bool(CHECKED_EMOJI.search(text) or _EMOJI.search(text))


@dataclass(frozen=True, slots=True, kw_only=True)
class Feedback:
    """What the violations of an earlier attempt ask for."""

    avoid: tuple[str, ...] = ()  # quoted words or phrases the report pointed at
    shorten: bool = False
    no_emoji: bool = False
    fewer_hashtags: bool = False
    simpler: bool = False

    @classmethod
    def of(cls, violations: tuple[Violation, ...]) -> Feedback:
        avoid: list[str] = []
        shorten = no_emoji = fewer_hashtags = simpler = False
        for violation in violations:
            key = f"{violation.code} {violation.message} {violation.location}".casefold()
            if violation.code in AVOID_CODES or violation.code not in KNOWN_CODES:
                avoid.extend(m.strip() for m in _QUOTED.findall(violation.message) if m.strip())
            shorten = shorten or any(w in key for w in _LENGTH_WORDS)
            no_emoji = no_emoji or "emoji" in key
            fewer_hashtags = fewer_hashtags or "hashtag" in key
            simpler = simpler or any(w in key for w in _READING_WORDS)
        return cls(
            avoid=tuple(dict.fromkeys(avoid)),
            shorten=shorten or simpler,
            no_emoji=no_emoji,
            fewer_hashtags=fewer_hashtags,
            simpler=simpler,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceRules:
    """Decides whether a sentence may be written and scrubs slot values."""

    voice: VoiceGuide
    feedback: Feedback = field(default_factory=Feedback)
    _words: re.Pattern[str] | None = None
    _phrases: tuple[str, ...] = ()

    @classmethod
    def of(cls, voice: VoiceGuide, feedback: Feedback) -> VoiceRules:
        words = [w for w in voice.banned_words if w.strip()]
        phrases = [*voice.banned_claims, *voice.phrases_to_avoid, *feedback.avoid]
        pattern = (
            re.compile(
                r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])",
                re.IGNORECASE,
            )
            if words
            else None
        )
        return cls(
            voice=voice,
            feedback=feedback,
            _words=pattern,
            _phrases=tuple(p.casefold() for p in phrases if p.strip()),
        )

    @property
    def emoji_allowed(self) -> bool:
        return self.voice.emoji_policy is not EmojiPolicy.NONE and not self.feedback.no_emoji

    @property
    def emoji_budget(self) -> int:
        if not self.emoji_allowed:
            return 0
        return 2 if self.voice.emoji_policy is EmojiPolicy.FREE else 1

    @property
    def hashtag_policy(self) -> HashtagPolicy:
        return self.voice.hashtag_policy

    @property
    def max_hashtags(self) -> int:
        most = self.voice.max_hashtags
        return most // 2 if self.feedback.fewer_hashtags else most

    def allows(self, text: str) -> bool:
        """True when ``text`` holds no banned word, banned claim or phrase to avoid."""
        if self._words is not None and (
            self._words.search(text) or self._words.search(ascii_fold(text))
        ):
            return False
        folded = text.casefold()
        if any(p in folded for p in self._phrases):
            return False
        return self.emoji_allowed or not has_emoji(text)

    def scrub(self, text: str) -> str:
        """Remove banned words, claims and phrases to avoid (and emoji when not allowed) from
        a value; what remains may be empty."""
        if self._words is not None:
            text = self._words.sub(" ", text)
            # a word that only folds to a banned one ("AÌ" for "AI") would come back in the
            # ASCII slug and keywords: drop it too
            words = self._words
            text = " ".join(w for w in text.split(" ") if not words.search(ascii_fold(w)))
        for phrase in self._phrases:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        if not self.emoji_allowed:
            text = strip_emoji(text)
        return text

    def value(self, raw: str) -> str:
        """A slot value, scrubbed and cleaned; "" when nothing usable remains."""
        cleaned = clean_value(self.scrub(clean_value(raw)))
        return cleaned if any(ch.isalnum() for ch in cleaned) else ""

    def values(self, raws: tuple[str, ...]) -> tuple[str, ...]:
        """Values that pass the rules untouched (a persona detail with a banned word is dropped
        rather than mangled)."""
        out = []
        for raw in raws:
            cleaned = clean_value(strip_emoji(raw))
            if cleaned and self.allows(cleaned):
                out.append(cleaned)
        return tuple(dict.fromkeys(out))
