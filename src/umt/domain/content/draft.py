"""A draft: the text of one piece of content as written, checked and generated.

The same value object travels from the generator to the compliance checker to a stored
version, so each of them speaks about exactly the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from umt.domain.brand.channels import Channel


class ContentType(StrEnum):
    BLOG_POST = "blog_post"
    SOCIAL_POST = "social_post"
    EMAIL = "email"
    AD_COPY = "ad_copy"
    LANDING_PAGE = "landing_page"
    VIDEO_SCRIPT = "video_script"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentFields:
    """The structured fields of a piece; which ones matter depends on its type.

    email: ``subject`` and ``preheader``; ad copy: ``headlines`` and ``descriptions``; posts:
    ``hashtags`` (without ``#``), ``mentions`` (without ``@``), ``links`` and
    ``call_to_action``; blog posts and landing pages: ``slug``, ``meta_description`` and
    ``keywords``. Unused fields stay empty.
    """

    subject: str = ""
    preheader: str = ""
    headlines: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    call_to_action: str = ""
    slug: str = ""
    meta_description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """Title, body and structured fields of a piece for one channel, in one locale."""

    content_type: ContentType
    channel: Channel
    title: str = ""
    body: str = ""
    fields: ContentFields = field(default_factory=ContentFields)
    locale: str = "en"
