"""What a reader notices: over many topics, the composer's drafts use the brand's tone words
and show none of the awkward joins the compliance check looks for ("onboarding new hires in a
day today", "hit a wall with how to hire faster")."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.unit.adapters.offline.support import AUDIENCE, DIRECTIONS, TYPE_CHANNELS, texts

from umt.adapters.offline import compose
from umt.adapters.offline.writer import as_noun_phrase, gerund
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance.joins import awkward_joins
from umt.ports.content_generator import BrandBrief, GenerationRequest

PAIRS = [(t, c) for t, channels in TYPE_CHANNELS.items() for c in channels]
WORDS = (
    "onboarding", "new", "hires", "payroll", "coffee", "analytics", "cloud", "security", "yoga",
    "studio", "email", "local", "bakery", "pricing", "hiring", "data", "AI", "customer",
    "support", "remote", "teams", "invoices", "cold", "brew", "long", "days", "launch",
)  # fmt: skip
# how topics are typed: a time they promise, a how-to or why clause, a plain noun phrase
TIMES = ("in a day", "in a week", "this week", "today", "in minutes", "this quarter", "now")
HOW = ("How to hire", "How to plan", "How to write", "How to get", "Why", "How to make")
TONES = ("warm", "practical", "witty", "clear", "friendly", "bold", "calm", "playful", "expert")

phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5, unique=True).map(" ".join)
topics = st.one_of(
    phrases,
    st.tuples(phrases, st.sampled_from(TIMES)).map(" ".join),
    st.tuples(st.sampled_from(HOW), phrases).map(" ".join),
    st.tuples(st.sampled_from(HOW), phrases, st.sampled_from(TIMES)).map(" ".join),
)


@st.composite
def requests(draw: st.DrawFn) -> GenerationRequest:
    content_type, channel = draw(st.sampled_from(PAIRS))
    voice = VoiceGuide(
        tone=tuple(draw(st.lists(st.sampled_from(TONES), min_size=1, max_size=3, unique=True))),
        phrases_to_use=draw(st.sampled_from(((), ("care, on time",)))),
        required_disclosures=draw(st.sampled_from(((), ("Sponsored",)))),
        emoji_policy=draw(st.sampled_from(EmojiPolicy)),
        hashtag_policy=HashtagPolicy.RELEVANT,
    )
    return GenerationRequest(
        brand=BrandBrief(name=draw(st.sampled_from(("Lumen HR", "Acme", "Zeta"))), voice=voice),
        topic=draw(topics),
        content_type=content_type,
        channel=channel,
        direction=draw(st.sampled_from(DIRECTIONS)),
        seed=draw(st.integers(0, 2**32)),
        audience=draw(st.sampled_from((None, AUDIENCE))),
    )


README_TOPIC = GenerationRequest(
    brand=BrandBrief(name="Lumen HR", voice=VoiceGuide(tone=("warm", "practical"))),
    topic="Onboarding new hires in a day",
    content_type=PAIRS[1][0],
    channel=PAIRS[1][1],  # LinkedIn, as in the README tour
    direction=DIRECTIONS[0],  # a question hook: "...the hours you spend on {topic} today?"
    seed=0,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
@example(README_TOPIC)
def test_drafts_use_the_tone_words_and_have_no_awkward_join(req: GenerationRequest) -> None:
    draft = compose(req)
    for value in texts(draft):
        assert awkward_joins(value) == [], value
    report = check_compliance(draft, req.brand.voice)
    codes = [v.code for v in report.violations]
    assert "awkward_join" not in codes
    assert "tone_keywords_absent" not in codes, draft.body
    assert report.passed, report.errors


def test_how_to_topics_read_as_noun_phrases() -> None:
    assert as_noun_phrase("How to hire faster") == "hiring faster"
    assert as_noun_phrase("how to plan a launch") == "planning a launch"
    assert as_noun_phrase("How to") == "How to"
    assert as_noun_phrase("payroll") == "payroll"
    assert [gerund(v) for v in ("get", "write", "see", "tie", "open", "visit", "fix")] == [
        "getting", "writing", "seeing", "tying", "opening", "visiting", "fixing",
    ]  # fmt: skip
