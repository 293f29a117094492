"""check_compliance: every check, its severity, its location and span, and the score."""

from __future__ import annotations

import pytest

from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance_report import ComplianceReport, Severity, Violation
from umt.domain.content.draft import ContentFields, ContentType, Draft

FREE = VoiceGuide(emoji_policy=EmojiPolicy.FREE, max_hashtags=30)


def post(body: str, *, channel: Channel = Channel.LINKEDIN, **fields: object) -> Draft:
    return Draft(
        content_type=ContentType.SOCIAL_POST,
        channel=channel,
        body=body,
        fields=ContentFields(**fields),  # type: ignore[arg-type]
    )


def codes(report: ComplianceReport) -> list[str]:
    return [v.code for v in report.violations]


def only(report: ComplianceReport, code: str) -> list[Violation]:
    return [v for v in report.violations if v.code == code]


def text_at(draft: Draft, violation: Violation) -> str:
    assert violation.start is not None
    assert violation.end is not None
    return draft.body[violation.start : violation.end]


def test_a_clean_post_scores_100_and_passes() -> None:
    report = check_compliance(post("We roast coffee every morning. Come and taste it."), FREE)
    assert report.score == 100
    assert report.violations == ()
    assert report.passed


def test_banned_words_are_whole_word_case_insensitive_and_every_occurrence_is_located() -> None:
    voice = VoiceGuide(banned_words=("cheap",), emoji_policy=EmojiPolicy.FREE)
    draft = post("Cheap beans. Not cheapest, not cheaply made, but CHEAP and cheap!")
    found = only(check_compliance(draft, voice), "banned_word")
    assert [text_at(draft, v) for v in found] == ["Cheap", "CHEAP", "cheap"]
    assert all(v.severity is Severity.ERROR and v.location == "body" for v in found)


def test_banned_claims_match_across_whitespace_and_are_errors() -> None:
    voice = VoiceGuide(banned_claims=("risk free",), emoji_policy=EmojiPolicy.FREE)
    draft = post("Totally Risk\n  FREE. Brisk freedom is fine.")
    [violation] = only(check_compliance(draft, voice), "banned_claim")
    assert violation.severity is Severity.ERROR
    assert text_at(draft, violation) == "Risk\n  FREE"


def test_phrases_to_avoid_are_warnings_in_every_text_field() -> None:
    voice = VoiceGuide(phrases_to_avoid=("synergy",), emoji_policy=EmojiPolicy.FREE)
    draft = Draft(
        content_type=ContentType.EMAIL,
        channel=Channel.EMAIL,
        title="Synergy",
        body="Real synergy.",
        fields=ContentFields(subject="Our synergy plan", headlines=("a", "synergy now")),
    )
    found = only(check_compliance(draft, voice), "phrase_to_avoid")
    assert {(v.location, v.start, v.end) for v in found} == {
        ("title", 0, 7),
        ("body", 5, 12),
        ("fields.subject", 4, 11),
        ("fields.headlines[1]", 0, 7),
    }
    assert all(v.severity is Severity.WARNING for v in found)


def test_missing_disclosure_is_an_error_and_present_one_passes() -> None:
    voice = VoiceGuide(required_disclosures=("#ad",), emoji_policy=EmojiPolicy.FREE)
    missing = check_compliance(post("Great beans, #adventure awaits."), voice)
    assert codes(missing) == ["missing_disclosure"]
    assert missing.errors[0].location == "body"
    assert check_compliance(post("Great beans. #AD"), voice).passed


def test_score_is_100_minus_25_per_error_minus_5_per_warning_floor_0() -> None:
    voice = VoiceGuide(
        banned_words=("cheap",), phrases_to_avoid=("synergy",), emoji_policy=EmojiPolicy.FREE
    )
    assert check_compliance(post("cheap synergy synergy"), voice).score == 100 - 25 - 10
    assert check_compliance(post("cheap " * 5), voice).score == 0


def test_x_counts_urls_as_23_characters() -> None:
    url = "https://example.com/" + "a" * 100
    fits = post("x" * (280 - 24) + " " + url, channel=Channel.X)
    assert check_compliance(fits, FREE).passed
    over = post("x" * (280 - 23) + " " + url, channel=Channel.X)
    [violation] = only(check_compliance(over, FREE), "too_long")
    assert violation.severity is Severity.ERROR
    assert violation.start == 258  # the URL is what goes over
    assert violation.end == len(over.body)


@pytest.mark.parametrize(
    ("channel", "limit"),
    [
        (Channel.LINKEDIN, 3000),
        (Channel.FACEBOOK, 63206),
        (Channel.INSTAGRAM, 2200),
        (Channel.TIKTOK, 2200),
        (Channel.PINTEREST, 500),
        (Channel.YOUTUBE, 5000),
    ],
)
def test_post_body_limits_per_channel(channel: Channel, limit: int) -> None:
    assert check_compliance(post("a" * limit, channel=channel), FREE).passed
    report = check_compliance(post("a" * (limit + 1), channel=channel), FREE)
    [violation] = only(report, "too_long")
    assert (violation.start, violation.end) == (limit, limit + 1)


def test_email_subject_warns_over_78_and_errors_over_150() -> None:
    def email(subject: str) -> Draft:
        return Draft(
            content_type=ContentType.EMAIL,
            channel=Channel.EMAIL,
            body="Hello.",
            fields=ContentFields(subject=subject),
        )

    assert check_compliance(email("s" * 78), FREE).violations == ()
    warned = check_compliance(email("s" * 79), FREE)
    assert codes(warned) == ["longer_than_recommended"]
    assert warned.violations[0].location == "fields.subject"
    assert codes(check_compliance(email("s" * 151), FREE)) == ["too_long"]


def test_email_without_subject_is_an_error() -> None:
    draft = Draft(content_type=ContentType.EMAIL, channel=Channel.EMAIL, body="Hi.")
    report = check_compliance(draft, FREE)
    assert [(v.code, v.location) for v in report.errors] == [
        ("required_field_empty", "fields.subject")
    ]


def test_ad_copy_without_headlines_is_an_error() -> None:
    draft = Draft(content_type=ContentType.AD_COPY, channel=Channel.META_ADS, body="Buy.")
    assert ("required_field_empty", "fields.headlines") in [
        (v.code, v.location) for v in check_compliance(draft, FREE).errors
    ]


def test_google_ads_headline_and_description_limits_and_counts() -> None:
    draft = Draft(
        content_type=ContentType.AD_COPY,
        channel=Channel.GOOGLE_ADS,
        fields=ContentFields(headlines=("h" * 30, "h" * 31), descriptions=("d" * 91,)),
    )
    report = check_compliance(draft, FREE)
    located = {(v.code, v.location, v.start, v.end) for v in report.violations}
    assert located == {
        ("too_long", "fields.headlines[1]", 30, 31),
        ("too_long", "fields.descriptions[0]", 90, 91),
        ("too_few_items", "fields.headlines", None, None),
        ("too_few_items", "fields.descriptions", None, None),
    }


def test_hashtag_policy_none_flags_every_hashtag() -> None:
    voice = VoiceGuide(hashtag_policy=HashtagPolicy.NONE, emoji_policy=EmojiPolicy.FREE)
    draft = post("Fresh #coffee today, issue #1 fixed", hashtags=("beans",))
    found = only(check_compliance(draft, voice), "hashtag_not_allowed")
    assert [(v.location, v.start, v.end) for v in found] == [
        ("body", 6, 13),
        ("fields.hashtags[0]", None, None),
    ]


def test_more_hashtags_than_the_guide_allows_is_a_warning_at_the_first_extra() -> None:
    voice = VoiceGuide(max_hashtags=2, emoji_policy=EmojiPolicy.FREE)
    draft = post("Beans #one #Two #two #three", hashtags=("one",))
    [violation] = only(check_compliance(draft, voice), "too_many_hashtags")
    assert violation.severity is Severity.WARNING
    assert text_at(draft, violation) == "#three"


def test_instagram_allows_30_hashtags_at_most() -> None:
    tags = tuple(f"tag{i}" for i in range(31))
    report = check_compliance(post("Beans.", channel=Channel.INSTAGRAM, hashtags=tags), FREE)
    [violation] = only(report, "too_many_hashtags_for_channel")
    assert violation.severity is Severity.ERROR
    assert violation.location == "fields.hashtags[30]"


def test_emoji_none_is_an_error_per_emoji_with_its_span() -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.NONE)
    draft = post("Hi 👋🏽 team 👨\u200d👩\u200d👧 and 🇫🇷!")
    found = only(check_compliance(draft, voice), "emoji_not_allowed")
    assert [text_at(draft, v) for v in found] == ["👋🏽", "👨\u200d👩\u200d👧", "🇫🇷"]


def test_emoji_sparing_warns_above_three() -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.SPARING)
    assert check_compliance(post("a ☕ b ☕ c ☕"), voice).violations == ()
    draft = post("a ☕ b ☕ c ☕ d 🎉")
    [violation] = only(check_compliance(draft, voice), "too_many_emoji")
    assert text_at(draft, violation) == "🎉"
