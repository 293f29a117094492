"""The voice guide is obeyed: banned words and claims and phrases to avoid never appear (not
even when the topic or the persona carries them: slot values are scrubbed), disclosures are
always there verbatim, and emoji and hashtag policies hold."""

from __future__ import annotations

import re

import pytest
from tests.unit.adapters.offline.support import (
    DIRECTIONS,
    TYPE_CHANNELS,
    everything,
    request,
    voice,
)

from umt.adapters.offline import compose
from umt.adapters.offline.voice import has_emoji
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy
from umt.domain.content.draft import ContentType

ALL = [(t, c) for t, channels in TYPE_CHANNELS.items() for c in channels]

# words the banks use, so banning them really forces the composer to choose other sentences
BANK_WORDS = ("simple", "team", "plan", "time", "busywork", "clear", "today", "week")


@pytest.mark.parametrize(("content_type", "channel"), ALL)
def test_banned_words_never_appear_even_from_the_topic(
    content_type: ContentType, channel: Channel
) -> None:
    brand = voice(banned_words=("revolutionary", "cheap", *BANK_WORDS), phrases_to_use=())
    for direction in DIRECTIONS:
        draft = compose(
            request(
                content_type=content_type,
                channel=channel,
                direction=direction,
                brand=brand,
                topic="revolutionary cheap appointment reminders",
            )
        )
        text = everything(draft).replace("Results vary by practice.", "")
        for word in ("revolutionary", "cheap", *BANK_WORDS):
            assert not re.search(rf"(?<!\w){word}(?!\w)", text, flags=re.IGNORECASE), (word, text)
        assert "appointment reminders" in text  # what is left of the topic is still used


@pytest.mark.parametrize(("content_type", "channel"), ALL)
def test_banned_claims_and_phrases_to_avoid_never_appear(
    content_type: ContentType, channel: Channel
) -> None:
    brand = voice(
        phrases_to_avoid=("game changer", "one place", "moves things forward"),
        banned_claims=("peace of mind", "quickest wins"),
    )
    for direction in DIRECTIONS:
        req = request(
            content_type=content_type,
            channel=channel,
            direction=direction,
            brand=brand,
            topic="the game changer for appointment reminders",
        )
        text = everything(compose(req)).casefold()
        for phrase in ("game changer", "one place", "moves things forward", "peace of mind"):
            assert phrase not in text
        assert "quickest wins" not in text


def test_a_persona_detail_with_a_banned_word_is_left_out() -> None:
    brand = voice(banned_words=("no-shows",))
    bodies = " ".join(
        compose(request(brand=brand, direction=d, seed=s)).body
        for d in DIRECTIONS
        for s in range(5)
    )
    assert "no-shows" not in bodies
    assert "manual reminder calls" in bodies  # the other pain point is still used


@pytest.mark.parametrize(("content_type", "channel"), ALL)
def test_required_disclosures_are_present_verbatim(
    content_type: ContentType, channel: Channel
) -> None:
    brand = voice(required_disclosures=("Results vary by practice", "Terms apply."))
    for direction in DIRECTIONS:
        req = request(content_type=content_type, channel=channel, direction=direction, brand=brand)
        body = compose(req).body
        assert "Results vary by practice." in body
        assert "Terms apply." in body


@pytest.mark.parametrize(("content_type", "channel"), ALL)
def test_no_emoji_when_the_policy_says_none(content_type: ContentType, channel: Channel) -> None:
    brand = voice(emoji_policy=EmojiPolicy.NONE)
    for direction in DIRECTIONS:
        req = request(
            content_type=content_type,
            channel=channel,
            direction=direction,
            brand=brand,
            topic="appointment reminders \U0001f680",
        )
        assert not has_emoji(everything(compose(req)))


def test_emoji_are_sparing_or_free_by_policy() -> None:
    def count(policy: EmojiPolicy) -> int:
        draft = compose(request(brand=voice(emoji_policy=policy), channel=Channel.INSTAGRAM))
        runs = "".join(ch if has_emoji(ch) else " " for ch in draft.body).split()
        return len(runs)

    assert count(EmojiPolicy.SPARING) == 1
    assert count(EmojiPolicy.FREE) == 2


def test_hashtag_policies() -> None:
    def tags(policy: HashtagPolicy, most: int = 3) -> tuple[str, ...]:
        brand = voice(hashtag_policy=policy, max_hashtags=most)
        draft = compose(request(brand=brand, channel=Channel.INSTAGRAM))
        assert all(f"#{t}" in draft.body for t in draft.fields.hashtags)
        assert draft.body.count("#") == len(draft.fields.hashtags)
        return draft.fields.hashtags

    assert tags(HashtagPolicy.NONE) == ()
    assert tags(HashtagPolicy.BRANDED_ONLY) == ("AcmeHealth",)
    relevant = tags(HashtagPolicy.RELEVANT, most=5)
    assert relevant[0] == "AppointmentReminders"
    assert {"PatientExperience", "HealthcareOperations", "AcmeHealth"} <= set(relevant)
    assert len(tags(HashtagPolicy.RELEVANT, most=2)) == 2
    assert tags(HashtagPolicy.RELEVANT, most=0) == ()


def test_phrases_to_use_and_persona_details_are_woven_in() -> None:
    drafts = [compose(request(direction=d, seed=s)) for d in DIRECTIONS for s in range(3)]
    with_phrase = [d for d in drafts if '"care, on time"' in d.body]
    assert len(with_phrase) == len(drafts)
    persona = ("no-shows", "manual reminder calls", "fuller schedules", "more time for patients")
    assert any(p in " ".join(d.body for d in drafts) for p in persona)
    # a post goes out from the brand's own account, so naming the brand is common, not required
    assert sum("Acme Health" in everything(d) for d in drafts) >= len(drafts) // 2
