"""The limits table: what each channel and content type allows, and how X counts."""

from __future__ import annotations

import pytest

from umt.domain.brand.channels import Channel
from umt.domain.content.compliance import COMMENT_LIMITS, limits_for, weighted_length
from umt.domain.content.compliance.limits import Counting, overflow_index
from umt.domain.content.draft import ContentType

POST = ContentType.SOCIAL_POST


@pytest.mark.parametrize(
    ("channel", "content_type", "field", "hard", "recommended"),
    [
        (Channel.X, POST, "body", 280, None),
        (Channel.LINKEDIN, POST, "body", 3000, None),
        (Channel.FACEBOOK, POST, "body", 63206, None),
        (Channel.INSTAGRAM, POST, "body", 2200, None),
        (Channel.TIKTOK, POST, "body", 2200, None),
        (Channel.PINTEREST, POST, "title", 100, None),
        (Channel.PINTEREST, POST, "body", 500, None),
        (Channel.YOUTUBE, POST, "title", 100, None),
        (Channel.YOUTUBE, POST, "body", 5000, None),
        (Channel.YOUTUBE, ContentType.VIDEO_SCRIPT, "title", 100, None),
        (Channel.EMAIL, ContentType.EMAIL, "fields.subject", 150, 78),
        (Channel.EMAIL, ContentType.EMAIL, "fields.preheader", None, 100),
        (Channel.BLOG, ContentType.BLOG_POST, "fields.meta_description", None, 160),
        (Channel.BLOG, ContentType.BLOG_POST, "title", None, 60),
        (Channel.WEBSITE, ContentType.LANDING_PAGE, "fields.slug", 80, None),
        (Channel.GOOGLE_ADS, ContentType.AD_COPY, "fields.headlines", 30, None),
        (Channel.GOOGLE_ADS, ContentType.AD_COPY, "fields.descriptions", 90, None),
        (Channel.META_ADS, ContentType.AD_COPY, "body", None, 125),
        (Channel.META_ADS, ContentType.AD_COPY, "fields.headlines", None, 40),
        (Channel.LINKEDIN_ADS, ContentType.AD_COPY, "body", 600, 150),
        (Channel.LINKEDIN_ADS, ContentType.AD_COPY, "fields.headlines", 200, 70),
    ],
)
def test_the_table(
    channel: Channel,
    content_type: ContentType,
    field: str,
    hard: int | None,
    recommended: int | None,
) -> None:
    limit = limits_for(channel, content_type).fields[field]
    assert (limit.hard, limit.recommended) == (hard, recommended)
    assert limit.source  # every entry names its documentation page
    assert limit.target == (recommended if recommended is not None else hard)


def test_every_entry_of_every_combination_names_a_source() -> None:
    for channel in Channel:
        for content_type in ContentType:
            limits = limits_for(channel, content_type)
            assert all(limit.source for limit in limits.fields.values())
            assert all(count.source for count in limits.counts.values())
            assert limits.max_hashtags is None or limits.hashtag_source


def test_google_ads_counts_and_instagram_hashtags() -> None:
    google = limits_for(Channel.GOOGLE_ADS, ContentType.AD_COPY).counts
    assert (google["fields.headlines"].minimum, google["fields.headlines"].maximum) == (3, 15)
    assert (google["fields.descriptions"].minimum, google["fields.descriptions"].maximum) == (2, 4)
    assert limits_for(Channel.INSTAGRAM, POST).max_hashtags == 30
    assert limits_for(Channel.LINKEDIN, POST).max_hashtags is None


def test_a_video_script_body_is_not_a_caption() -> None:
    assert "body" not in limits_for(Channel.YOUTUBE, ContentType.VIDEO_SCRIPT).fields
    assert limits_for(Channel.EMAIL, ContentType.SOCIAL_POST).fields == {}


def test_linkedin_comments() -> None:
    assert COMMENT_LIMITS[Channel.LINKEDIN].hard == 1250


def test_located_list_items_share_their_field_limit() -> None:
    limits = limits_for(Channel.GOOGLE_ADS, ContentType.AD_COPY)
    assert limits.for_location("fields.headlines[7]") == limits.fields["fields.headlines"]
    assert limits.for_location("fields.slug") is None


def test_x_weighted_length() -> None:
    assert weighted_length("hello") == 5
    assert weighted_length("see https://example.com/" + "a" * 80 + " now") == 4 + 23 + 4
    assert weighted_length("東京") == 4
    assert weighted_length("☕") == 2
    assert weighted_length("👍🏽") == 2  # the skin-tone modifier adds nothing
    assert limits_for(Channel.X, POST).measure("東京") == 4
    assert limits_for(Channel.LINKEDIN, POST).measure("東京") == 2


def test_overflow_index_points_at_the_first_character_over() -> None:
    assert overflow_index("abcdef", 4) == 4
    assert overflow_index("ab東京", 3, Counting.X_WEIGHTED) == 2
    assert overflow_index("ab https://x.io/abc", 10, Counting.X_WEIGHTED) == 3
    assert overflow_index("abc", 10, Counting.X_WEIGHTED) == 3
    assert overflow_index("ab東京", 3, Counting.DOUBLE_WIDTH) == 2
    assert overflow_index("ab東京", 4, Counting.DOUBLE_WIDTH) == 3


def test_google_ads_count_double_width_characters_twice() -> None:
    limits = limits_for(Channel.GOOGLE_ADS, ContentType.AD_COPY)
    assert limits.counting is Counting.DOUBLE_WIDTH
    assert limits.measure("新鮮なコーヒー") == 14
    assert limits.measure("\uff26\uff52\uff45\uff53\uff48") == 10  # fullwidth "Fresh"
    assert limits.measure("Café") == 4
    assert limits_for(Channel.META_ADS, ContentType.AD_COPY).counting is Counting.CODE_POINTS


def test_youtube_fields_count_their_own_way() -> None:
    limits = limits_for(Channel.YOUTUBE, POST)
    assert limits.counting_for("body") is Counting.UTF8_BYTES
    assert limits.counting_for("title") is Counting.CODE_POINTS
    assert limits.measure("é", "body") == 2
    assert limits.measure("é", "title") == 1
    assert limits.fields["title"].forbidden == "<>"
    assert limits_for(Channel.INSTAGRAM, POST).max_mentions == 20
