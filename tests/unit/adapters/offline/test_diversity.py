"""Variants differ: five directions give five different hooks, calls to action and bodies.

The bar: no two of the five bodies share more than 35% of their word 3-shingles (Jaccard).
Drafts of one request share the topic, the brand, the disclosure and the hashtags, so some
overlap is structural; near-duplicate removal in the variants use case works at much higher
similarity (0.8 and up is the usual near-duplicate line for shingled text), so 0.35 leaves a
wide margin while still failing if two directions fell back on the same sentences. Measured
over seeds 0..59 the worst pair per type was 0.19 (social), 0.18 (email), 0.25 (blog), 0.18
(ads), 0.28 (landing page, the most structured type) and 0.08 (video voice-over).
"""

from __future__ import annotations

import itertools

import pytest
from tests.unit.adapters.offline.support import DIRECTIONS, TYPE_CHANNELS, jaccard, request

from umt.adapters.offline import compose
from umt.adapters.offline.text import sentences
from umt.domain.content.draft import ContentType
from umt.ports.content_generator import Direction, Length

MAX_SIMILARITY = 0.35


@pytest.mark.parametrize("content_type", list(ContentType))
@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_five_directions_give_five_distinct_drafts(content_type: ContentType, seed: int) -> None:
    channel = TYPE_CHANNELS[content_type][0]
    drafts = [
        compose(request(content_type=content_type, channel=channel, direction=d, seed=seed))
        for d in DIRECTIONS
    ]
    bodies = [_prose(d.body) for d in drafts]
    for a, b in itertools.combinations(bodies, 2):
        assert jaccard(a, b) < MAX_SIMILARITY, (a, b)
    assert len({d.fields.call_to_action for d in drafts}) == len(DIRECTIONS)
    if content_type is ContentType.AD_COPY:  # an ad's title is one of its headlines
        assert len({d.fields.headlines for d in drafts}) == len(DIRECTIONS)
    else:
        assert len({d.title for d in drafts}) == len(DIRECTIONS)


def _prose(body: str) -> str:
    """A script's voice-over and on-screen text: its scene labels and camera directions are
    the format, alike in every variant, so they are left out of the comparison."""
    if not body.startswith("Scene 1"):
        return body
    return "\n".join(
        line.split(": ", 1)[1]
        for line in body.split("\n")
        if line.startswith(("Voice-over: ", "On-screen text: "))
    )


@pytest.mark.parametrize("seed", range(5))
def test_each_direction_opens_with_its_own_hook(seed: int) -> None:
    openings = [sentences(compose(request(direction=d, seed=seed)).body)[0] for d in DIRECTIONS]
    assert len(set(openings)) == len(DIRECTIONS)


def test_a_question_hook_asks_and_a_list_hook_lists() -> None:
    question = compose(request(direction=DIRECTIONS[0])).body
    assert question.split("\n")[0].endswith("?")
    listed = compose(request(direction=DIRECTIONS[3])).body
    items = [line for line in listed.split("\n") if line.startswith("- ")]
    assert len(items) >= 2
    assert listed.split("\n")[0].endswith(":")


@pytest.mark.parametrize("content_type", list(ContentType))
def test_a_longer_direction_writes_more(content_type: ContentType) -> None:
    channel = TYPE_CHANNELS[content_type][min(1, len(TYPE_CHANNELS[content_type]) - 1)]

    def size(length: Length) -> int:
        direction = Direction(
            hook="how_to", angle="benefit", call_to_action="contact", length=length
        )
        draft = compose(request(content_type=content_type, channel=channel, direction=direction))
        f = draft.fields
        bullets = draft.body.count("\n- ")
        return len(sentences(draft.body)) + bullets + len(f.headlines) + len(f.descriptions)

    assert size(Length.SHORT) < size(Length.MEDIUM) <= size(Length.LONG)


def test_a_call_to_action_written_out_is_used_as_written() -> None:
    direction = Direction(hook="question", angle="benefit", call_to_action="book a call with Sam")
    draft = compose(request(direction=direction))
    assert draft.fields.call_to_action == "Book a call with Sam"
    assert "Book a call with Sam." in draft.body


def test_an_unknown_hook_or_angle_still_picks_a_bank_stably() -> None:
    direction = Direction(hook="provocative musing", angle="nostalgia", call_to_action="shop")
    first = compose(request(direction=direction))
    assert first == compose(request(direction=direction))
    assert first.fields.call_to_action == "Shop now"
