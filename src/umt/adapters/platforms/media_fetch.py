"""Fetching a post's media for platforms that take uploads instead of URLs (LinkedIn, X).

``MediaItem.url`` is a public https URL. Meta and Instagram fetch it themselves; LinkedIn's
Images API and X's media upload want the bytes, so the adapter downloads them through the same
egress-guarded client as every platform call (an internal address is refused before any
packet leaves), streaming with a size cap.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from umt.domain.integration.errors import (
    AddressRefused,
    ContentRejected,
    PlatformUnavailable,
    Rejection,
)
from umt.domain.shared.network import UnsafeDestination
from umt.ports.publisher import MediaItem

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # X's image limit; LinkedIn takes larger, 5 MB serves both


@dataclass(frozen=True, slots=True)
class FetchedMedia:
    content: bytes
    content_type: str
    filename: str


async def fetch_media(
    client: httpx.AsyncClient, platform: str, item: MediaItem, *, max_bytes: int = MAX_IMAGE_BYTES
) -> FetchedMedia:
    """The bytes behind ``item.url``. A missing or oversized file is ``ContentRejected``
    (media); an unreachable host ``PlatformUnavailable`` (nothing was published, retry later);
    an internal address ``AddressRefused``."""
    try:
        async with client.stream("GET", item.url) as response:
            if not response.is_success:
                status = response.status_code
                if status >= httpx.codes.INTERNAL_SERVER_ERROR:
                    raise PlatformUnavailable(
                        f"{platform}: the media host answered {status}", platform=platform
                    )
                raise ContentRejected(
                    f"{platform}: the media could not be fetched ({status})",
                    platform=platform,
                    rejection=Rejection.MEDIA,
                )
            chunks = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise ContentRejected(
                        f"{platform}: the media is larger than {max_bytes} bytes",
                        platform=platform,
                        rejection=Rejection.MEDIA,
                    )
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "").split(";")[0].strip()
    except UnsafeDestination as exc:
        raise AddressRefused(
            f"{platform}: media address refused: {exc.message}", platform=platform
        ) from None
    except httpx.HTTPError as exc:
        raise PlatformUnavailable(
            f"{platform}: the media host is unreachable ({type(exc).__name__})", platform=platform
        ) from None
    if not content_type.startswith(("image/", "video/")):
        raise ContentRejected(
            f"{platform}: the media is not an image or a video ({content_type or 'no type'})",
            platform=platform,
            rejection=Rejection.MEDIA,
        )
    filename = item.url.rstrip("/").rsplit("/", 1)[-1][:100] or "media"
    return FetchedMedia(content=b"".join(chunks), content_type=content_type, filename=filename)
