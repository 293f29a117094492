"""UTM tags: what umt adds to the links of the posts it publishes, and how a tagged click is
read back as a touchpoint.

umt tags a post's link with ``utm_source`` (the channel: ``linkedin``, ``email``),
``utm_medium`` (``social``, ``email``, ``owned`` for a blog or website, ``paid`` for ads),
``utm_campaign`` (the piece's project, when it has one) and ``utm_content`` (the piece's id).
A link that already carries any ``utm_`` parameter is the author's own tagging and is left
exactly as it is. Reading back, ``utm_source`` is the touchpoint's channel (required: an
untagged click is not attributable), ``utm_campaign`` its campaign and ``utm_content`` its
content (``utm_medium`` and ``utm_term`` are not part of a touchpoint).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from umt.domain.brand.channels import Channel
from umt.domain.shared.errors import InvalidValue

UTM_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
MAX_TAGGED_URL = 2048

_MEDIUMS = {
    Channel.EMAIL: "email",
    Channel.BLOG: "owned",
    Channel.WEBSITE: "owned",
    Channel.GOOGLE_ADS: "paid",
    Channel.META_ADS: "paid",
    Channel.LINKEDIN_ADS: "paid",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class UtmTags:
    source: str
    medium: str
    campaign: str = ""
    content: str = ""

    @classmethod
    def for_post(cls, channel: Channel, *, campaign: str = "", content: str = "") -> UtmTags:
        """The tags of a link umt publishes on ``channel``."""
        return cls(
            source=channel.value,
            medium=_MEDIUMS.get(channel, "social"),
            campaign=campaign,
            content=content,
        )

    def parameters(self) -> list[tuple[str, str]]:
        given = (
            ("utm_source", self.source),
            ("utm_medium", self.medium),
            ("utm_campaign", self.campaign),
            ("utm_content", self.content),
        )
        return [(name, value) for name, value in given if value]


def has_utm(url: str) -> bool:
    """Whether ``url``'s query names any ``utm_`` parameter (the author's own tagging)."""
    query = urlsplit(url).query
    return any(name.lower().startswith("utm_") for name, _ in parse_qsl(query, True))


def tag_url(url: str, tags: UtmTags) -> str:
    """``url`` with ``tags`` appended to its query (its fragment kept); unchanged when it
    already carries ``utm_`` parameters or when tagging would make it longer than a URL may
    be."""
    if has_utm(url):
        return url
    parts = urlsplit(url)
    added = urlencode(tags.parameters())
    query = f"{parts.query}&{added}" if parts.query else added
    tagged = urlunsplit(parts._replace(query=query))
    return tagged if len(tagged) <= MAX_TAGGED_URL else url


@dataclass(frozen=True, slots=True)
class UtmTouch:
    """What a tagged click says: the touchpoint's channel, campaign and content."""

    channel: str
    campaign: str
    content: str


def utm_of_url(url: str) -> dict[str, str]:
    """The ``utm_`` parameters of ``url``'s query (the first of each, names in lower case)."""
    found: dict[str, str] = {}
    for name, value in parse_qsl(urlsplit(url).query, True):
        key = name.lower()
        if key in UTM_PARAMETERS and key not in found:
            found[key] = value
    return found


def touch_of(parameters: Mapping[str, str]) -> UtmTouch:
    """The touchpoint a click with these ``utm_`` parameters stands for; ``InvalidValue``
    without ``utm_source``."""
    source = " ".join(parameters.get("utm_source", "").split()).lower()
    if not source:
        raise InvalidValue("the click has no utm_source: it names no channel", field="utm_source")
    return UtmTouch(
        channel=source,
        campaign=parameters.get("utm_campaign", ""),
        content=parameters.get("utm_content", ""),
    )
