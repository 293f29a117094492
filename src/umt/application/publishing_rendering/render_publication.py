"""Render an approved content version for one channel account, and turn it into the post sent.

``render_publication`` is what scheduling calls: the rendering and its violations (``ok`` false
while an error-level one remains; ``require_ok`` raises ``RenderingRefused``, a 422 problem).
``outgoing_post`` is what publishing calls: the ``OutgoingPost`` a ``Publisher`` takes, with the
publication's id as our reference; it refuses a rendering that is not ok, so nothing that breaks
a channel rule ever reaches a platform.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from umt.domain.attribution.utm import UtmTags
from umt.domain.brand.voice import VoiceGuide
from umt.domain.content.version import ContentVersion, MediaReference
from umt.domain.content.version import MediaKind as ContentMediaKind
from umt.domain.publishing.channel_account import ChannelAccount
from umt.domain.publishing.rendering import (
    Rendering,
    RenderingPreferences,
    render_for_channel,
)
from umt.ports.publisher import MediaItem, MediaKind, OutgoingPost

_MEDIA_KINDS = {ContentMediaKind.IMAGE: MediaKind.IMAGE, ContentMediaKind.VIDEO: MediaKind.VIDEO}


def render_publication(
    version: ContentVersion,
    account: ChannelAccount,
    *,
    media: Sequence[MediaReference] = (),
    voice: VoiceGuide | None = None,
    branded_hashtags: Collection[str] = (),
    preferences: RenderingPreferences | None = None,
    utm: UtmTags | None = None,
) -> Rendering:
    """``version`` (with its piece's ``media``) rendered for ``account``, checked against the
    brand's ``voice`` and the channel's rules; its link tagged with ``utm`` when given."""
    return render_for_channel(
        version.draft,
        kind=account.kind,
        channel=account.channel,
        media=media,
        voice=voice,
        branded_hashtags=branded_hashtags,
        preferences=preferences,
        utm=utm,
    )


def outgoing_post(
    rendering: Rendering, *, reference: str, send_at: datetime | None = None
) -> OutgoingPost:
    """The post to hand to the channel's ``Publisher``; ``RenderingRefused`` when the rendering
    breaks an error-level rule (it was refused at scheduling: a changed rule can still catch it)."""
    rendering.require_ok()
    return OutgoingPost(
        reference=reference,
        text=rendering.text,
        title=rendering.title,
        link=rendering.link,
        media=tuple(_media_item(item) for item in rendering.media),
        preview_text=rendering.preview_text,
        send_at=send_at,
    )


def _media_item(item: MediaReference) -> MediaItem:
    # an ok rendering holds images and videos only: check_media refuses the other kinds
    return MediaItem(
        url=item.url.value, kind=_MEDIA_KINDS[item.kind], alt_text=item.alt_text or None
    )
