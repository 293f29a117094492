"""``OfflineContentGenerator``: the embedded default ``ContentGenerator``, no model, no network.

It composes a draft from phrase banks (see docs/generation-offline.md): the direction picks
the hook bank, the angle bank, the call to action and the length; ``random.Random`` seeded
from the request seed and the direction picks among the sentences. The same request gives the
same draft in every process.

Token usage is an estimate made the way a model would have been billed: about four characters
per token (the usual rule of thumb for English with GPT-style tokenizers), over the text a
prompt would have carried (brand, voice guide, persona, topic, key points, template,
feedback) and over every text field of the draft.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import fields, replace

from umt.adapters.offline.ads import ad_copy
from umt.adapters.offline.blog import blog_post, landing_page
from umt.adapters.offline.email_message import email
from umt.adapters.offline.social import social_post
from umt.adapters.offline.template import follow
from umt.adapters.offline.text import sentences
from umt.adapters.offline.video import video_script
from umt.adapters.offline.voice import Feedback, VoiceRules
from umt.adapters.offline.writer import Writer
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.ports.content_generator import (
    ContentGenerator,
    GeneratedDraft,
    GenerationRequest,
    GeneratorUnavailable,
    TokenUsage,
)

ADAPTER = "offline"
MODEL = "offline-composer"
COMPOSER_VERSION = "offline-composer/2"  # bump when the banks or the structure change
CHARS_PER_TOKEN = 4

_BUILDERS: dict[ContentType, Callable[[Writer], Draft]] = {
    ContentType.SOCIAL_POST: social_post,
    ContentType.EMAIL: email,
    ContentType.BLOG_POST: blog_post,
    ContentType.AD_COPY: ad_copy,
    ContentType.LANDING_PAGE: landing_page,
    ContentType.VIDEO_SCRIPT: video_script,
}


class OfflineContentGenerator(ContentGenerator):
    """Writes one draft per call from phrase banks, deterministically for a given request."""

    @property
    def name(self) -> str:
        return ADAPTER

    async def generate(self, request: GenerationRequest) -> GeneratedDraft:
        started = time.perf_counter()
        try:
            draft = compose(request)
        except Exception as exc:  # the port promises GeneratorUnavailable, nothing else
            raise GeneratorUnavailable(f"the offline composer failed: {exc}") from exc
        latency_ms = (time.perf_counter() - started) * 1000
        return GeneratedDraft(
            draft=draft,
            adapter=ADAPTER,
            model=MODEL,
            prompt_version=COMPOSER_VERSION,
            usage=TokenUsage(
                input_tokens=estimate_tokens(_request_text(request)),
                output_tokens=estimate_tokens(draft_text(draft)),
            ),
            latency_ms=latency_ms,
            seed=request.seed,
        )


def compose(request: GenerationRequest) -> Draft:
    """The draft for ``request`` (synchronous and pure: the same request, the same draft)."""
    rules = VoiceRules.of(request.brand.voice, Feedback.of(request.feedback))
    writer = Writer.of(request, rules)
    draft = _BUILDERS[request.content_type](writer)
    if request.template and request.template.strip():
        draft = follow(request.template, writer, draft)
    locale = request.locale if request.locale.casefold().startswith("en") else "en"
    return _enforce(replace(draft, locale=locale), rules)


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


def draft_text(draft: Draft) -> str:
    """Every text a draft carries, one per line (what the output tokens are counted over)."""
    parts = [draft.title, draft.body]
    for f in fields(ContentFields):
        value = getattr(draft.fields, f.name)
        parts.extend(value if isinstance(value, tuple) else [value])
    return "\n".join(p for p in parts if p)


def _request_text(request: GenerationRequest) -> str:
    brand, voice, audience = request.brand, request.brand.voice, request.audience
    parts = [
        brand.name,
        brand.industry,
        brand.description,
        *voice.tone,
        *voice.phrases_to_use,
        *voice.phrases_to_avoid,
        *voice.banned_words,
        *voice.banned_claims,
        *voice.required_disclosures,
        request.topic,
        *request.key_points,
        request.direction.hook,
        request.direction.angle,
        request.direction.call_to_action,
        request.template or "",
        *(v.message for v in request.feedback),
    ]
    if audience is not None:
        parts += [audience.persona_name, *audience.interests, *audience.pain_points]
        parts += list(audience.goals)
    return "\n".join(p for p in parts if p)


def _enforce(draft: Draft, rules: VoiceRules) -> Draft:
    """The last guard: a sentence that still breaks the voice (from a user's template or a
    fallback) is dropped, and a banned word inside a short field is scrubbed. Disclosures
    stay as written."""
    keep = set(rules.voice.required_disclosures) | {
        d.rstrip(".") + "." for d in rules.voice.required_disclosures
    }

    def clean(text: str) -> str:
        if rules.allows(text) or text in keep:
            return text
        lines = []
        for line in text.split("\n"):
            if rules.allows(line) or line.strip() in keep:
                lines.append(line)
                continue
            kept = [s for s in sentences(line) if rules.allows(s) or s in keep]
            lines.append(" ".join(kept) if kept else rules.scrub(line).strip())
        return "\n".join(lines)

    def clean_all(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v for v in (clean(x) for x in values) if v.strip())

    f = draft.fields
    return replace(
        draft,
        title=clean(draft.title),
        body=clean(draft.body),
        fields=replace(
            f,
            subject=clean(f.subject),
            preheader=clean(f.preheader),
            headlines=clean_all(f.headlines),
            descriptions=clean_all(f.descriptions),
            hashtags=tuple(t for t in f.hashtags if rules.allows(t)),
            call_to_action=clean(f.call_to_action),
            meta_description=clean(f.meta_description),
            keywords=tuple(k for k in f.keywords if rules.allows(k)),
        ),
    )
