"""Checks on what a draft says: banned words and claims, phrases to avoid, disclosures, tone."""

from __future__ import annotations

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
    """The voice's own words should show up somewhere.

    When the guide lists ``phrases_to_use`` and none appears: a warning. Otherwise, when it
    lists ``tone`` keywords (often adjectives such as "warm" that a text rarely states
    outright) and none of them nor any phrase to use appears: an info, which does not lower
    the score.
    """

    def appears(phrase: str) -> bool:
        return (
            any(phrase_pattern(phrase).search(t.text) for t in texts) if phrase.split() else False
        )

    if voice.phrases_to_use and not any(appears(p) for p in voice.phrases_to_use):
        listed = ", ".join(repr(p) for p in voice.phrases_to_use[:5])
        return [
            Violation(
                code="tone_phrases_absent",
                severity=Severity.WARNING,
                message=f"none of the voice's phrases to use appears ({listed})",
                location="body",
            )
        ]
    if voice.tone and not voice.phrases_to_use and not any(appears(t) for t in voice.tone):
        listed = ", ".join(repr(t) for t in voice.tone[:5])
        return [
            Violation(
                code="tone_keywords_absent",
                severity=Severity.INFO,
                message=f"none of the voice's tone keywords appears ({listed})",
                location="body",
            )
        ]
    return []
