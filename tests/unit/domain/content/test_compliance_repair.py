"""trim_to_limit and repair_draft: fix what is mechanical, never make a draft worse."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance import (
    check_compliance,
    limits_for,
    repair_draft,
    trim_to_limit,
    weighted_length,
)
from umt.domain.content.compliance.repair import ELLIPSIS, strip_emoji
from umt.domain.content.draft import ContentFields, ContentType, Draft

WORDISH = re.compile(r"\w")


def test_text_within_the_limit_is_unchanged() -> None:
    assert trim_to_limit("  Short. ", 9) == "  Short. "


def test_trim_cuts_at_the_last_sentence_boundary_that_fits() -> None:
    text = "First one. Second one! Third one? Fourth."
    assert trim_to_limit(text, 25) == "First one. Second one!"
    assert trim_to_limit(text, 33) == "First one. Second one! Third one?"


def test_trim_treats_a_line_break_as_a_boundary() -> None:
    assert trim_to_limit("Big news\nWe moved to a new roastery downtown", 20) == "Big news"


def test_trim_falls_back_to_a_word_boundary_with_an_ellipsis() -> None:
    text = "An extraordinarily long opening sentence, without any stop for a while"
    trimmed = trim_to_limit(text, 30)
    assert trimmed == "An extraordinarily long…"
    assert len(trimmed) <= 30


def test_trim_drops_dangling_punctuation_before_the_ellipsis() -> None:
    assert trim_to_limit("Coffee, tea, and more things to drink", 13) == "Coffee, tea…"


def test_trim_returns_empty_when_no_word_fits() -> None:
    assert trim_to_limit("Supercalifragilistic", 5) == ""
    assert trim_to_limit("Anything", 0) == ""


def test_trim_honours_a_channel_length_function() -> None:
    url = "https://example.com/" + "x" * 60
    text = f"See {url} now. And more words here."
    trimmed = trim_to_limit(text, 32, length=weighted_length)
    assert trimmed == f"See {url} now."
    assert weighted_length(trimmed) == 4 + 23 + 5


texts = st.text(alphabet=st.sampled_from(list("abcdefghij  .,!?\n'-ëZ東京☕")), max_size=300)


@settings(max_examples=300, deadline=None)
@given(text=texts, limit=st.integers(min_value=0, max_value=320))
def test_trim_never_exceeds_the_limit_and_never_splits_a_word(text: str, limit: int) -> None:
    trimmed = trim_to_limit(text, limit)
    assert len(trimmed) <= limit
    core = trimmed.removesuffix(ELLIPSIS) if trimmed != text else trimmed
    assert text.startswith(core)
    if core and len(core) < len(text):
        assert not (WORDISH.match(core[-1]) and WORDISH.match(text[len(core)]))


def test_strip_emoji_tidies_spaces() -> None:
    assert strip_emoji("Hi 👋 team") == "Hi team"
    assert strip_emoji("🎉 Launch day") == "Launch day"
    assert strip_emoji("Done ✅\nNext") == "Done\nNext"
    assert strip_emoji("fr🎉ee") == "fr ee"  # never glue two words into one
    assert strip_emoji("Family 👨\u200d👩\u200d👧 time") == "Family time"


def test_repair_strips_emoji_under_policy_none() -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.NONE)
    draft = Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.LINKEDIN,
        title="New 🎉",
        body="We launched 🚀 today.",
    )
    repaired = repair_draft(draft, voice)
    assert (repaired.title, repaired.body) == ("New", "We launched today.")
    assert check_compliance(repaired, voice).passed


def test_repair_drops_hashtags_beyond_the_guide_and_keeps_the_first() -> None:
    voice = VoiceGuide(max_hashtags=2, emoji_policy=EmojiPolicy.FREE)
    draft = Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.LINKEDIN,
        body="Our #coffee is here.\n\n#beans #morning #roast",
        fields=ContentFields(hashtags=("Coffee", "espresso")),
    )
    repaired = repair_draft(draft, voice)
    assert repaired.fields.hashtags == ("Coffee", "espresso")
    assert repaired.body == "Our #coffee is here."
    assert check_compliance(repaired, voice).violations == ()


def test_repair_keeps_the_word_of_an_inline_hashtag_it_drops() -> None:
    voice = VoiceGuide(hashtag_policy=HashtagPolicy.NONE, emoji_policy=EmojiPolicy.FREE)
    draft = Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.LINKEDIN,
        body="We love #coffee and you. #beans #roast",
        fields=ContentFields(hashtags=("morning",)),
    )
    repaired = repair_draft(draft, voice)
    assert repaired.body == "We love coffee and you."
    assert repaired.fields.hashtags == ()


def test_repair_keeps_only_branded_hashtags_under_branded_only() -> None:
    voice = VoiceGuide(
        hashtag_policy=HashtagPolicy.BRANDED_ONLY,
        phrases_to_use=("#AcmeRoast",),
        emoji_policy=EmojiPolicy.FREE,
    )
    draft = Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.LINKEDIN,
        body="Morning cups. #acmeroast",
        fields=ContentFields(hashtags=("coffee", "AcmeCafe")),
    )
    repaired = repair_draft(draft, voice, branded_hashtags=("acmecafe",))
    assert repaired.fields.hashtags == ("AcmeCafe",)
    assert repaired.body == "Morning cups. #acmeroast"
    assert check_compliance(repaired, voice, branded_hashtags=("acmecafe",)).passed


def test_repair_trims_an_x_post_leaving_room_for_appended_hashtags() -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.FREE)
    body = " ".join(f"Sentence number {i} is here." for i in range(20))
    draft = Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=Channel.X,
        body=body,
        fields=ContentFields(hashtags=("coffee", "beans")),
    )
    repaired = repair_draft(draft, voice)
    assert repaired.body.endswith(".")
    assert body.startswith(repaired.body)
    assert len(repaired.body) + len(" #coffee #beans") <= 280
    assert check_compliance(repaired, voice).passed


def test_repair_trims_google_ads_headlines_each() -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.FREE)
    draft = Draft(
        content_type=ContentType.AD_COPY,
        channel=Channel.GOOGLE_ADS,
        fields=ContentFields(
            headlines=("Fresh roasted coffee delivered weekly", "Try it", "Order now"),
            descriptions=("Beans roasted this week.", "Free returns."),
        ),
    )
    repaired = repair_draft(draft, voice)
    assert repaired.fields.headlines == ("Fresh roasted coffee…", "Try it", "Order now")
    assert check_compliance(repaired, voice).passed


def test_repair_appends_a_missing_disclosure_when_it_fits() -> None:
    voice = VoiceGuide(required_disclosures=("#ad",), emoji_policy=EmojiPolicy.FREE)
    draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.X, body="Great beans.")
    repaired = repair_draft(draft, voice)
    assert repaired.body == "Great beans. #ad"
    assert check_compliance(repaired, voice).passed


def test_repair_does_not_append_a_disclosure_that_would_break_the_limit() -> None:
    voice = VoiceGuide(
        required_disclosures=("Paid partnership with Acme",), emoji_policy=EmojiPolicy.FREE
    )
    draft = Draft(
        content_type=ContentType.SOCIAL_POST, channel=Channel.X, body="word " * 54 + "end."
    )
    repaired = repair_draft(draft, voice)
    assert repaired.body == draft.body
    assert [v.code for v in check_compliance(repaired, voice).errors] == ["missing_disclosure"]


def test_repair_leaves_banned_words_for_regeneration() -> None:
    voice = VoiceGuide(banned_words=("cheap",), emoji_policy=EmojiPolicy.FREE)
    draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.X, body="Cheap beans.")
    assert repair_draft(draft, voice) == draft


def test_repair_skips_a_trim_that_would_drop_the_only_phrase_to_use() -> None:
    voice = VoiceGuide(phrases_to_use=("fresh roast",), emoji_policy=EmojiPolicy.FREE)
    body = "x" * 200 + ". Our fresh roast " + "y" * 100 + "."
    draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.X, body=body)
    assert repair_draft(draft, voice) == draft


WORDS = ["cheap", "risk", "free", "fresh", "roast", "coffee", "beans", "synergy", "great"]
EXTRAS = ["🎉", "#coffee", "#beans", "#ad", "https://example.com/x", ".", "!", "\n", "東京"]
bodies = st.lists(st.sampled_from(WORDS + EXTRAS), max_size=120).map(" ".join)
voices = st.builds(
    VoiceGuide,
    banned_words=st.just(("cheap",)),
    banned_claims=st.just(("risk free",)),
    phrases_to_avoid=st.just(("synergy",)),
    phrases_to_use=st.sampled_from([(), ("fresh roast",)]),
    required_disclosures=st.sampled_from([(), ("#ad",)]),
    reading_grade=st.sampled_from([None, 6]),
    emoji_policy=st.sampled_from(list(EmojiPolicy)),
    hashtag_policy=st.sampled_from(list(HashtagPolicy)),
    max_hashtags=st.integers(min_value=0, max_value=3),
)
drafts = st.builds(
    Draft,
    content_type=st.sampled_from([ContentType.SOCIAL_POST, ContentType.AD_COPY]),
    channel=st.sampled_from([Channel.X, Channel.INSTAGRAM, Channel.GOOGLE_ADS, Channel.PINTEREST]),
    title=st.sampled_from(["", "Great 🎉 coffee", "t" * 120]),
    body=bodies,
    fields=st.builds(
        ContentFields,
        hashtags=st.lists(st.sampled_from(["coffee", "beans", "roast", "ad"]), max_size=4).map(
            tuple
        ),
        headlines=st.lists(
            st.sampled_from(["Great coffee 🎉", "h" * 40, "fresh roast"]), max_size=4
        ).map(tuple),
        descriptions=st.lists(st.sampled_from(["Beans.", "d " * 60]), max_size=3).map(tuple),
    ),
)


@settings(max_examples=150, deadline=None)
@given(draft=drafts, voice=voices)
def test_repair_never_introduces_a_new_violation(draft: Draft, voice: VoiceGuide) -> None:
    before = check_compliance(draft, voice)
    repaired = repair_draft(draft, voice)
    after = check_compliance(repaired, voice)
    added = Counter((v.code, v.location) for v in after.violations) - Counter(
        (v.code, v.location) for v in before.violations
    )
    assert not added
    assert after.score >= before.score


@settings(max_examples=100, deadline=None)
@given(
    body=st.lists(st.sampled_from(["Fresh beans.", "We roast daily!", "Taste it?"]), max_size=60)
)
def test_repair_brings_plain_over_long_posts_within_the_hard_limit(body: list[str]) -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.FREE)
    draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.X, body=" ".join(body))
    repaired = repair_draft(draft, voice)
    hard = limits_for(Channel.X, ContentType.SOCIAL_POST).fields["body"].hard
    assert hard is not None
    assert weighted_length(repaired.body) <= hard
    assert "too_long" not in {v.code for v in check_compliance(repaired, voice).violations}


@settings(max_examples=150, deadline=None)
@given(draft=drafts, voice=voices)
def test_repair_is_idempotent(draft: Draft, voice: VoiceGuide) -> None:
    once = repair_draft(draft, voice)
    assert repair_draft(once, voice) == once


def test_a_later_step_can_enable_an_earlier_one() -> None:
    # Stripping the only emoji would empty the body (a new error), until the disclosure fills it.
    voice = VoiceGuide(emoji_policy=EmojiPolicy.NONE, required_disclosures=("#ad",))
    draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.X, body="🎉")
    repaired = repair_draft(draft, voice)
    assert repaired.body == "#ad"
    assert check_compliance(repaired, voice).passed


def test_repair_trims_a_youtube_description_by_bytes() -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.FREE)
    body = "Café crème, roasted daily. " * 250  # 6,750 bytes
    draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.YOUTUBE, body=body)
    repaired = repair_draft(draft, voice)
    assert len(repaired.body.encode()) <= 5000
    assert repaired.body.endswith("daily.")
    assert check_compliance(repaired, voice).passed
