"""Checks on a draft's form: lengths and counts, forbidden characters, required fields, slug."""

from __future__ import annotations

from umt.domain.content.compliance.limits import SLUG_PATTERN, ChannelLimits, overflow_index
from umt.domain.content.compliance.text import (
    LocatedText,
    hashtag_suffix,
)
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import ContentType, Draft

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


def body_suffix(draft: Draft) -> str:
    """What publishing appends to the body of a post or ad: its ``fields.hashtags`` not
    already in the body (``" #tag"`` each); nothing for other content types."""
    if draft.content_type in (ContentType.SOCIAL_POST, ContentType.AD_COPY):
        return hashtag_suffix(draft)
    return ""


def published_text(draft: Draft, located: LocatedText) -> str:
    """The text a limit is measured on: a post's body carries its appended hashtags."""
    return located.text + body_suffix(draft) if located.location == "body" else located.text


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
