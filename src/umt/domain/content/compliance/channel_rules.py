"""Checks on a draft's form: lengths and counts, required fields, slug, hashtags and emoji."""

from __future__ import annotations

from collections.abc import Collection

from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance.limits import SLUG_PATTERN, ChannelLimits, overflow_index
from umt.domain.content.compliance.text import (
    LocatedText,
    body_hashtags,
    body_mentions,
    emoji_spans,
    hashtag_suffix,
    normalize_tag,
)
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import ContentType, Draft

#: With the "sparing" emoji policy, more emoji than this in the whole draft is a warning.
SPARING_EMOJI_MAX = 3

#: The fields each content type must fill (a list field: at least one non-blank item).
REQUIRED_FIELDS: dict[ContentType, tuple[str, ...]] = {
    ContentType.EMAIL: ("fields.subject", "body"),
    ContentType.AD_COPY: ("fields.headlines",),
    ContentType.SOCIAL_POST: ("body",),
    ContentType.BLOG_POST: ("title", "body"),
    ContentType.LANDING_PAGE: ("title", "body"),
    ContentType.VIDEO_SCRIPT: ("body",),
}


def limited_texts(draft: Draft) -> list[LocatedText]:
    """Every field a length limit can apply to, with its location (empty ones included)."""
    f = draft.fields
    pairs = [
        ("title", draft.title),
        ("body", draft.body),
        ("fields.subject", f.subject),
        ("fields.preheader", f.preheader),
        *((f"fields.headlines[{i}]", h) for i, h in enumerate(f.headlines)),
        *((f"fields.descriptions[{i}]", d) for i, d in enumerate(f.descriptions)),
        ("fields.meta_description", f.meta_description),
        ("fields.slug", f.slug),
    ]
    return [LocatedText(location=loc, text=text) for loc, text in pairs]


def published_text(draft: Draft, located: LocatedText) -> str:
    """The text a limit is measured on: a post's body carries its appended hashtags."""
    if located.location == "body" and draft.content_type in (
        ContentType.SOCIAL_POST,
        ContentType.AD_COPY,
    ):
        return located.text + hashtag_suffix(draft)
    return located.text


def check_lengths(draft: Draft, limits: ChannelLimits) -> list[Violation]:
    """Over a hard limit: error ``too_long``; over a recommended one: warning."""
    found: list[Violation] = []
    for located in limited_texts(draft):
        limit = limits.for_location(located.location)
        if limit is None or not located.text:
            continue
        measured_text = published_text(draft, located)
        length = limits.measure(measured_text, located.location)
        found.extend(_forbidden(located, limit.forbidden, limit.source))
        extra = (
            " (with the hashtags appended on publishing)" if measured_text != located.text else ""
        )
        for bound, code, severity, kind in (
            (limit.hard, "too_long", Severity.ERROR, "the limit"),
            (limit.recommended, "longer_than_recommended", Severity.WARNING, "the recommended"),
        ):
            if bound is None or length <= bound:
                continue
            start = overflow_index(measured_text, bound, limits.counting_for(located.location))
            found.append(
                Violation(
                    code=code,
                    severity=severity,
                    message=(
                        f"{located.location} is {length} characters{extra}; {kind} on "
                        f"{limits.channel} is {bound} ({limit.source})"
                    ),
                    location=located.location,
                    start=start if start < len(located.text) else None,
                    end=len(located.text) if start < len(located.text) else None,
                )
            )
            break  # over the hard limit says enough: no second warning for the same text
    for name, count in limits.counts.items():
        items = [t for t in _list_field(draft, name) if t.strip()]
        if len(items) < count.minimum:
            found.append(
                Violation(
                    code="too_few_items",
                    severity=Severity.ERROR,
                    message=f"{name} has {len(items)}; {limits.channel} needs at least "
                    f"{count.minimum} ({count.source})",
                    location=name,
                )
            )
        if count.maximum is not None and len(items) > count.maximum:
            found.append(
                Violation(
                    code="too_many_items",
                    severity=Severity.ERROR,
                    message=f"{name} has {len(items)}; {limits.channel} takes at most "
                    f"{count.maximum} ({count.source})",
                    location=name,
                )
            )
    return found


def _forbidden(located: LocatedText, forbidden: str, source: str) -> list[Violation]:
    return [
        Violation(
            code="forbidden_character",
            severity=Severity.ERROR,
            message=f"{located.location} may not contain {char!r} ({source})",
            location=located.location,
            start=index,
            end=index + 1,
        )
        for index, char in enumerate(located.text)
        if char in forbidden
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


def _list_field(draft: Draft, name: str) -> tuple[str, ...]:
    if name == "fields.headlines":
        return draft.fields.headlines
    if name == "fields.descriptions":
        return draft.fields.descriptions
    return ()


def _single_field(draft: Draft, name: str) -> str:
    return {
        "title": draft.title,
        "body": draft.body,
        "fields.subject": draft.fields.subject,
        "fields.preheader": draft.fields.preheader,
        "fields.call_to_action": draft.fields.call_to_action,
        "fields.meta_description": draft.fields.meta_description,
        "fields.slug": draft.fields.slug,
    }.get(name, "")


def check_required(draft: Draft) -> list[Violation]:
    """Empty required fields (``required_field_empty``, error), blank list items included."""
    found: list[Violation] = []
    for name in REQUIRED_FIELDS.get(draft.content_type, ()):
        if name in ("fields.headlines", "fields.descriptions"):
            items = _list_field(draft, name)
            if not any(i.strip() for i in items):
                found.append(_empty(name, draft))
            found.extend(
                _empty(f"{name}[{i}]", draft) for i, t in enumerate(items) if not t.strip()
            )
        elif not _single_field(draft, name).strip():
            found.append(_empty(name, draft))
    return found


def _empty(location: str, draft: Draft) -> Violation:
    return Violation(
        code="required_field_empty",
        severity=Severity.ERROR,
        message=f"a {draft.content_type} needs {location}",
        location=location,
    )


def check_slug(draft: Draft) -> list[Violation]:
    """A blog post's or landing page's slug: lowercase letters and digits, single hyphens."""
    slug = draft.fields.slug
    if not slug or SLUG_PATTERN.match(slug):
        return []
    return [
        Violation(
            code="invalid_slug",
            severity=Severity.ERROR,
            message=f"{slug!r} is not a slug (lowercase letters, digits and single hyphens)",
            location="fields.slug",
            start=0,
            end=len(slug),
        )
    ]


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
