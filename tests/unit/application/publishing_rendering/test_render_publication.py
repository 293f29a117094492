"""render_publication and outgoing_post: a version for an account, and the post a publisher gets."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from umt.application.publishing_rendering import outgoing_post, render_publication
from umt.domain.brand.channels import Channel
from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.version import Author, ContentVersion, MediaKind, MediaReference
from umt.domain.integration.integration import IntegrationId
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.channel_kinds import ChannelKind
from umt.domain.publishing.rendering import HashtagPlacement, RenderingPreferences, RenderingRefused
from umt.domain.shared.ids import (
    BrandId,
    ChannelAccountId,
    ContentVersionId,
    OrganizationId,
    UserId,
)
from umt.domain.shared.values import Url
from umt.ports.publisher import MediaItem
from umt.ports.publisher import MediaKind as PostMediaKind

NOW = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # the night Europe's clocks go forward
IMAGE = MediaReference(
    url=Url("https://cdn.example.com/a.jpg"), kind=MediaKind.IMAGE, alt_text="A cup"
)


def account(kind: ChannelKind, channel: Channel) -> ChannelAccount:
    return ChannelAccount(
        id=ChannelAccountId(UUID(int=1)),
        organization_id=OrganizationId(UUID(int=2)),
        brand_id=BrandId(UUID(int=3)),
        integration_id=IntegrationId(UUID(int=4)),
        kind=kind,
        external_id="17841400000000000",
        name="Roastery",
        channel=channel,
        time_zone="Europe/Berlin",
        created_at=NOW,
        updated_at=NOW,
    )


def version(body: str, **fields: object) -> ContentVersion:
    return ContentVersion(
        id=ContentVersionId(UUID(int=5)),
        number=2,
        draft=Draft(
            content_type=ContentType.SOCIAL_POST,
            channel=Channel.INSTAGRAM,
            title="Spring roast",
            body=body,
            fields=ContentFields(**fields),  # type: ignore[arg-type]  # test helper
        ),
        author=Author.user(UserId(UUID(int=6))),
        created_at=NOW,
    )


def test_an_instagram_post_with_hashtags_in_the_first_comment() -> None:
    rendering = render_publication(
        version("Spring is here.", hashtags=("coffee",), links=("https://example.com",)),
        account(ChannelKind.INSTAGRAM_ACCOUNT, Channel.INSTAGRAM),
        media=(IMAGE,),
        voice=VoiceGuide(),
        preferences=RenderingPreferences(hashtags=HashtagPlacement.FIRST_COMMENT),
    )
    assert rendering.ok, rendering.violations
    assert rendering.first_comment == "#coffee"
    post = outgoing_post(rendering, reference="pub-42", send_at=NOW)
    assert post.reference == "pub-42"
    assert post.text == "Spring is here.\n\nLink in bio."
    assert post.link is None
    assert post.title is None
    assert post.send_at == NOW
    assert post.media == (
        MediaItem(url="https://cdn.example.com/a.jpg", kind=PostMediaKind.IMAGE, alt_text="A cup"),
    )


def test_a_pin_carries_title_link_and_an_image_without_alt_text() -> None:
    bare = MediaReference(url=Url("https://cdn.example.com/b.png"), kind=MediaKind.IMAGE)
    rendering = render_publication(
        version("A new blend.", links=("https://example.com/blend",)),
        account(ChannelKind.PINTEREST_BOARD, Channel.PINTEREST),
        media=(bare,),
    )
    post = outgoing_post(rendering, reference="pub-7")
    assert (post.title, post.link, post.send_at) == (
        "Spring roast",
        "https://example.com/blend",
        None,
    )
    assert post.media[0].alt_text is None


def test_a_post_that_breaks_a_rule_is_refused_before_any_publisher_sees_it() -> None:
    rendering = render_publication(version("x" * 300), account(ChannelKind.X_ACCOUNT, Channel.X))
    assert not rendering.ok
    with pytest.raises(RenderingRefused) as raised:
        outgoing_post(rendering, reference="pub-9")
    assert [v.code for v in raised.value.violations] == ["too_long"]
