"""``check_compliance``: every check on one draft, a located violation list and a score."""

from __future__ import annotations

from collections.abc import Collection

from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.compliance.channel_rules import (
    check_lengths,
    check_required,
    check_slug,
)
from umt.domain.content.compliance.joins import check_joins
from umt.domain.content.compliance.limits import limits_for
from umt.domain.content.compliance.readability import flesch_kincaid_grade, words
from umt.domain.content.compliance.tags import check_emoji, check_hashtags, check_mentions
from umt.domain.content.compliance.text import located_texts
from umt.domain.content.compliance.wording import check_disclosures, check_tone, check_wording
from umt.domain.content.compliance_report import ComplianceReport, Severity, Violation
from umt.domain.content.draft import Draft

ERROR_PENALTY = 25
WARNING_PENALTY = 5
#: A reading grade more than this above the voice's target is a warning.
GRADE_TOLERANCE = 2
#: Below this many words in the body the grade is reported but never warned about: the
#: formula is too noisy on a couple of sentences.
MIN_WORDS_FOR_GRADE = 20

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def score(violations: Collection[Violation]) -> int:
    """100, minus 25 per error and 5 per warning (infos cost nothing), never below 0."""
    errors = sum(1 for v in violations if v.severity is Severity.ERROR)
    warnings = sum(1 for v in violations if v.severity is Severity.WARNING)
    return max(0, 100 - ERROR_PENALTY * errors - WARNING_PENALTY * warnings)


def check_reading_grade(draft: Draft, voice: VoiceGuide) -> tuple[float | None, list[Violation]]:
    """The body's Flesch-Kincaid grade, and a warning when it exceeds the target by over 2.

    The formula and the syllable heuristic are English ones: a draft in another locale gets
    no grade and no warning.
    """
    count = len(words(draft.body))
    if count == 0 or not draft.locale.casefold().startswith("en"):
        return None, []
    # the formula goes below zero on very short, simple text ("A cheap trick." is -2.6); a
    # report says grade 0 there, since no school grade is below it
    grade = max(0.0, round(flesch_kincaid_grade(draft.body), 1))
    if (
        voice.reading_grade is None
        or count < MIN_WORDS_FOR_GRADE
        or grade <= voice.reading_grade + GRADE_TOLERANCE
    ):
        return grade, []
    return grade, [
        Violation(
            code="reading_grade_too_high",
            severity=Severity.WARNING,
            message=f"the body reads at grade {grade:.1f}; the voice guide aims at grade "
            f"{voice.reading_grade} (shorter sentences and words bring it down)",
            location="body",
        )
    ]


def check_compliance(
    draft: Draft, voice: VoiceGuide, *, branded_hashtags: Collection[str] = ()
) -> ComplianceReport:
    """Check ``draft`` against the brand's ``voice`` and its channel's limits.

    Checks and severities (docs/compliance.md has the full list): banned words and claims
    (error, every occurrence), phrases to avoid (warning), missing required disclosures
    (error), empty required fields (error), channel and content-type lengths (error over a
    hard limit, warning over a recommended one) and item counts (error), slug format (error),
    hashtag policy (error) and count (warning over the guide's ``max_hashtags``, error over
    the channel's), emoji policy (error per emoji for ``none``; warning above 3 for
    ``sparing``), reading grade (warning more than 2 grades above the target, bodies of 20
    words or more), tone (a warning when no phrase to use appears, another when no tone
    keyword does), awkward joins (a warning each: "in a day today", "with how to ...").

    ``score`` = max(0, 100 - 25 x errors - 5 x warnings); infos do not count. Violations are
    ordered errors first, then by field and position. ``branded_hashtags`` names the brand's
    own hashtags for the ``branded_only`` policy (the guide's phrases to use written as
    ``#tag`` count too).
    """
    texts = located_texts(draft)
    limits = limits_for(draft.channel, draft.content_type)
    grade, grade_violations = check_reading_grade(draft, voice)
    violations = [
        *check_required(draft),
        *check_wording(texts, voice),
        *check_disclosures(draft, texts, voice),
        *check_lengths(draft, limits),
        *check_slug(draft),
        *check_hashtags(draft, voice, limits, branded_hashtags),
        *check_mentions(draft, limits),
        *check_emoji(texts, voice),
        *grade_violations,
        *check_tone(texts, voice),
        *check_joins(texts),
    ]
    order = {t.location: i for i, t in enumerate(texts)}
    violations.sort(
        key=lambda v: (
            _SEVERITY_ORDER[v.severity],
            order.get(v.location, len(order)),
            v.start if v.start is not None else -1,
        )
    )
    return ComplianceReport(
        score=score(violations), violations=tuple(violations), reading_grade=grade
    )
