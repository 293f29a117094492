"""Per-channel rendering: an approved draft adapted to one channel account, and what it breaks.

``render_for_channel`` turns a content version's draft (and its piece's media) into the fields
a publisher sends (text, title, link, media, preview text), an optional first comment, and the
list of rule violations the result would have: the channel rules only a rendering can see (the
reference marker's reserve, media, links) merged with the brand-voice compliance checker run on
the rendered text. ``Rendering.ok`` is false while one error-level violation remains: such a
publication is refused at scheduling time with the violations listed. Nothing is ever cut
silently: a text over its limit is an error, not a shorter post.

It is pure and bounded: inputs over ``MAX_BODY_CHARS`` characters or ``MAX_HASHTAGS_GIVEN``
hashtags are refused before any per-character work. docs/channel-rendering.md has the rules of
each channel.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from umt.domain.attribution.utm import UtmTags, tag_url
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.compliance.checker import check_compliance
from umt.domain.content.compliance.limits import ChannelLimits, limits_for
from umt.domain.content.compliance.tags import check_hashtags
from umt.domain.content.compliance.text import URL
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.version import MediaReference
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.channel_profiles import (
    ChannelProfile,
    LinkPlacement,
    profile_of,
    rules_channel,
)
from umt.domain.publishing.html_body import looks_like_markup, paragraphs_html
from umt.domain.publishing.rendering_checks import (
    FIRST_COMMENT,
    check_comment_length,
    check_media,
    check_text_length,
)
from umt.domain.publishing.rendering_parts import (
    HashtagPlacement,
    InstagramLink,
    RenderingPreferences,
    chosen_link,
    compose,
    link_field,
    preview_of,
    publishable_hashtags,
    title_of,
)
from umt.domain.shared.errors import InvalidValue

__all__ = [
    "MAX_BODY_CHARS",
    "BodyFormat",
    "HashtagPlacement",
    "InstagramLink",
    "Rendering",
    "RenderingPreferences",
    "RenderingRefused",
    "render_for_channel",
]

#: The longest body or title umt renders (above Facebook's 63,206 and any blog post's length):
#: longer input is refused before any per-character work.
MAX_BODY_CHARS = 200_000
MAX_HASHTAGS_GIVEN = 100
MAX_LINKS_GIVEN = 20
MAX_MEDIA_GIVEN = 50
_HASHTAG_CODES = frozenset(
    {
        "hashtag_not_allowed",
        "hashtag_not_branded",
        "too_many_hashtags_for_channel",
        "too_many_hashtags",
    }
)
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class BodyFormat(StrEnum):
    PLAIN = "plain"  # what drafts are: escaped wherever HTML is sent
    HTML = "html"  # refused: sanitizing needs a library the domain does not have


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendering:
    """A post ready for one channel account, and every rule it would break.

    ``text`` is what the publisher sends (HTML for WordPress and Mailchimp); violations located
    in ``body`` have offsets into ``text`` for posts, into the draft's body for HTML channels.
    """

    kind: ChannelKind
    channel: Channel  # whose rules applied
    text: str = ""
    title: str | None = None
    link: str | None = None
    media: tuple[MediaReference, ...] = ()
    preview_text: str | None = None
    first_comment: str | None = None
    violations: tuple[Violation, ...] = ()

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """No error-level violation: the publication may be scheduled."""
        return not self.errors

    def require_ok(self) -> Rendering:
        """This rendering, or ``RenderingRefused`` listing its error-level violations."""
        if not self.ok:
            raise RenderingRefused(self)
        return self


class RenderingRefused(InvalidValue):
    """A post that would break an error-level rule of its channel: it is not scheduled.
    ``violations`` lists every finding (errors first), for the problem details."""

    code = "publication_not_compliant"

    def __init__(self, rendering: Rendering) -> None:
        listed = "; ".join(f"{v.location or 'post'}: {v.message}" for v in rendering.errors[:5])
        super().__init__(f"the post breaks {rendering.channel} rules: {listed}", field="content")
        self.rendering = rendering
        self.violations = rendering.violations


def render_for_channel(
    draft: Draft,
    *,
    kind: ChannelKind,
    channel: Channel,
    media: Sequence[MediaReference] = (),
    voice: VoiceGuide | None = None,
    branded_hashtags: Collection[str] = (),
    preferences: RenderingPreferences | None = None,
    body_format: BodyFormat = BodyFormat.PLAIN,
    utm: UtmTags | None = None,
) -> Rendering:
    """Adapt ``draft`` to a ``kind`` account serving the brand's ``channel``; see the module.
    With ``utm``, the post's link and the URLs in its body are tagged (``tag_url``)."""
    rules = rules_channel(kind, channel)
    profile = profile_of(kind)
    if profile is None:
        return _refused(
            kind, rules, "not_a_publishing_channel", f"{kind} does not publish posts", "channel"
        )
    too_big = _oversized(draft, media)
    if too_big is not None:
        return _refused(kind, rules, *too_big)
    voice = voice or VoiceGuide()
    preferences = preferences or RenderingPreferences()
    own: list[Violation] = []
    if body_format is BodyFormat.HTML:
        own.append(_error("html_body_not_supported", "body", _HTML_REFUSED))
    body = draft.body.replace("\r\n", "\n").strip()
    title = title_of(profile, draft)
    link, link_violations = chosen_link(draft.fields.links, body)
    own.extend(link_violations)
    if utm is not None:
        link, body = _tagged(link, body, utm)
    tags, to_comment = publishable_hashtags(profile, preferences, draft, body, own)
    text, comment = compose(profile, preferences, body, link, tags, to_comment, media)
    if profile.link is LinkPlacement.NOT_CLICKABLE and URL.search(body):
        own.append(_warning("link_not_clickable", "body", _NOT_CLICKABLE.format(channel=rules)))
    limits = limits_for(rules, profile.content_type)
    own.extend(check_media(profile, rules, media))
    if profile.html_body:
        if looks_like_markup(body):
            own.append(_warning("markup_shown_as_text", "body", _MARKUP))
        sent = paragraphs_html(body)
    else:
        sent = text
        own.extend(check_text_length(profile, limits, text))
    if comment:
        own.extend(check_comment_length(limits, comment))
    checked = _checked_draft(draft, profile, rules, title, body if profile.html_body else text)
    found = [
        v
        for v in check_compliance(checked, voice, branded_hashtags=branded_hashtags).violations
        if not (v.code == "too_long" and v.location == "body")
        and not (to_comment and v.code in _HASHTAG_CODES)
    ]
    if to_comment:
        found.extend(_comment_hashtag_findings(checked, tags, voice, limits, branded_hashtags))
    return Rendering(
        kind=kind,
        channel=rules,
        text=sent,
        title=title or None,
        link=link_field(profile, link, media),
        media=tuple(media),
        preview_text=preview_of(profile, draft),
        first_comment=comment or None,
        violations=_merged(own, found),
    )


_HTML_REFUSED = (
    "HTML bodies are not published: umt cannot sanitize HTML here; send the text as plain text "
    "(it is escaped and laid out as paragraphs)"
)
_NOT_CLICKABLE = "links in the text are not clickable on {channel}; the reader cannot follow them"
_MARKUP = "the body holds what looks like HTML; it is escaped and shows as text, not markup"


def _tagged(link: str | None, body: str, utm: UtmTags) -> tuple[str | None, str]:
    """The link tagged, and every http(s) URL of the body (a bare ``www.`` host is left as
    written: it is not a URL a query can be added to safely)."""

    def tagged(found: re.Match[str]) -> str:
        url = found.group(0)
        return tag_url(url, utm) if url.lower().startswith(("http://", "https://")) else url

    return (None if link is None else tag_url(link, utm)), URL.sub(tagged, body)


def _oversized(draft: Draft, media: Sequence[MediaReference]) -> tuple[str, str, str] | None:
    sizes = (
        ("body", len(draft.body), MAX_BODY_CHARS, "characters"),
        ("title", len(draft.title), MAX_BODY_CHARS, "characters"),
        ("fields.hashtags", len(draft.fields.hashtags), MAX_HASHTAGS_GIVEN, "hashtags"),
        ("fields.links", len(draft.fields.links), MAX_LINKS_GIVEN, "links"),
        ("media", len(media), MAX_MEDIA_GIVEN, "media items"),
    )
    for location, size, bound, unit in sizes:
        if size > bound:
            return "input_too_large", f"{size} {unit}; umt renders at most {bound}", location
    return None


def _refused(
    kind: ChannelKind, rules: Channel, code: str, message: str, location: str
) -> Rendering:
    return Rendering(kind=kind, channel=rules, violations=(_error(code, location, message),))


def _checked_draft(
    draft: Draft, profile: ChannelProfile, rules: Channel, title: str, body: str
) -> Draft:
    """The rendered piece as the compliance checker sees it: checked as what it becomes on this
    channel (a post, an article, an email), hashtags already in the text."""
    fields: ContentFields = replace(draft.fields, hashtags=(), links=())
    if profile.content_type is ContentType.EMAIL:
        fields = replace(fields, subject=title)
    return Draft(
        content_type=profile.content_type,
        channel=rules,
        title=title if profile.content_type is not ContentType.EMAIL else draft.title,
        body=body,
        fields=fields,
        locale=draft.locale,
    )


def _comment_hashtag_findings(
    checked: Draft,
    tags: tuple[str, ...],
    voice: VoiceGuide,
    limits: ChannelLimits,
    branded: Collection[str],
) -> list[Violation]:
    """The hashtag rules over the whole post when its tags moved to the first comment: the
    text's own tags and the comment's count together, the comment's are located there."""
    whole = replace(checked, fields=replace(checked.fields, hashtags=tags))
    return [
        replace(v, location=FIRST_COMMENT, start=None, end=None)
        if v.location.startswith("fields.hashtags")
        else v
        for v in check_hashtags(whole, voice, limits, branded)
    ]


def _merged(own: list[Violation], found: list[Violation]) -> tuple[Violation, ...]:
    unique = list(dict.fromkeys([*own, *found]))
    unique.sort(
        key=lambda v: (_ORDER[v.severity], v.location, v.start if v.start is not None else -1)
    )
    return tuple(unique)


def _error(code: str, location: str, message: str) -> Violation:
    return Violation(code=code, severity=Severity.ERROR, message=message, location=location)


def _warning(code: str, location: str, message: str) -> Violation:
    return Violation(code=code, severity=Severity.WARNING, message=message, location=location)
