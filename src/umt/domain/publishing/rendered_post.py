"""What a publication will send, frozen when it is scheduled.

The rendering (``render_for_channel``) of the approved version for the channel account is kept
on the publication, so the post sent at publish time is the one that was checked and shown on
the calendar: a later edit of the brand's voice or of the piece's media cannot change it behind
the user's back (rescheduling renders it again).
"""

from __future__ import annotations

from dataclasses import dataclass

from umt.domain.content.version import MediaReference
from umt.domain.publishing.rendering import Rendering
from umt.domain.shared.errors import InvalidValue

MAX_RENDERED_CHARS = 200_000


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedPost:
    """The fields a ``Publisher`` gets: text (HTML for blogs and email), title, link, media
    and an email's preview line."""

    text: str
    title: str | None = None
    link: str | None = None
    media: tuple[MediaReference, ...] = ()
    preview_text: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or len(self.text) > MAX_RENDERED_CHARS:
            raise InvalidValue("the rendered text is too long", field="rendering.text")
        object.__setattr__(self, "media", tuple(self.media))

    @classmethod
    def of(cls, rendering: Rendering) -> RenderedPost:
        """The snapshot of a rendering that passed its checks (``RenderingRefused`` if not)."""
        rendering.require_ok()
        return cls(
            text=rendering.text,
            title=rendering.title,
            link=rendering.link,
            media=rendering.media,
            preview_text=rendering.preview_text,
        )
