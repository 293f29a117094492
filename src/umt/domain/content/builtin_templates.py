"""The built-in templates: one or two per content type, the same for every organization.

They live in code (fixed ids, never stored), are listed next to an organization's own
templates and cannot be changed or deleted; copy one to adapt it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid5

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentType
from umt.domain.content.template import ContentTemplate, TemplateVariable
from umt.domain.shared.ids import TemplateId

_NAMESPACE = UUID("6f1c5a52-6d0e-4c55-9a8e-0b6c3f1f9a10")
_SINCE = datetime(2026, 11, 25, tzinfo=UTC)


def _v(name: str, description: str, default: str | None = None) -> TemplateVariable:
    return TemplateVariable(
        name=name, description=description, required=default is None, default=default
    )


def _builtin(
    key: str,
    name: str,
    content_type: ContentType,
    body: str,
    variables: tuple[TemplateVariable, ...],
    channel: Channel | None = None,
    industry: str | None = None,
) -> ContentTemplate:
    return ContentTemplate(
        id=TemplateId(uuid5(_NAMESPACE, key)),
        organization_id=None,
        name=name,
        content_type=content_type,
        body=body,
        channel=channel,
        industry=industry,
        variables=variables,
        created_at=_SINCE,
        updated_at=_SINCE,
    )


BUILTIN_TEMPLATES: tuple[ContentTemplate, ...] = (
    _builtin(
        "blog-how-to",
        "How-to blog post",
        ContentType.BLOG_POST,
        "# How to {{ goal }}\n\n"
        "{{ audience }} ask us about this every week, so here is the short answer.\n\n"
        "## Why it matters\n{{ why }}\n\n"
        "## The steps\n1. Start small.\n2. Measure what changes.\n3. Keep what works.\n\n"
        "{{ call_to_action }}",
        (
            _v("goal", "What the reader wants to achieve"),
            _v("audience", "Who the post is for", "Our customers"),
            _v("why", "Why it matters to them"),
            _v("call_to_action", "The closing invitation", "Tell us how it goes."),
        ),
        channel=Channel.BLOG,
    ),
    _builtin(
        "social-launch",
        "Product launch post",
        ContentType.SOCIAL_POST,
        "{{ product }} is here. {{ benefit }}\n\n{{ call_to_action }}",
        (
            _v("product", "The product's name"),
            _v("benefit", "The one benefit to lead with"),
            _v("call_to_action", "What to do next", "Try it today."),
        ),
    ),
    _builtin(
        "email-newsletter",
        "Newsletter email",
        ContentType.EMAIL,
        "Hi {{ first_name }},\n\n{{ news }}\n\n{{ call_to_action }}\n\n{{ sign_off }}",
        (
            _v("first_name", "The reader's first name", "there"),
            _v("news", "This issue's main story"),
            _v("call_to_action", "The one thing to click", "Read the full story."),
            _v("sign_off", "Who signs", "The team"),
        ),
        channel=Channel.EMAIL,
    ),
    _builtin(
        "ad-benefit",
        "Benefit-led ad",
        ContentType.AD_COPY,
        "{{ product }}: {{ benefit }}. {{ call_to_action }}",
        (
            _v("product", "The product's name"),
            _v("benefit", "The benefit, in a few words"),
            _v("call_to_action", "The action", "Shop now"),
        ),
        channel=Channel.GOOGLE_ADS,
    ),
    _builtin(
        "landing-hero",
        "Landing page hero",
        ContentType.LANDING_PAGE,
        "# {{ headline }}\n\n{{ subheadline }}\n\n[{{ call_to_action }}]",
        (
            _v("headline", "The promise, in one line"),
            _v("subheadline", "How the promise is kept"),
            _v("call_to_action", "The button's label", "Get started"),
        ),
        channel=Channel.WEBSITE,
    ),
    _builtin(
        "video-explainer",
        "Explainer video script",
        ContentType.VIDEO_SCRIPT,
        "HOOK: {{ hook }}\n\nPROBLEM: {{ problem }}\n\nSOLUTION: {{ product }} {{ solution }}"
        "\n\nCALL TO ACTION: {{ call_to_action }}",
        (
            _v("hook", "The first five seconds"),
            _v("problem", "The viewer's problem"),
            _v("product", "The product's name"),
            _v("solution", "How it solves the problem"),
            _v("call_to_action", "The ending", "Learn more at our site."),
        ),
        channel=Channel.YOUTUBE,
    ),
)
BUILTIN_BY_ID = {t.id: t for t in BUILTIN_TEMPLATES}
