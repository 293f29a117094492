"""Target audiences and competitors: entities inside the Brand aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.domain.brand.channels import Channel
from umt.domain.brand.errors import AgeRangeInvalid
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import AudienceId, CompetitorId
from umt.domain.shared.values import Url, clean_list, require_text

MIN_AGE = 13
MAX_AGE = 120
MAX_FEEDS = 20


@dataclass(frozen=True, slots=True)
class AgeRange:
    """An inclusive age range within 13..120 (marketing to children is out of scope)."""

    minimum: int
    maximum: int

    def __post_init__(self) -> None:
        if not (MIN_AGE <= self.minimum <= self.maximum <= MAX_AGE):
            raise AgeRangeInvalid(
                f"age range must satisfy {MIN_AGE} <= min <= max <= {MAX_AGE},"
                f" got {self.minimum}..{self.maximum}",
                field="age_range",
            )


@dataclass(slots=True, kw_only=True)
class Audience:
    id: AudienceId
    persona_name: str
    age_range: AgeRange | None = None
    locations: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    pain_points: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    preferred_channels: tuple[Channel, ...] = ()
    version: int = 1
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None

    def __post_init__(self) -> None:
        self.persona_name = require_text(self.persona_name, field="persona_name", max_length=120)
        self.locations = clean_list(self.locations, field="locations")
        self.interests = clean_list(self.interests, field="interests")
        self.pain_points = clean_list(self.pain_points, field="pain_points", max_length=500)
        self.goals = clean_list(self.goals, field="goals", max_length=500)
        self.preferred_channels = tuple(dict.fromkeys(Channel(c) for c in self.preferred_channels))


@dataclass(slots=True, kw_only=True)
class Competitor:
    id: CompetitorId
    name: str
    website: Url | None = None
    feed_urls: tuple[Url, ...] = ()
    notes: str = ""
    version: int = 1
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.notes = require_text(self.notes, field="notes", max_length=5000, allow_empty=True)
        self.feed_urls = tuple(dict.fromkeys(self.feed_urls))
        if len(self.feed_urls) > MAX_FEEDS:
            raise InvalidValue(f"at most {MAX_FEEDS} feed URLs", field="feed_urls")
