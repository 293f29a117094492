"""The draft prompt: every part of the request reaches the messages, and the output schema
is a strict JSON schema whose replies parse into the right Draft."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import pytest
from tests.support.generation import AUDIENCE, VOICE, sample_request

from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy, VoiceGuide
from umt.domain.content.compliance import limits_for as compliance_limits
from umt.domain.content.compliance_report import Severity, Violation
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import BrandBrief, Direction, Length
from umt.ports.prompts import (
    FIELDS_BY_TYPE,
    PROMPT_VERSION,
    MalformedOutput,
    limits_for,
    messages,
    output_schema,
    parse_output,
    response_format,
    system_message,
    user_message,
)

# sha256 of the rendered prompt (both messages and every schema) of sample_request(), per
# version: if this test fails you changed the wording, so bump PROMPT_VERSION and record the
# new fingerprint under the new version (never edit an old one).
FINGERPRINTS = {
    "draft/1": "5d954c0e17a9e858aa89d1b3304e0acdf005a44a39dc9fa1fbfe8a52afb1fef7",
    # the sample (a LinkedIn post) reads the same: draft/2 changed other types' limits
    "draft/2": "5d954c0e17a9e858aa89d1b3304e0acdf005a44a39dc9fa1fbfe8a52afb1fef7",
    # the tone line asks for one of the tone words (compliance counts them)
    "draft/3": "f204df1d0594f37715ff45d8752f20b4594ef0ddcee65450c2866cdbca151539",
}


def _fingerprint() -> str:
    request = sample_request()
    rendered = {
        "messages": messages(request),
        "schemas": {t.value: output_schema(t) for t in ContentType},
    }
    return hashlib.sha256(json.dumps(rendered, sort_keys=True).encode()).hexdigest()


def test_the_wording_is_pinned_to_its_version() -> None:
    assert PROMPT_VERSION in FINGERPRINTS, "record a fingerprint for the new version"
    assert _fingerprint() == FINGERPRINTS[PROMPT_VERSION], (
        "the prompt changed: bump PROMPT_VERSION and record the new fingerprint (or"
        " tests/support/generation.py changed the sample request: re-record under this version)"
    )


def test_the_system_message_carries_the_brand_and_every_voice_rule() -> None:
    text = system_message(sample_request())
    for expected in (
        "Ledgerly",
        "finance software",
        "Accounting automation for mid-sized companies.",
        "Tone: warm, confident (write at least one of these words).",
        '"plan with confidence"',
        '"synergy"',
        '"cheap", "guarantee"',
        '"best in the world"',
        '"Terms apply."',
        "reading grade of about 8",
        "Use no emoji at all.",
        "at most 2 branded hashtags only",
        "Speak to finance leaders, first person plural.",
        "JSON object",
    ):
        assert expected in text, expected


def test_the_user_message_carries_topic_audience_limits_direction_template_and_feedback() -> None:
    feedback = (
        Violation(
            code="banned_word",
            severity=Severity.ERROR,
            message="uses the banned word 'cheap'",
            location="body",
            start=4,
            end=9,
        ),
    )
    request = sample_request(template="Struggling with {{ pain }}? Here is how.", feedback=feedback)
    text = user_message(request)
    for expected in (
        "social media post for LinkedIn about: closing the books faster",
        "- automatic bank reconciliation",
        "- audit trail",
        "Persona: Finance Fiona",
        "Age: 30 to 55",
        "Berlin, Vienna",
        "month-end close takes two weeks",
        "close the books in three days",
        "body: at most 3000 characters",
        "short: about 40 words",
        "Open with a question hook.",
        "Take the pain point angle.",
        "Close with this call to action: Book a demo",
        "Struggling with {{ pain }}? Here is how.",
        "[error] body: uses the banned word 'cheap'",
    ):
        assert expected in text, expected


def test_optional_parts_are_left_out_when_absent() -> None:
    request = sample_request(audience=None, key_points=(), template=None)
    text = user_message(request)
    assert "Audience" not in text
    assert "Key points" not in text
    assert "template" not in text
    assert "earlier draft" not in text


def test_policies_change_the_rules() -> None:
    voice = VoiceGuide(emoji_policy=EmojiPolicy.FREE, hashtag_policy=HashtagPolicy.NONE)
    text = system_message(sample_request(brand=BrandBrief(name="Plain", voice=voice)))
    assert "Emoji are welcome" in text
    assert "Use no hashtags" in text
    assert "Never use" not in text  # no banned words given, no such rule
    instagram = VoiceGuide(max_hashtags=30, hashtag_policy=HashtagPolicy.RELEVANT)
    request = sample_request(
        brand=BrandBrief(name="Gram", voice=instagram), channel=Channel.INSTAGRAM
    )
    assert "at most 30 relevant hashtags" in system_message(request)
    assert "hashtags: at most 30 on this channel" in user_message(request)


def test_channel_and_type_limits_reach_the_prompt() -> None:
    x = user_message(sample_request(channel=Channel.X))
    assert "body: at most 280 characters" in x
    email = user_message(sample_request(content_type=ContentType.EMAIL, channel=Channel.EMAIL))
    assert "subject: at most 78 characters" in email
    ads = user_message(sample_request(content_type=ContentType.AD_COPY, channel=Channel.GOOGLE_ADS))
    assert "headlines: 5, each at most 30 characters" in ads
    assert "descriptions: 2, each at most 90 characters" in ads
    blog = user_message(sample_request(content_type=ContentType.BLOG_POST, channel=Channel.BLOG))
    assert "meta description: at most 160 characters" in blog
    assert limits_for(ContentType.SOCIAL_POST, Channel.INSTAGRAM).max_hashtags == 30


def test_the_length_of_the_direction_sets_the_target() -> None:
    def words(length: Length) -> str:
        direction = Direction(hook="story", angle="benefit", call_to_action="Read", length=length)
        return user_message(sample_request(direction=direction))

    assert "long: about 250 words" in words(Length.LONG)
    assert "medium: about 120 words" in words(Length.MEDIUM)


def test_the_prompt_is_deterministic() -> None:
    assert messages(sample_request()) == messages(sample_request())
    assert [m["role"] for m in messages(sample_request())] == ["system", "user"]


@pytest.mark.parametrize("content_type", list(ContentType))
def test_the_schema_is_strict_and_lists_the_fields_of_the_type(content_type: ContentType) -> None:
    schema = output_schema(content_type)
    names = ["title", "body", *FIELDS_BY_TYPE[content_type]]
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert schema["required"] == names
    assert list(schema["properties"]) == names
    fmt = response_format(content_type)
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["name"] == f"umt_{content_type.value}_draft"
    assert fmt["json_schema"]["schema"] == schema


def test_a_reply_parses_into_the_draft_of_the_request() -> None:
    reply = {
        "title": " A title ",
        "body": "Body text.",
        "hashtags": ["#Ledgerly", "Ledgerly", "close"],
        "mentions": ["@fiona"],
        "links": ["https://ledgerly.example"],
        "call_to_action": "Book a demo",
    }
    draft = parse_output(json.dumps(reply), sample_request(locale="de"))
    assert draft.title == "A title"
    assert draft.body == "Body text."
    assert draft.fields.hashtags == ("Ledgerly", "close")
    assert draft.fields.mentions == ("fiona",)
    assert draft.fields.links == ("https://ledgerly.example",)
    assert draft.fields.call_to_action == "Book a demo"
    assert draft.channel is Channel.LINKEDIN
    assert draft.content_type is ContentType.SOCIAL_POST
    assert draft.locale == "de"


def test_an_email_reply_fills_subject_and_preheader() -> None:
    request = sample_request(content_type=ContentType.EMAIL, channel=Channel.EMAIL)
    reply = {"title": "", "body": "Hi.", "subject": "S", "preheader": "P", "call_to_action": "Go"}
    draft = parse_output(json.dumps(reply), request)
    assert (draft.fields.subject, draft.fields.preheader) == ("S", "P")
    assert draft.fields.hashtags == ()


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json {",
        "[1, 2]",
        json.dumps({"title": "t", "body": "b"}),  # the type's fields are missing
        json.dumps(
            {
                "title": "t",
                "body": " ",
                "hashtags": [],
                "mentions": [],
                "links": [],
                "call_to_action": "",
            }
        ),
        json.dumps(
            {
                "title": 3,
                "body": "b",
                "hashtags": [],
                "mentions": [],
                "links": [],
                "call_to_action": "",
            }
        ),
        json.dumps(
            {
                "title": "t",
                "body": "b",
                "hashtags": "x",
                "mentions": [],
                "links": [],
                "call_to_action": "",
            }
        ),
    ],
)
def test_malformed_replies_are_refused(text: str | None) -> None:
    with pytest.raises(MalformedOutput):
        parse_output(text, sample_request())


def test_sample_data_is_consistent() -> None:
    # the shared fixtures are the voice and audience the assertions above rely on
    assert VOICE.max_hashtags == 2
    assert AUDIENCE.persona_name == "Finance Fiona"
    assert replace(sample_request(), seed=1).seed == 1


@pytest.mark.parametrize("channel", list(Channel))
@pytest.mark.parametrize("content_type", list(ContentType))
def test_a_prompt_states_the_limits_the_compliance_check_enforces(
    content_type: ContentType, channel: Channel
) -> None:
    """One table: what a model is told to aim under never exceeds what the check allows."""
    told = limits_for(content_type, channel)
    table = compliance_limits(channel, content_type)
    for location, stated in (
        ("body", told.body_max_chars),
        ("title", told.title_max_chars),
        ("fields.subject", told.subject_max_chars),
        ("fields.headlines", told.headline_max_chars),
        ("fields.descriptions", told.description_max_chars),
        ("fields.meta_description", told.meta_description_max_chars),
    ):
        enforced = table.fields.get(location)
        assert stated == (None if enforced is None else enforced.target), location
    assert told.max_hashtags == table.max_hashtags
    headlines = table.counts.get("fields.headlines")
    if headlines is not None and told.headline_count:
        assert headlines.minimum <= told.headline_count
        assert headlines.maximum is None or told.headline_count <= headlines.maximum


def test_google_ads_prompts_ask_for_30_character_headlines_and_90_character_descriptions() -> None:
    told = limits_for(ContentType.AD_COPY, Channel.GOOGLE_ADS)
    assert (told.headline_max_chars, told.description_max_chars) == (30, 90)
    assert told.headline_count >= 3
