"""Checks on what a draft says: banned words and claims, phrases to avoid, disclosures, tone."""

from __future__ import annotations

import re

from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.compliance.text import LocatedText, find_phrase, phrase_pattern
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import Draft


def _occurrences(
    texts: list[LocatedText], phrases: tuple[str, ...], *, code: str, severity: Severity, what: str
) -> list[Violation]:
    found: list[Violation] = []
    for located in texts:
        for phrase in phrases:
            for start, end in find_phrase(phrase, located.text):
                found.append(
                    Violation(
                        code=code,
                        severity=severity,
                        message=f"{what} {located.text[start:end]!r} (the guide lists {phrase!r})",
                        location=located.location,
                        start=start,
                        end=end,
                    )
                )
    return found


def check_wording(texts: list[LocatedText], voice: VoiceGuide) -> list[Violation]:
    """Banned words and claims (errors) and phrases to avoid (warnings), every occurrence."""
    return [
        *_occurrences(
            texts,
            voice.banned_words,
            code="banned_word",
            severity=Severity.ERROR,
            what="banned word",
        ),
        *_occurrences(
            texts,
            voice.banned_claims,
            code="banned_claim",
            severity=Severity.ERROR,
            what="banned claim",
        ),
        *_occurrences(
            texts,
            voice.phrases_to_avoid,
            code="phrase_to_avoid",
            severity=Severity.WARNING,
            what="phrase to avoid",
        ),
    ]


def disclosure_present(disclosure: str, texts: list[LocatedText]) -> bool:
    """Whether ``disclosure`` appears, as whole words and any case, in one of the texts."""
    pattern = phrase_pattern(disclosure)
    return any(pattern.search(t.text) for t in texts)


def check_disclosures(draft: Draft, texts: list[LocatedText], voice: VoiceGuide) -> list[Violation]:
    """Each required disclosure must appear somewhere in the draft's text (error if not)."""
    location = "body" if draft.body or not draft.fields.descriptions else "fields.descriptions"
    return [
        Violation(
            code="missing_disclosure",
            severity=Severity.ERROR,
            message=f"the required disclosure {disclosure!r} does not appear",
            location=location,
        )
        for disclosure in voice.required_disclosures
        if not disclosure_present(disclosure, texts)
    ]


def check_tone(texts: list[LocatedText], voice: VoiceGuide) -> list[Violation]:
    """The voice's own words should show up somewhere: each list a guide gives counts.

    ``phrases_to_use``: a warning when none appears. ``tone`` keywords (adjectives such as
    "warm" or "practical"): a warning when none appears, in any inflection a reader takes for
    the same word ("warmly", "warmth"). A draft that never sounds the way the brand says it
    sounds is not on-voice, however clean it is otherwise.
    """

    def appears(phrase: str) -> bool:
        return (
            any(phrase_pattern(phrase).search(t.text) for t in texts) if phrase.split() else False
        )

    def sounded(keyword: str) -> bool:
        pattern = tone_pattern(keyword)
        return pattern is not None and any(pattern.search(t.text) for t in texts)

    found: list[Violation] = []
    if voice.phrases_to_use and not any(appears(p) for p in voice.phrases_to_use):
        listed = ", ".join(repr(p) for p in voice.phrases_to_use[:5])
        found.append(
            Violation(
                code="tone_phrases_absent",
                severity=Severity.WARNING,
                message=f"none of the voice's phrases to use appears ({listed})",
                location="body",
            )
        )
    if voice.tone and not any(sounded(t) for t in voice.tone):
        listed = ", ".join(repr(t) for t in voice.tone[:5])
        found.append(
            Violation(
                code="tone_keywords_absent",
                severity=Severity.WARNING,
                message=f"none of the voice's tone keywords appears ({listed})",
                location="body",
            )
        )
    return found


# the endings a tone adjective takes and still reads as the same word ("warmly", "warmth",
# "clearer"); a final "y" may turn into "i" before them ("witty" -> "wittily")
_TONE_ENDINGS = r"(?:ly|ness|th|er|est|s)?"


def tone_pattern(keyword: str) -> re.Pattern[str] | None:
    """The keyword as whole words, case-insensitive, with its common endings."""
    words = keyword.split()
    if not words:
        return None
    *head, last = [re.escape(w) for w in words]
    stem = rf"{last[:-1]}(?:y|i)" if last.endswith("y") and len(last) > 2 else last
    body = r"\s+".join([*head, stem + _TONE_ENDINGS])
    return re.compile(rf"(?<![\w]){body}(?![\w])", re.IGNORECASE)
