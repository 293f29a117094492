"""The draft prompt, version ``draft/3``: the system and user messages asking for one draft.

The system message holds what stays the same for a brand (who is writing, the voice guide, the
output rules); the user message holds this piece (topic, key points, audience, channel and its
limits, the direction of this variant, the template, the violations to repair). Both are pure
functions of the ``GenerationRequest``, so the same request always gives the same prompt: it is
what the response cache keys on and what ``PROMPT_VERSION`` names. Change a word here and
bump the version (tests/unit/ports/test_prompts.py pins a fingerprint per
version to make that impossible to forget).
"""

from __future__ import annotations

from umt.domain.brand.audience import Audience
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance_report import Violation
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import GenerationRequest
from umt.ports.prompts.limits import Limits, limits_for, target_words

# draft/2: the limits stated come from the compliance table (ad copy on Meta and LinkedIn,
# Pinterest and YouTube titles and the web fields read differently from draft/1)
# draft/3: the tone line asks for one of the tone words, which compliance now counts
PROMPT_VERSION = "draft/3"

CONTENT_TYPE_NAMES = {
    ContentType.BLOG_POST: "blog post",
    ContentType.SOCIAL_POST: "social media post",
    ContentType.EMAIL: "marketing email",
    ContentType.AD_COPY: "ad copy",
    ContentType.LANDING_PAGE: "landing page",
    ContentType.VIDEO_SCRIPT: "video script",
}
CHANNEL_NAMES = {
    Channel.LINKEDIN: "LinkedIn",
    Channel.FACEBOOK: "Facebook",
    Channel.INSTAGRAM: "Instagram",
    Channel.X: "X (Twitter)",
    Channel.TIKTOK: "TikTok",
    Channel.YOUTUBE: "YouTube",
    Channel.PINTEREST: "Pinterest",
    Channel.EMAIL: "email",
    Channel.BLOG: "the brand's blog",
    Channel.WEBSITE: "the brand's website",
    Channel.GOOGLE_ADS: "Google Ads",
    Channel.META_ADS: "Meta ads (Facebook and Instagram)",
    Channel.LINKEDIN_ADS: "LinkedIn ads",
}
_EMOJI = {
    EmojiPolicy.NONE: "Use no emoji at all.",
    EmojiPolicy.SPARING: "Use emoji sparingly: at most one or two, never in place of words.",
    EmojiPolicy.FREE: "Emoji are welcome where they fit the tone.",
}


def _bullets(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _quoted(items: tuple[str, ...]) -> str:
    return ", ".join(f'"{item}"' for item in items)


def _hashtag_rule(voice: VoiceGuide, limits: Limits) -> str:
    if voice.hashtag_policy is HashtagPolicy.NONE or voice.max_hashtags == 0:
        return "Use no hashtags (leave the hashtags list empty)."
    most = voice.max_hashtags
    if limits.max_hashtags is not None:
        most = min(most, limits.max_hashtags)
    kind = (
        "branded hashtags only"
        if voice.hashtag_policy is HashtagPolicy.BRANDED_ONLY
        else ("relevant hashtags")
    )
    return f"Use at most {most} {kind}, listed in the hashtags field without '#'."


def voice_section(voice: VoiceGuide, channel: Channel, limits: Limits) -> str:
    """The voice guide as rules a writer follows."""
    lines: list[str] = []
    if voice.tone:
        # the compliance check takes points off a draft in which no tone word appears
        lines.append(f"Tone: {', '.join(voice.tone)} (write at least one of these words).")
    if voice.phrases_to_use:
        lines.append(f"Work in, where natural, these phrases: {_quoted(voice.phrases_to_use)}.")
    if voice.phrases_to_avoid:
        lines.append(f"Avoid these phrases: {_quoted(voice.phrases_to_avoid)}.")
    if voice.banned_words:
        lines.append(f"Never use these words, in any form: {_quoted(voice.banned_words)}.")
    if voice.banned_claims:
        lines.append(f"Never make these claims, even implied: {_quoted(voice.banned_claims)}.")
    if voice.required_disclosures:
        lines.append(
            "Include these disclosures word for word in the body: "
            f"{_quoted(voice.required_disclosures)}."
        )
    if voice.reading_grade is not None:
        lines.append(
            f"Write at a reading grade of about {voice.reading_grade} (Flesch-Kincaid): "
            "short sentences, common words."
        )
    lines.append(_EMOJI[voice.emoji_policy])
    lines.append(_hashtag_rule(voice, limits))
    note = voice.channel_notes.get(channel)
    if note:
        lines.append(f"On {CHANNEL_NAMES[channel]}: {note}")
    return _bullets(lines)


def system_message(request: GenerationRequest) -> str:
    """Who writes, in which voice, and how the answer is returned."""
    brand = request.brand
    about = f"{brand.name}, a brand in {brand.industry}" if brand.industry else brand.name
    parts = [
        f"You are an experienced marketing copywriter writing for {about}.",
    ]
    if brand.description:
        parts.append(f"About the brand: {brand.description}")
    limits = limits_for(request.content_type, request.channel)
    parts.append(
        "Brand voice guide (follow every rule):\n"
        + voice_section(brand.voice, request.channel, limits)
    )
    parts.append(
        "Rules for every answer:\n"
        + _bullets(
            [
                "Write original, specific copy a marketer could publish after a light edit.",
                "State only facts given in the brief: invent no statistics, prices or quotes.",
                "Keep within every character limit given; count characters, not words.",
                f"Write in the language of the locale {request.locale!r}.",
                "Answer with the JSON object of the response schema and nothing else.",
            ]
        )
    )
    return "\n\n".join(parts)


def audience_section(audience: Audience) -> str:
    lines = [f"Persona: {audience.persona_name}"]
    if audience.age_range is not None:
        lines.append(f"Age: {audience.age_range.minimum} to {audience.age_range.maximum}")
    if audience.locations:
        lines.append(f"Locations: {', '.join(audience.locations)}")
    if audience.interests:
        lines.append(f"Interests: {', '.join(audience.interests)}")
    if audience.pain_points:
        lines.append(f"Pain points: {'; '.join(audience.pain_points)}")
    if audience.goals:
        lines.append(f"Goals: {'; '.join(audience.goals)}")
    return _bullets(lines)


def limits_section(limits: Limits) -> list[str]:
    rules: list[tuple[int | None, str]] = [
        (limits.body_max_chars, "body: at most {} characters"),
        (limits.title_max_chars, "title: at most {} characters"),
        (limits.subject_max_chars, "subject: at most {} characters"),
        (limits.preheader_max_chars, "preheader: at most {} characters"),
        (limits.meta_description_max_chars, "meta description: at most {} characters"),
        (limits.max_hashtags, "hashtags: at most {} on this channel"),
    ]
    lines = [text.format(value) for value, text in rules if value is not None]
    if limits.headline_count:
        lines.append(
            f"headlines: {limits.headline_count}, each at most {limits.headline_max_chars} "
            "characters"
        )
    if limits.description_count:
        lines.append(
            f"descriptions: {limits.description_count}, each at most "
            f"{limits.description_max_chars} characters"
        )
    return lines


def feedback_section(feedback: tuple[Violation, ...]) -> str:
    lines = [f"[{v.severity.value}] {v.location}: {v.message}" for v in feedback]
    return (
        "An earlier draft broke these rules. Write a new draft that fixes every one of them "
        "and keeps everything else that worked:\n" + _bullets(lines)
    )


def user_message(request: GenerationRequest) -> str:
    """This piece: what to write, for whom, where, in which direction."""
    kind = CONTENT_TYPE_NAMES[request.content_type]
    channel = CHANNEL_NAMES[request.channel]
    direction = request.direction
    limits = limits_for(request.content_type, request.channel)
    words = target_words(request.content_type, direction.length)
    parts = [f"Write one {kind} for {channel} about: {request.topic}"]
    if request.key_points:
        parts.append("Key points to cover:\n" + _bullets(request.key_points))
    if request.audience is not None:
        parts.append("Audience:\n" + audience_section(request.audience))
    shape = limits_section(limits)
    parts.append(
        "Length and limits:\n"
        + _bullets([f"{direction.length.value}: about {words} words of body", *shape])
    )
    parts.append(
        "Direction of this variant:\n"
        + _bullets(
            [
                f"Open with a {direction.hook} hook.",
                f"Take the {direction.angle} angle.",
                f"Close with this call to action: {direction.call_to_action}",
            ]
        )
    )
    if request.template:
        parts.append(
            "Follow the structure and wording of this template, filling in its gaps:\n"
            f'"""\n{request.template}\n"""'
        )
    if request.feedback:
        parts.append(feedback_section(request.feedback))
    return "\n\n".join(parts)


def messages(request: GenerationRequest) -> list[dict[str, str]]:
    """The chat messages of a draft request (system, then user)."""
    return [
        {"role": "system", "content": system_message(request)},
        {"role": "user", "content": user_message(request)},
    ]
