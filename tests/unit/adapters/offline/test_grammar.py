"""Readable output: no placeholders or empty slots, no double spaces, capitalised sentences,
the right article, lines that end as sentences do; and the text helpers behind it."""

from __future__ import annotations

import re

import pytest
from tests.unit.adapters.offline.support import (
    DIRECTIONS,
    PLACEHOLDER,
    TYPE_CHANNELS,
    everything,
    request,
    texts,
)

from umt.adapters.offline import compose
from umt.adapters.offline.text import (
    capitalise,
    cut_words,
    hashtag,
    needs_an,
    sentences,
    slugify,
    tidy,
)
from umt.adapters.offline.writer import in_sentence
from umt.domain.content.draft import Draft

ALL = [(t, c) for t, channels in TYPE_CHANNELS.items() for c in channels]
TOPICS = ("appointment reminders", "an HR onboarding checklist", "eBay listings", "SEO audits")
ARTICLE = re.compile(r"\b([Aa]n?) ([\"']?)([A-Za-z0-9][\w'-]*)")


def _drafts() -> list[Draft]:
    return [
        compose(request(content_type=t, channel=c, direction=d, topic=topic, seed=seed))
        for t, c in ALL
        for d in DIRECTIONS
        for topic in TOPICS
        for seed in (1, 2)
    ]


DRAFTS = _drafts()


@pytest.mark.parametrize("draft", DRAFTS[::7])
def test_no_placeholder_and_no_empty_slot(draft: Draft) -> None:
    for text in texts(draft):
        assert not PLACEHOLDER.search(text), text
        assert "  " not in text
        assert not re.search(r" [,.;:!?]", text), text
        assert not re.search(r"[,;:]\.|\.\.|,,|: :|\(\)|\"\"", text), text
        assert text == text.strip()


@pytest.mark.parametrize("draft", DRAFTS[::5])
def test_articles_agree_with_the_next_word(draft: Draft) -> None:
    f = draft.fields  # keywords and slugs are lower-cased on purpose: no article check there
    prose = [draft.title, draft.body, f.subject, f.preheader, *f.headlines, *f.descriptions]
    for text in [*prose, f.meta_description]:
        for article, _, word in ARTICLE.findall(text):
            assert (article.casefold() == "an") == needs_an(word), (article, word, text)


@pytest.mark.parametrize("draft", DRAFTS[::3])
def test_sentences_start_with_a_capital_and_lines_end_like_sentences(draft: Draft) -> None:
    for line in draft.body.split("\n"):
        if not line or line.startswith(("#", "- ", "**", "Scene ", "The ")) or line.endswith(","):
            continue
        prose = line.split(": ", 1)[1] if line.startswith(("Visual:", "Voice-over:")) else line
        if line.startswith(("On-screen text:", "End card:")):
            continue
        assert prose[-1] in '.!?:"', line
        for sentence in sentences(prose):
            first = sentence.lstrip("\"'\u201c")[0]
            assert first.isupper() or first.isdigit() or not first.isalpha(), (sentence, line)


def test_tidy_repairs_spacing_articles_and_capitals() -> None:
    assert tidy("a  idea , for a hour.. then  a user ?") == "An idea, for an hour. Then a user?"
    assert tidy("it works. then it doesn't!  and a SEO plan") == (
        "It works. Then it doesn't! And an SEO plan"
    )
    assert tidy("line one\n\n\n\nline two") == "Line one\n\nLine two"


@pytest.mark.parametrize(
    ("word", "an"),
    [
        ("idea", True),
        ("hour", True),
        ("honest", True),
        ("user", False),
        ("unique", False),
        ("one", False),
        ("European", False),
        ("SEO", True),
        ("CRM", False),
        ("FAQ", True),
        ("8-step", True),
        ("5-step", False),
        ("plan", False),
    ],
)
def test_needs_an_goes_by_sound(word: str, an: bool) -> None:
    assert needs_an(word) is an


def test_helpers() -> None:
    assert capitalise("eBay listings") == "eBay listings"
    assert capitalise("appointment reminders") == "Appointment reminders"
    assert cut_words("Smarter appointment reminders for the team", 30) == (
        "Smarter appointment reminders"
    )
    assert cut_words("short", 30) == "short"
    assert slugify("It's time to rethink SEO audits!", 60) == "its-time-to-rethink-seo-audits"
    assert len(slugify("word " * 40, 60)) <= 60
    assert hashtag("remote team tools") == "RemoteTeamTools"
    assert hashtag("eBay & co.") == "eBayCo"
    assert sentences("One. Two? Three!") == ["One.", "Two?", "Three!"]


@pytest.mark.parametrize(
    ("typed", "mid_sentence"),
    [
        ("Onboarding new hires in a day", "onboarding new hires in a day"),
        ("AI tools", "AI tools"),
        ("Acme Cloud launch", "Acme Cloud launch"),
        ("iPhone tips", "iPhone tips"),
        ("coffee subscriptions", "coffee subscriptions"),
    ],
)
def test_a_sentence_case_topic_reads_lower_case_mid_sentence(typed: str, mid_sentence: str) -> None:
    assert in_sentence(typed) == mid_sentence


def test_a_typed_topic_is_not_capitalised_mid_sentence() -> None:
    """Seen in the README tour: "Getting Onboarding new hires in a day right..."."""
    for direction in DIRECTIONS:
        text = everything(
            compose(
                request(topic="Onboarding new hires in a day", direction=direction, audience=None)
            )
        )
        assert "from Onboarding" not in text
        for match in re.finditer("Onboarding new hires", text):
            before = text[: match.start()].rstrip(" \"'“")
            assert not before or before[-1] in ".!?:\n#", text
