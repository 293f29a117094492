"""check_compliance: every check, its severity, its location and span, and the score."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance import check_compliance, feedback_lines
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
    assert check_compliance(post("cheap synergy, more synergy"), voice).score == 100 - 25 - 10
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


def test_google_ads_headlines_in_japanese_count_double_width() -> None:
    draft = Draft(
        content_type=ContentType.AD_COPY,
        channel=Channel.GOOGLE_ADS,
        locale="ja",
        fields=ContentFields(headlines=("新" * 15, "新" * 16, "ok"), descriptions=("d.", "e.")),
    )
    [violation] = check_compliance(draft, FREE).violations
    assert (violation.code, violation.location, violation.start, violation.end) == (
        "too_long",
        "fields.headlines[1]",
        15,
        16,
    )


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


def test_a_disclosure_hashtag_is_exempt_from_the_hashtag_rules() -> None:
    voice = VoiceGuide(
        hashtag_policy=HashtagPolicy.NONE,
        required_disclosures=("#ad",),
        emoji_policy=EmojiPolicy.FREE,
    )
    assert check_compliance(post("Great beans. #ad"), voice).violations == ()


def test_branded_only_flags_other_hashtags() -> None:
    voice = VoiceGuide(
        hashtag_policy=HashtagPolicy.BRANDED_ONLY,
        phrases_to_use=("#AcmeRoast",),
        emoji_policy=EmojiPolicy.FREE,
    )
    draft = post("Cups for all #acmeroast #coffee", hashtags=("AcmeCafe",))
    found = only(
        check_compliance(draft, voice, branded_hashtags=("#acmecafe",)), "hashtag_not_branded"
    )
    assert [text_at(draft, v) for v in found] == ["#coffee"]
    assert found[0].severity is Severity.ERROR


def test_reading_grade_is_reported_and_warned_only_two_grades_above_target() -> None:
    dense = (
        "Our comprehensively reengineered procurement methodology systematically "
        "operationalizes unprecedented organizational accountability throughout the "
        "international agricultural supply chain, guaranteeing traceability. Consequently, "
        "discerning institutional purchasers experience considerably diminished uncertainty."
    )
    simple = "We roast beans each day. You can taste them here. " * 3
    voice = VoiceGuide(reading_grade=8, emoji_policy=EmojiPolicy.FREE)
    high = check_compliance(post(dense), voice)
    assert high.reading_grade is not None
    assert high.reading_grade > 10
    [violation] = only(high, "reading_grade_too_high")
    assert (violation.severity, violation.location) == (Severity.WARNING, "body")
    low = check_compliance(post(simple), voice)
    assert low.reading_grade is not None
    assert low.reading_grade < 10
    assert low.violations == ()
    assert check_compliance(post(dense), FREE).violations == ()  # no target, no warning


def test_a_short_body_is_graded_but_never_warned() -> None:
    voice = VoiceGuide(reading_grade=1, emoji_policy=EmojiPolicy.FREE)
    report = check_compliance(
        post("Unprecedented organizational accountability, internationally."), voice
    )
    assert report.reading_grade is not None
    assert report.reading_grade > 3
    assert report.violations == ()


def test_no_body_no_grade() -> None:
    draft = Draft(
        content_type=ContentType.AD_COPY,
        channel=Channel.GOOGLE_ADS,
        fields=ContentFields(headlines=("a", "b", "c"), descriptions=("d.", "e.")),
    )
    assert check_compliance(draft, FREE).reading_grade is None


def test_absent_phrases_to_use_and_absent_tone_keywords_each_cost_a_warning() -> None:
    phrases = VoiceGuide(phrases_to_use=("fresh roast",), emoji_policy=EmojiPolicy.FREE)
    report = check_compliance(post("Coffee for you."), phrases)
    assert [(v.code, v.severity) for v in report.violations] == [
        ("tone_phrases_absent", Severity.WARNING)
    ]
    assert check_compliance(post("Our Fresh  Roast is in."), phrases).violations == ()
    tone = VoiceGuide(tone=("warm", "bold"), emoji_policy=EmojiPolicy.FREE)
    flat = check_compliance(post("Coffee for you."), tone)
    assert [(v.code, v.severity) for v in flat.violations] == [
        ("tone_keywords_absent", Severity.WARNING)
    ]
    assert flat.score == 95  # a draft that never sounds like the brand loses points
    assert check_compliance(post("A warm cup."), tone).violations == ()
    both = VoiceGuide(
        tone=("warm",), phrases_to_use=("fresh roast",), emoji_policy=EmojiPolicy.FREE
    )
    assert codes(check_compliance(post("Our fresh roast is in."), both)) == ["tone_keywords_absent"]
    assert check_compliance(post("A warm, fresh roast."), both).score == 100


@pytest.mark.parametrize(
    ("keyword", "body"),
    [
        ("warm", "Warmly yours."),
        ("warm", "The warmth of a good cup."),
        ("witty", "Said wittily."),
        ("clear", "Nothing could be clearer."),
        ("no-nonsense", "A No-nonsense plan."),
        ("down to earth", "Down to  earth advice."),
    ],
)
def test_a_tone_keyword_counts_in_the_forms_a_reader_takes_for_it(keyword: str, body: str) -> None:
    voice = VoiceGuide(tone=(keyword,), emoji_policy=EmojiPolicy.FREE)
    assert check_compliance(post(body), voice).violations == ()


@pytest.mark.parametrize("body", ["A cold day.", "Unclear on the plan.", "Warming up."])
def test_a_tone_keyword_inside_another_word_does_not_count(body: str) -> None:
    voice = VoiceGuide(tone=("warm", "clear", "bold"), emoji_policy=EmojiPolicy.FREE)
    assert codes(check_compliance(post(body), voice)) == ["tone_keywords_absent"]


def test_blog_post_needs_title_and_body_and_a_valid_slug() -> None:
    draft = Draft(
        content_type=ContentType.BLOG_POST,
        channel=Channel.BLOG,
        fields=ContentFields(slug="Bad Slug--x"),
    )
    located = {(v.code, v.location) for v in check_compliance(draft, FREE).errors}
    assert located == {
        ("required_field_empty", "title"),
        ("required_field_empty", "body"),
        ("invalid_slug", "fields.slug"),
    }


def test_blog_seo_title_and_meta_description_over_recommended_are_warnings() -> None:
    draft = Draft(
        content_type=ContentType.BLOG_POST,
        channel=Channel.BLOG,
        title="t" * 61,
        body="Body.",
        fields=ContentFields(slug="good-slug-2", meta_description="m" * 161),
    )
    report = check_compliance(draft, FREE)
    assert {(v.code, v.severity, v.location, v.start) for v in report.violations} == {
        ("longer_than_recommended", Severity.WARNING, "title", 60),
        ("longer_than_recommended", Severity.WARNING, "fields.meta_description", 160),
    }
    assert report.score == 90


def test_a_blank_headline_among_others_is_located() -> None:
    draft = Draft(
        content_type=ContentType.AD_COPY,
        channel=Channel.META_ADS,
        body="Fresh beans.",
        fields=ContentFields(headlines=("Fresh", "  ")),
    )
    assert [(v.code, v.location) for v in check_compliance(draft, FREE).violations] == [
        ("required_field_empty", "fields.headlines[1]")
    ]


def test_linkedin_ads_warn_over_recommended_and_error_over_hard() -> None:
    def ad(body: str) -> Draft:
        return Draft(
            content_type=ContentType.AD_COPY,
            channel=Channel.LINKEDIN_ADS,
            body=body,
            fields=ContentFields(headlines=("Fresh beans",)),
        )

    assert codes(check_compliance(ad("a" * 151), FREE)) == ["longer_than_recommended"]
    assert codes(check_compliance(ad("a" * 601), FREE)) == ["too_long"]


def test_meta_ads_lengths_are_recommendations() -> None:
    draft = Draft(
        content_type=ContentType.AD_COPY,
        channel=Channel.META_ADS,
        body="b" * 126,
        fields=ContentFields(headlines=("h" * 41,), descriptions=("d" * 31,)),
    )
    report = check_compliance(draft, FREE)
    assert report.passed
    assert {(v.location, v.start) for v in report.violations} == {
        ("body", 125),
        ("fields.headlines[0]", 40),
        ("fields.descriptions[0]", 30),
    }


def test_appended_hashtags_count_towards_a_post_limit() -> None:
    draft = post("a" * 275, channel=Channel.X, hashtags=("coffee",))
    [violation] = only(check_compliance(draft, FREE), "too_long")
    assert "hashtags appended" in violation.message
    assert (violation.start, violation.end) is not None
    assert violation.start is None  # the body alone fits: the hashtags push it over


def test_errors_come_first() -> None:
    voice = VoiceGuide(
        banned_words=("cheap",), phrases_to_avoid=("synergy",), emoji_policy=EmojiPolicy.FREE
    )
    report = check_compliance(post("synergy then cheap"), voice)
    assert [v.severity for v in report.violations] == [Severity.ERROR, Severity.WARNING]


def field_text(draft: Draft, location: str) -> str:
    f = draft.fields
    if location.startswith(("fields.headlines[", "fields.descriptions[", "fields.hashtags[")):
        name, index = location.removeprefix("fields.").rstrip("]").split("[")
        items: tuple[str, ...] = getattr(f, name)
        return items[int(index)]
    if location.startswith("fields."):
        value: str = getattr(f, location.removeprefix("fields."))
        return value
    value = getattr(draft, location)
    return value


WORDS = ["Cheap", "cheap", "risk", "FREE", "coffee", "synergy", "roast", "#beans", "#ad", "🎉"]
SEPARATORS = [" ", "  ", "\n", ". ", ", ", "-"]
prose = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)).map("".join), max_size=40
).map("".join)

SPAN_VOICE = VoiceGuide(
    banned_words=("cheap",),
    banned_claims=("risk free",),
    phrases_to_avoid=("synergy",),
    emoji_policy=EmojiPolicy.NONE,
    hashtag_policy=HashtagPolicy.NONE,
)


@settings(max_examples=200, deadline=None)
@given(
    body=prose,
    title=prose,
    headlines=st.lists(prose, max_size=3),
    channel=st.sampled_from([Channel.X, Channel.GOOGLE_ADS, Channel.META_ADS]),
)
def test_violation_spans_point_at_the_offending_text(
    body: str, title: str, headlines: list[str], channel: Channel
) -> None:
    draft = Draft(
        content_type=ContentType.AD_COPY,
        channel=channel,
        title=title,
        body=body,
        fields=ContentFields(headlines=tuple(headlines)),
    )
    for violation in check_compliance(draft, SPAN_VOICE).violations:
        if violation.start is None:
            assert violation.end is None
            continue
        assert violation.end is not None
        text = field_text(draft, violation.location)
        assert 0 <= violation.start < violation.end <= len(text)
        found = text[violation.start : violation.end]
        if violation.code == "banned_word":
            assert found.casefold() == "cheap"
        elif violation.code == "banned_claim":
            assert " ".join(found.casefold().split()) == "risk free"
        elif violation.code == "phrase_to_avoid":
            assert found.casefold() == "synergy"
        elif violation.code == "emoji_not_allowed":
            assert found == "🎉"
        elif violation.code == "hashtag_not_allowed":
            assert found.casefold() in {"#beans", "#ad"}
        elif violation.code in ("too_long", "longer_than_recommended"):
            assert violation.end == len(text)


def test_youtube_description_counts_bytes_and_rejects_angle_brackets() -> None:
    def video(title: str, body: str) -> Draft:
        return Draft(
            content_type=ContentType.SOCIAL_POST, channel=Channel.YOUTUBE, title=title, body=body
        )

    assert check_compliance(video("Roasting", "é" * 2500), FREE).passed  # 5,000 bytes
    [too_long] = check_compliance(video("Roasting", "é" * 2501), FREE).violations
    assert (too_long.code, too_long.start, too_long.end) == ("too_long", 2500, 2501)
    report = check_compliance(video("A <b> title", "ok"), FREE)
    assert [(v.code, v.location, v.start) for v in report.violations] == [
        ("forbidden_character", "title", 2),
        ("forbidden_character", "title", 4),
    ]


def test_instagram_allows_20_mentions_and_emails_are_not_mentions() -> None:
    names = " ".join(f"@friend{i}" for i in range(20))
    assert check_compliance(post(f"{names} hi@example.com", channel=Channel.INSTAGRAM), FREE).passed
    draft = post(f"{names} @one_more", channel=Channel.INSTAGRAM, mentions=("friend0",))
    [violation] = check_compliance(draft, FREE).violations
    assert violation.code == "too_many_mentions_for_channel"
    assert text_at(draft, violation) == "@one_more"


def test_feedback_lines_for_a_regeneration() -> None:
    voice = VoiceGuide(banned_words=("cheap",), tone=("warm",), emoji_policy=EmojiPolicy.FREE)
    report = check_compliance(post("Cheap and cheap and cheap."), voice)
    assert feedback_lines(report, limit=2) == [
        "error at body[0:5]: banned word 'Cheap' (the guide lists 'cheap')",
        "error at body[10:15]: banned word 'cheap' (the guide lists 'cheap')",
        "... and 2 more",  # the third, and the warning that no tone keyword appears
    ]
    note = Violation(code="note", severity=Severity.INFO, message="a note", location="body")
    noted = dataclasses.replace(report, violations=(*report.violations, note))
    assert len(feedback_lines(noted)) == 4  # the info is left out
    assert feedback_lines(noted, include_info=True)[-1] == "info at body: a note"


def test_no_english_grade_for_another_locale() -> None:
    voice = VoiceGuide(reading_grade=1, emoji_policy=EmojiPolicy.FREE)
    body = "Unsere außergewöhnlich nachhaltige Röstmethode überzeugt anspruchsvolle Kenner. " * 4
    german = Draft(
        content_type=ContentType.SOCIAL_POST, channel=Channel.LINKEDIN, body=body, locale="de"
    )
    report = check_compliance(german, voice)
    assert report.reading_grade is None
    assert report.violations == ()
    british = Draft(
        content_type=ContentType.SOCIAL_POST, channel=Channel.LINKEDIN, body=body, locale="en-GB"
    )
    assert check_compliance(british, voice).reading_grade is not None


def test_the_reported_grade_is_never_below_zero() -> None:
    """Flesch-Kincaid gives -2.6 for "A cheap trick."; a report shows grade 0."""
    report = check_compliance(
        Draft(
            content_type=ContentType.SOCIAL_POST, channel=Channel.LINKEDIN, body="A cheap trick."
        ),
        VoiceGuide(),
    )
    assert report.reading_grade == 0.0
