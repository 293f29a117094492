"""Every content type, on each channel it is written for, has its fields, within limits."""

from __future__ import annotations

import re

import pytest
from tests.unit.adapters.offline.support import BRAND, DIRECTIONS, TYPE_CHANNELS, request

from umt.adapters.offline import compose
from umt.adapters.offline.limits import post_limit
from umt.adapters.offline.text import hashtag
from umt.domain.brand.channels import Channel
from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance.limits import double_width_length
from umt.domain.content.draft import ContentType, Draft

CASES = [(t, c, d) for t, channels in TYPE_CHANNELS.items() for c in channels for d in DIRECTIONS]
AD_LIMITS = {
    Channel.GOOGLE_ADS: (30, 90),
    Channel.META_ADS: (40, 90),
    Channel.LINKEDIN_ADS: (70, 150),
}


def _case_id(case: tuple[object, ...]) -> str:
    t, c, d = case
    return f"{t}-{c}-{d.hook}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_required_fields_within_limits(case: tuple[ContentType, Channel, object]) -> None:
    content_type, channel, direction = case
    draft = compose(
        request(content_type=content_type, channel=channel, direction=direction)  # type: ignore[arg-type]
    )
    assert draft.content_type is content_type
    assert draft.channel is channel
    assert draft.title
    assert draft.body
    assert draft.fields.call_to_action
    CHECKS[content_type](draft)


def _social(draft: Draft) -> None:
    assert len(draft.body) <= post_limit(draft.channel).body
    if draft.channel is Channel.X:  # a sentence is worth more than a hashtag in 280 characters
        assert len(draft.body) <= 280
        assert len(draft.fields.hashtags) <= 2
    else:
        assert 1 <= len(draft.fields.hashtags) <= 3
    assert all(f"#{t}" in draft.body for t in draft.fields.hashtags)
    assert all(re.fullmatch(r"[^\W_]+", t) for t in draft.fields.hashtags)
    prose = [p for p in draft.body.split("\n\n") if not p.startswith("#")]
    assert len(prose) >= 3  # hook, at least one sentence or the CTA, the disclosure


def _email(draft: Draft) -> None:
    f = draft.fields
    assert 0 < len(f.subject) <= 60
    assert 0 < len(f.preheader) <= 100
    assert f.preheader not in draft.body
    paragraphs = draft.body.split("\n\n")
    assert paragraphs[0].rstrip(",") in {"Hi there", "Hello", "Hi", "Hello there"}
    assert "The Acme Health team" in draft.body
    assert draft.body.index("The Acme Health team") < draft.body.index("Results vary by practice")
    assert len(paragraphs) >= 5


def _blog(draft: Draft) -> None:
    f = draft.fields
    assert len(draft.title) <= 60
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", f.slug)
    assert len(f.slug) <= 60
    assert 0 < len(f.meta_description) <= 155
    assert "appointment reminders" in f.keywords
    assert 1 <= len(f.keywords) <= 6
    headings = re.findall(r"^## (.+)$", draft.body, flags=re.MULTILINE)
    for point in ("Automate reminders", "Confirm by text", "Fill cancellations fast"):
        assert point in headings
    assert len(headings) == 4  # one per key point and the conclusion
    for section in draft.body.split("## ")[1:]:
        assert len(section.split("\n\n")[1]) > 40  # every heading has a paragraph


def _ads(draft: Draft) -> None:
    headline_max, description_max = AD_LIMITS[draft.channel]
    f = draft.fields
    assert 3 <= len(f.headlines) <= 15
    assert 2 <= len(f.descriptions) <= 4
    assert all(0 < len(h) <= headline_max for h in f.headlines)
    assert all(0 < len(d) <= description_max for d in f.descriptions)
    assert len({h.casefold() for h in f.headlines}) == len(f.headlines)
    assert f.call_to_action in f.headlines


def _landing(draft: Draft) -> None:
    assert draft.body.startswith(f"# {draft.title}\n\n")
    bullets = [line for line in draft.body.split("\n") if line.startswith("- ")]
    assert 3 <= len(bullets) <= 5
    assert f"**{draft.fields.call_to_action}**" in draft.body
    assert draft.fields.slug
    assert 0 < len(draft.fields.meta_description) <= 155


def _video(draft: Draft) -> None:
    scenes = re.findall(
        r"Scene (\d+) \((\d+):(\d\d)\u2013(\d+):(\d\d)\)\nVisual: .+\nVoice-over: .+\n"
        r"On-screen text: (.+)",
        draft.body,
    )
    assert len(scenes) in {3, 4, 6}
    assert [int(s[0]) for s in scenes] == list(range(1, len(scenes) + 1))
    ends = [int(s[3]) * 60 + int(s[4]) for s in scenes]
    starts = [int(s[1]) * 60 + int(s[2]) for s in scenes]
    assert starts[0] == 0
    assert starts[1:] == ends[:-1]  # scenes follow each other without gaps
    assert ends[-1] in {15, 30, 60}
    assert all(len(s[5]) <= 32 for s in scenes)
    assert scenes[-1][5] == draft.fields.call_to_action
    assert len(draft.title) <= 100
    assert "End card: Results vary by practice." in draft.body


CHECKS = {
    ContentType.SOCIAL_POST: _social,
    ContentType.EMAIL: _email,
    ContentType.BLOG_POST: _blog,
    ContentType.AD_COPY: _ads,
    ContentType.LANDING_PAGE: _landing,
    ContentType.VIDEO_SCRIPT: _video,
}


def test_a_blog_post_without_key_points_writes_its_own_sections() -> None:
    draft = compose(
        request(content_type=ContentType.BLOG_POST, channel=Channel.BLOG, key_points=())
    )
    headings = re.findall(r"^## (.+)$", draft.body, flags=re.MULTILINE)
    assert len(headings) >= 3
    assert len(set(headings)) == len(headings)


def test_a_long_topic_still_fits_every_limit() -> None:
    topic = "patient appointment reminder workflows for multi-location dental and physio clinics"
    for content_type, channels in TYPE_CHANNELS.items():
        for channel in channels:
            draft = compose(request(content_type=content_type, channel=channel, topic=topic))
            if content_type is ContentType.SOCIAL_POST:
                assert len(draft.body) <= post_limit(channel).body
            if content_type is ContentType.EMAIL:
                assert len(draft.fields.subject) <= 78
            assert all(len(h) <= 70 for h in draft.fields.headlines)
            assert len(draft.fields.meta_description) <= 160
            assert len(draft.fields.slug) <= 60


@pytest.mark.parametrize(
    "topic", ["ＡＢＣ全角文字テスト", "東京のカフェ営業時間について", "한국어 주제 데이터"]
)
@pytest.mark.parametrize("seed", range(6))
def test_google_ads_fields_fit_as_google_counts_wide_characters(topic: str, seed: int) -> None:
    """Google Ads counts East Asian wide and full-width characters twice: a headline of 28
    such characters is 56 long there, and the compliance check says so."""
    draft = compose(
        request(
            content_type=ContentType.AD_COPY, channel=Channel.GOOGLE_ADS, topic=topic, seed=seed
        )
    )
    report = check_compliance(draft, BRAND.voice, branded_hashtags=(hashtag(BRAND.name),))
    assert report.passed, report.errors
    assert all(double_width_length(h) <= 30 for h in draft.fields.headlines)
    assert all(double_width_length(d) <= 90 for d in draft.fields.descriptions)
