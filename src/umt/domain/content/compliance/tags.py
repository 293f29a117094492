"""Checks on a draft's social markers: hashtags, @mentions and emoji."""

from __future__ import annotations

from collections.abc import Collection

from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance.limits import ChannelLimits
from umt.domain.content.compliance.text import (
    LocatedText,
    body_hashtags,
    body_mentions,
    emoji_spans,
    normalize_tag,
)
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import Draft

#: With the "sparing" emoji policy, more emoji than this in the whole draft is a warning.
SPARING_EMOJI_MAX = 3


def branded_tags(voice: VoiceGuide, branded_hashtags: Collection[str]) -> set[str]:
    """Hashtags the brand owns: those given, and the voice's phrases to use written as ``#tag``."""
    tags = {normalize_tag(t) for t in branded_hashtags}
    tags.update(normalize_tag(p) for p in voice.phrases_to_use if p.startswith("#"))
    return {t for t in tags if t}


def disclosure_tags(voice: VoiceGuide) -> set[str]:
    """Required disclosures written as a hashtag (``#ad``): exempt from the hashtag rules."""
    return {
        normalize_tag(d) for d in voice.required_disclosures if d.startswith("#") and " " not in d
    }


def hashtag_occurrences(draft: Draft) -> list[tuple[str, str, int | None, int | None]]:
    """``(normalized tag, location, start, end)`` of every hashtag, fields first, then body."""
    found: list[tuple[str, str, int | None, int | None]] = [
        (normalize_tag(tag), f"fields.hashtags[{i}]", None, None)
        for i, tag in enumerate(draft.fields.hashtags)
        if normalize_tag(tag)
    ]
    found.extend(
        (normalize_tag(tag), "body", start, end) for tag, start, end in body_hashtags(draft.body)
    )
    return found


def check_hashtags(
    draft: Draft, voice: VoiceGuide, limits: ChannelLimits, branded_hashtags: Collection[str]
) -> list[Violation]:
    """Hashtag policy (errors), the guide's ``max_hashtags`` (warning), the channel's (error).

    A hashtag that is a required disclosure (``#ad``) is exempt: the guide asks for it.
    """
    exempt = disclosure_tags(voice)
    occurrences = [o for o in hashtag_occurrences(draft) if o[0] not in exempt]
    found: list[Violation] = []
    if voice.hashtag_policy is HashtagPolicy.NONE:
        return [
            Violation(
                code="hashtag_not_allowed",
                severity=Severity.ERROR,
                message=f"#{tag}: the voice guide allows no hashtags",
                location=location,
                start=start,
                end=end,
            )
            for tag, location, start, end in occurrences
        ]
    if voice.hashtag_policy is HashtagPolicy.BRANDED_ONLY:
        owned = branded_tags(voice, branded_hashtags)
        found.extend(
            Violation(
                code="hashtag_not_branded",
                severity=Severity.ERROR,
                message=f"#{tag}: the voice guide allows branded hashtags only",
                location=location,
                start=start,
                end=end,
            )
            for tag, location, start, end in occurrences
            if tag not in owned
        )
    distinct: dict[str, tuple[str, int | None, int | None]] = {}
    for tag, location, start, end in occurrences:
        distinct.setdefault(tag, (location, start, end))
    firsts = list(distinct.values())
    for bound, code, severity, whose in (
        (limits.max_hashtags, "too_many_hashtags_for_channel", Severity.ERROR, limits.channel),
        (voice.max_hashtags, "too_many_hashtags", Severity.WARNING, "the voice guide"),
    ):
        if bound is None or len(firsts) <= bound:
            continue
        location, start, end = firsts[bound]
        found.append(
            Violation(
                code=code,
                severity=severity,
                message=f"{len(firsts)} distinct hashtags; {whose} allows at most {bound}",
                location=location,
                start=start,
                end=end,
            )
        )
    return found


def check_emoji(texts: list[LocatedText], voice: VoiceGuide) -> list[Violation]:
    """Policy ``none``: an error per emoji; ``sparing``: a warning above SPARING_EMOJI_MAX."""
    if voice.emoji_policy is EmojiPolicy.FREE:
        return []
    spans = [(t, s, e) for t in texts for s, e in emoji_spans(t.text)]
    if voice.emoji_policy is EmojiPolicy.NONE:
        return [
            Violation(
                code="emoji_not_allowed",
                severity=Severity.ERROR,
                message=f"emoji {t.text[s:e]!r}: the voice guide allows none",
                location=t.location,
                start=s,
                end=e,
            )
            for t, s, e in spans
        ]
    if len(spans) <= SPARING_EMOJI_MAX:
        return []
    t, s, e = spans[SPARING_EMOJI_MAX]
    return [
        Violation(
            code="too_many_emoji",
            severity=Severity.WARNING,
            message=f"{len(spans)} emoji; the voice guide asks for sparing use "
            f"(at most {SPARING_EMOJI_MAX})",
            location=t.location,
            start=s,
            end=e,
        )
    ]


def check_mentions(draft: Draft, limits: ChannelLimits) -> list[Violation]:
    """More distinct @mentions (fields and body) than the channel allows: error."""
    if limits.max_mentions is None:
        return []
    firsts: dict[str, tuple[str, int | None, int | None]] = {}
    for i, name in enumerate(draft.fields.mentions):
        if name.lstrip("@"):
            firsts.setdefault(name.lstrip("@").casefold(), (f"fields.mentions[{i}]", None, None))
    for name, at, until in body_mentions(draft.body):
        firsts.setdefault(name.casefold(), ("body", at, until))
    if len(firsts) <= limits.max_mentions:
        return []
    location, start, end = list(firsts.values())[limits.max_mentions]
    return [
        Violation(
            code="too_many_mentions_for_channel",
            severity=Severity.ERROR,
            message=f"{len(firsts)} distinct @mentions; {limits.channel} allows at most "
            f"{limits.max_mentions} ({limits.mention_source})",
            location=location,
            start=start,
            end=end,
        )
    ]
