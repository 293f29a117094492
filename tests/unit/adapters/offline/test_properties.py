"""Property: for any topic, voice, direction, channel and seed the draft is non-empty, within
the channel's limits, obeys the voice, passes the compliance check with no error and is the
same when asked twice."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.adapters.offline.support import AUDIENCE, TYPE_CHANNELS, texts

from umt.adapters.offline import compose
from umt.adapters.offline.limits import ad_limit, post_limit
from umt.adapters.offline.text import hashtag
from umt.adapters.offline.voice import has_emoji
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance import check_compliance
from umt.domain.content.draft import ContentType, Draft
from umt.ports.content_generator import (
    BrandBrief,
    Direction,
    GenerationRequest,
    Length,
)

# words from the banks and from ordinary topics: banning them forces the fallbacks
VOCABULARY = (
    "simple", "team", "plan", "time", "clear", "today", "week", "work", "better", "growth",
    "payroll", "coffee", "analytics", "cloud", "security", "yoga", "studio", "email", "local",
    "bakery", "pricing", "hiring", "data", "AI", "onboarding", "customer", "support", "guide",
)  # fmt: skip
SAFE_PHRASES = ("care, first", "real people, real help", "no jargon")
DISCLOSURES = ("Terms apply", "Sponsored", "Results vary by practice")
HOOKS = ("question", "surprising_truth", "story", "bold_claim", "how_to", "list", "statistic")
ANGLES = ("pain_point", "benefit", "social_proof", "urgency", "curiosity", "comparison")
CTAS = ("learn_more", "book_demo", "try_free", "sign_up", "download", "contact", "comment")
PAIRS = [(t, c) for t, channels in TYPE_CHANNELS.items() for c in channels]

topics = st.one_of(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=7).map(" ".join),
    st.text(min_size=1, max_size=80),
)
free_text = st.text(alphabet=st.characters(categories=("L", "N", "Zs")), max_size=30)


@st.composite
def voices(draw: st.DrawFn) -> VoiceGuide:
    banned = draw(st.lists(st.sampled_from(VOCABULARY), max_size=6, unique=True))
    return VoiceGuide(
        phrases_to_use=tuple(draw(st.lists(st.sampled_from(SAFE_PHRASES), unique=True))),
        banned_words=tuple(banned),
        required_disclosures=tuple(draw(st.lists(st.sampled_from(DISCLOSURES), unique=True))),
        emoji_policy=draw(st.sampled_from(EmojiPolicy)),
        hashtag_policy=draw(st.sampled_from(HashtagPolicy)),
        max_hashtags=draw(st.integers(0, 10)),
    )


@st.composite
def requests(draw: st.DrawFn) -> GenerationRequest:
    content_type, channel = draw(st.sampled_from(PAIRS))
    return GenerationRequest(
        brand=BrandBrief(
            name=draw(st.sampled_from(("Acme", "Northwind Labs", "Zeta"))), voice=draw(voices())
        ),
        topic=draw(topics),
        content_type=content_type,
        channel=channel,
        direction=Direction(
            hook=draw(st.one_of(st.sampled_from(HOOKS), free_text)),
            angle=draw(st.one_of(st.sampled_from(ANGLES), free_text)),
            call_to_action=draw(st.one_of(st.sampled_from(CTAS), free_text)),
            length=draw(st.sampled_from(Length)),
        ),
        seed=draw(st.integers(0, 2**63)),
        audience=draw(st.sampled_from((None, AUDIENCE))),
        key_points=tuple(draw(st.lists(topics, max_size=4))),
    )


def _within_limits(draft: Draft) -> None:
    f = draft.fields
    if draft.content_type is ContentType.SOCIAL_POST:
        assert len(draft.body) <= post_limit(draft.channel).body
    if draft.content_type is ContentType.AD_COPY:
        limit = ad_limit(draft.channel)
        assert 1 <= len(f.headlines) <= 15
        assert len(f.descriptions) <= 4
        assert all(len(h) <= limit.headline for h in f.headlines)
        assert all(len(d) <= limit.description for d in f.descriptions)
    assert len(f.subject) <= 78
    assert len(f.preheader) <= 100
    assert len(f.meta_description) <= 160
    assert len(f.slug) <= 60
    if draft.content_type in {ContentType.EMAIL}:
        assert f.subject


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_any_request_gives_a_sound_draft(req: GenerationRequest) -> None:
    draft = compose(req)
    assert draft == compose(req)
    assert draft.title.strip()
    assert draft.body.strip()
    _within_limits(draft)
    voice = req.brand.voice
    text = "\n".join(texts(draft))
    for disclosure in voice.required_disclosures:
        assert f"{disclosure}." in draft.body
        text = text.replace(f"{disclosure}.", "")
    for word in voice.banned_words:
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE), word
    if voice.emoji_policy is EmojiPolicy.NONE:
        assert not has_emoji(text)
    assert len(draft.fields.hashtags) <= voice.max_hashtags
    if voice.hashtag_policy is HashtagPolicy.NONE:
        assert draft.fields.hashtags == ()
    report = check_compliance(draft, voice, branded_hashtags=(hashtag(req.brand.name),))
    assert report.passed, report.errors
    for value in texts(draft):  # (a user may write "None" as a call to action: only slots here)
        assert not re.search(r"[{}]|\[[a-z_]+\]", value), value
