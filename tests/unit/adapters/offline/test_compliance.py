"""What the offline composer writes passes the brand-voice compliance check with no error, on
every content type, channel and direction, so generation never needs a repair pass for it."""

from __future__ import annotations

import pytest
from tests.unit.adapters.offline.support import BRAND, DIRECTIONS, TYPE_CHANNELS, request, voice

from umt.adapters.offline import compose
from umt.domain.brand.voice import EmojiPolicy, HashtagPolicy
from umt.domain.content.compliance import check_compliance
from umt.domain.content.compliance_report import Severity
from umt.domain.content.draft import ContentType

ALL = [(t, c) for t, channels in TYPE_CHANNELS.items() for c in channels]


@pytest.mark.parametrize(("content_type", "channel"), ALL)
def test_every_draft_passes_with_a_high_score(content_type: ContentType, channel: object) -> None:
    for direction in DIRECTIONS:
        for seed in range(3):
            draft = compose(
                request(content_type=content_type, channel=channel, direction=direction, seed=seed)  # type: ignore[arg-type]
            )
            report = check_compliance(draft, BRAND.voice)
            assert report.passed, report.errors
            # at most one warning: on X the phrase to use may not fit next to the disclosure
            assert report.score >= 95, report.violations


@pytest.mark.parametrize("policy", list(EmojiPolicy))
def test_strict_voices_pass_too(policy: EmojiPolicy) -> None:
    brand = voice(
        emoji_policy=policy,
        hashtag_policy=HashtagPolicy.BRANDED_ONLY,
        banned_words=("simple", "team", "today", "busywork"),
        required_disclosures=("Sponsored", "Terms apply"),
    )
    for content_type, channel in ALL:
        for direction in DIRECTIONS:
            draft = compose(
                request(
                    content_type=content_type, channel=channel, direction=direction, brand=brand
                )
            )
            report = check_compliance(draft, brand.voice, branded_hashtags=("AcmeHealth",))
            assert report.passed, report.errors
            assert not [v for v in report.violations if v.code.startswith("emoji")]
            assert all(v.severity is not Severity.ERROR for v in report.violations)
