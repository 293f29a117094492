"""Feedback from a failed compliance check is honoured; a content template is followed."""

from __future__ import annotations

import pytest
from tests.unit.adapters.offline.support import DIRECTIONS, everything, request, voice

from umt.adapters.offline import compose
from umt.adapters.offline.voice import has_emoji
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy
from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import Direction, Length


def _violation(code: str, message: str, location: str = "body") -> Violation:
    return Violation(code=code, severity=Severity.ERROR, message=message, location=location)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_word_the_report_quoted_is_avoided_next_time(direction: Direction) -> None:
    first = compose(request(direction=direction))
    # pick a word the first draft used and have the report point at it, as a checker would
    word = "appointment reminders" if "appointment reminders" in first.body else "Acme"
    again = compose(
        request(
            direction=direction,
            feedback=(_violation("phrase_to_avoid", f"{word!r} is not how we speak"),),
        )
    )
    assert word.casefold() in first.body.casefold()
    assert word.casefold() not in everything(again).casefold()
    assert again.body


@pytest.mark.parametrize("content_type", [ContentType.SOCIAL_POST, ContentType.EMAIL])
def test_a_length_violation_shortens_the_draft(content_type: ContentType) -> None:
    channel = Channel.LINKEDIN if content_type is ContentType.SOCIAL_POST else Channel.EMAIL
    direction = Direction(
        hook="story", angle="benefit", call_to_action="contact", length=Length.LONG
    )
    before = compose(request(content_type=content_type, channel=channel, direction=direction))
    after = compose(
        request(
            content_type=content_type,
            channel=channel,
            direction=direction,
            feedback=(_violation("length.exceeded", "the body is too long for the channel"),),
        )
    )
    assert len(after.body) < len(before.body)


def test_an_x_post_reported_too_long_aims_under_the_limit() -> None:
    after = compose(
        request(
            channel=Channel.X,
            direction=DIRECTIONS[1],
            feedback=(_violation("channel_limit", "280 characters exceeded"),),
        )
    )
    assert len(after.body) <= 224  # 80% of 280


def test_emoji_and_hashtag_violations_drop_them() -> None:
    brand = voice(emoji_policy=EmojiPolicy.FREE, max_hashtags=4)
    before = compose(request(brand=brand, channel=Channel.INSTAGRAM))
    after = compose(
        request(
            brand=brand,
            channel=Channel.INSTAGRAM,
            feedback=(
                _violation("emoji_policy", "emoji are not allowed here"),
                _violation("hashtags", "too many hashtags", "fields.hashtags"),
            ),
        )
    )
    assert has_emoji(before.body)
    assert not has_emoji(after.body)
    assert len(after.fields.hashtags) < len(before.fields.hashtags)


TEMPLATE = """Hello from the {brand} clinic team!

[hook]

[body]

Our promise: a revolutionary experience for every patient.

[cta] [unknown_marker]

[hashtags]"""


def test_a_template_with_markers_is_the_skeleton() -> None:
    brand = voice(banned_words=("revolutionary",))
    draft = compose(request(brand=brand, template=TEMPLATE))
    lines = draft.body.split("\n\n")
    assert lines[0] == "Hello from the Acme Health clinic team!"  # {brand} works too
    assert lines[1].endswith("?")  # the question hook where [hook] stood
    assert "revolutionary" not in draft.body  # its sentence broke the voice: dropped
    assert "[" not in draft.body
    assert "Results vary by practice." in draft.body  # appended: the template had no place
    assert draft.body.rstrip().endswith(" ".join(f"#{t}" for t in draft.fields.hashtags))
    assert draft == compose(request(brand=brand, template=TEMPLATE))


def test_a_template_without_markers_keeps_its_paragraphs_around_the_body() -> None:
    template = "Dear reader,\n\nThanks for being part of our community.\n\nWarmly, the clinic"
    draft = compose(
        request(content_type=ContentType.EMAIL, channel=Channel.EMAIL, template=template)
    )
    paragraphs = draft.body.split("\n\n")
    assert paragraphs[0] == "Dear reader,"
    assert paragraphs[-3:-1] == ["Thanks for being part of our community.", "Warmly, the clinic"]
    assert len(paragraphs) >= 5  # opening, body, call to action, the rest, disclosure
    assert draft.fields.subject  # the structured fields are still composed


def test_a_templated_x_post_stays_within_280() -> None:
    template = "[hook]\n\n[body]\n\n[cta]\n\n[disclosures]\n\n[hashtags]"
    for direction in DIRECTIONS:
        draft = compose(request(channel=Channel.X, direction=direction, template=template))
        assert len(draft.body) <= 280
        assert "Results vary by practice." in draft.body


def test_a_real_report_is_fed_back_and_repaired() -> None:
    # the brand bans a word after the first draft was written: the checker reports it, the
    # composer is asked again with the report and writes without it
    first = compose(request(direction=DIRECTIONS[2]))
    word = next(w for w in ("payoff", "team", "plan", "busywork") if w in first.body.casefold())
    strict = voice(banned_words=(word,))
    report = check_compliance(first, strict.voice)
    assert not report.passed
    again = compose(request(direction=DIRECTIONS[2], feedback=report.violations))
    assert check_compliance(again, strict.voice).passed


def test_what_a_report_asks_to_include_is_not_avoided() -> None:
    feedback = (
        _violation(
            "missing_disclosure",
            "the required disclosure 'Results vary by practice' does not appear",
        ),
        _violation(
            "tone_phrases_absent", "none of the voice's phrases to use appears ('care, on time')"
        ),
    )
    draft = compose(request(feedback=feedback))
    assert "Results vary by practice." in draft.body
    assert '"care, on time"' in draft.body
