"""The Brand aggregate: identity, voice, styling, and its audiences and competitors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from umt.domain.brand import events as ev
from umt.domain.brand.audience import Audience, Competitor
from umt.domain.brand.errors import BrandIsArchived, DuplicateAudience, DuplicateCompetitor
from umt.domain.brand.voice import VisualStyling, VoiceGuide
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue, NotFound, StaleVersion
from umt.domain.shared.events import Changes, StatusChange
from umt.domain.shared.ids import AudienceId, BrandId, CompetitorId, OrganizationId
from umt.domain.shared.time_zones import require_time_zone
from umt.domain.shared.values import Slug, Url, require_text

BRAND_FIELDS = frozenset(
    {
        "name",
        "slug",
        "industry",
        "description",
        "website",
        "voice",
        "styling",
        "time_zone",
        "blackout_dates",
    }
)
AUDIENCE_FIELDS = frozenset(
    {
        "persona_name",
        "age_range",
        "locations",
        "interests",
        "pain_points",
        "goals",
        "preferred_channels",
    }
)
COMPETITOR_FIELDS = frozenset({"name", "website", "feed_urls", "notes"})


class BrandStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


MAX_BLACKOUT_DATES = 366


def blackout_dates(value: object) -> tuple[date, ...]:
    """The dates as a sorted tuple without repeats; ``InvalidValue`` for anything else."""
    if not isinstance(value, list | tuple | set | frozenset) or len(value) > MAX_BLACKOUT_DATES:
        raise InvalidValue(
            f"blackout_dates is a list of at most {MAX_BLACKOUT_DATES} dates",
            field="blackout_dates",
        )
    if not all(isinstance(d, date) and not isinstance(d, datetime) for d in value):
        raise InvalidValue("blackout_dates holds dates", field="blackout_dates")
    return tuple(sorted(set(value)))


def check_version(expected: int | None, current: int, what: str) -> None:
    """Optimistic concurrency: ``expected`` (from If-Match) must equal the current version."""
    if expected is not None and expected != current:
        raise StaleVersion(
            f"{what} is at version {current}, the change was made against version {expected}"
        )


@dataclass(slots=True, kw_only=True)
class Brand(AggregateRoot):
    id: BrandId
    organization_id: OrganizationId
    name: str
    slug: Slug
    industry: str = ""
    description: str = ""
    website: Url | None = None
    voice: VoiceGuide = field(default_factory=VoiceGuide)
    styling: VisualStyling = field(default_factory=VisualStyling)
    status: BrandStatus = BrandStatus.ACTIVE
    version: int = 1
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None
    time_zone: str = "UTC"  # IANA: where its calendar's wall times are planned
    # dates nothing is published on (read in each channel account's zone), sorted
    blackout_dates: tuple[date, ...] = ()
    audiences: dict[AudienceId, Audience] = field(default_factory=dict)
    competitors: dict[CompetitorId, Competitor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = require_text(self.name, field="name", max_length=200)
        self.industry = require_text(
            self.industry, field="industry", max_length=100, allow_empty=True
        )
        self.description = require_text(
            self.description, field="description", max_length=5000, allow_empty=True
        )
        self.time_zone = require_time_zone(self.time_zone)
        self.blackout_dates = blackout_dates(self.blackout_dates)

    @classmethod
    def create(
        cls,
        *,
        id: BrandId,
        organization_id: OrganizationId,
        name: str,
        slug: Slug | None,
        now: datetime,
        industry: str = "",
        description: str = "",
        website: Url | None = None,
        voice: VoiceGuide | None = None,
        styling: VisualStyling | None = None,
        time_zone: str = "UTC",
        blackout_dates: tuple[date, ...] = (),
    ) -> Brand:
        brand = cls(
            id=id,
            organization_id=organization_id,
            name=name,
            slug=slug or Slug.from_name_or(name, fallback=f"brand-{id.hex[-12:]}"),
            industry=industry,
            description=description,
            website=website,
            voice=voice or VoiceGuide(),
            styling=styling or VisualStyling(),
            time_zone=time_zone,
            blackout_dates=blackout_dates,
            created_at=now,
            updated_at=now,
        )
        brand._record(ev.BrandCreated, now, ev.BrandNamed(name=brand.name, slug=brand.slug.value))
        return brand

    # -- the brand itself -------------------------------------------------------------------

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, expected_version: int | None = None
    ) -> None:
        """Apply a partial update of brand fields; the caller's version must be current."""
        self._ensure_active()
        check_version(expected_version, self.version, "brand")
        _reject_unknown(changes, BRAND_FIELDS)
        candidate = replace(self, **changes, events=[])  # re-runs validation on a copy
        changed = sorted(k for k in changes if getattr(self, k) != getattr(candidate, k))
        if not changed:
            return
        diff = Changes.between(self, candidate, changed)
        for key in changed:
            setattr(self, key, getattr(candidate, key))
        self._bump(now)
        self._record(ev.BrandUpdated, now, diff)

    def archive(self, *, now: datetime, expected_version: int | None = None) -> None:
        check_version(expected_version, self.version, "brand")
        if self.status is BrandStatus.ARCHIVED:
            return  # idempotent: archiving twice is not an error and records nothing
        self.status = BrandStatus.ARCHIVED
        self.archived_at = now
        self._bump(now)
        self._record(ev.BrandArchived, now, _status_change(BrandStatus.ACTIVE, self.status))

    def restore(self, *, now: datetime, expected_version: int | None = None) -> None:
        check_version(expected_version, self.version, "brand")
        if self.status is BrandStatus.ACTIVE:
            return
        self.status = BrandStatus.ACTIVE
        self.archived_at = None
        self._bump(now)
        self._record(ev.BrandRestored, now, _status_change(BrandStatus.ARCHIVED, self.status))

    def mark_deleted(self, *, now: datetime, expected_version: int | None = None) -> None:
        check_version(expected_version, self.version, "brand")
        self._record(ev.BrandDeleted, now, ev.BrandGone(slug=self.slug.value, name=self.name))

    # -- audiences ---------------------------------------------------------------------------

    def add_audience(self, audience: Audience, *, now: datetime) -> None:
        self._ensure_active()
        self._ensure_unique_persona(audience.persona_name, audience.id)
        self.audiences[audience.id] = audience
        self._record(
            ev.AudienceAdded,
            now,
            ev.AudienceNamed(audience_id=audience.id, persona_name=audience.persona_name),
        )

    def update_audience(
        self,
        audience_id: AudienceId,
        changes: Mapping[str, Any],
        *,
        now: datetime,
        expected_version: int | None = None,
    ) -> Audience:
        self._ensure_active()
        current = self.audience(audience_id)
        check_version(expected_version, current.version, "audience")
        _reject_unknown(changes, AUDIENCE_FIELDS)
        updated = replace(current, **changes)
        changed = sorted(k for k in changes if getattr(current, k) != getattr(updated, k))
        if not changed:
            return current
        self._ensure_unique_persona(updated.persona_name, audience_id)
        updated.version = current.version + 1
        updated.updated_at = now
        self.audiences[audience_id] = updated
        self._record(
            ev.AudienceUpdated,
            now,
            ev.AudienceChanged(
                audience_id=audience_id, changes=Changes.between(current, updated, changed)
            ),
        )
        return updated

    def archive_audience(
        self, audience_id: AudienceId, *, now: datetime, expected_version: int | None = None
    ) -> Audience:
        self._ensure_active()
        audience = self.audience(audience_id)
        check_version(expected_version, audience.version, "audience")
        if audience.archived_at is None:
            audience.archived_at = now
            audience.version += 1
            audience.updated_at = now
            self._record(ev.AudienceArchived, now, ev.AudienceRef(audience_id=audience_id))
        return audience

    def remove_audience(
        self, audience_id: AudienceId, *, now: datetime, expected_version: int | None = None
    ) -> None:
        self._ensure_active()
        audience = self.audience(audience_id)
        check_version(expected_version, audience.version, "audience")
        del self.audiences[audience_id]
        self._record(ev.AudienceRemoved, now, ev.AudienceRef(audience_id=audience_id))

    def audience(self, audience_id: AudienceId) -> Audience:
        try:
            return self.audiences[audience_id]
        except KeyError:
            raise NotFound(f"audience {audience_id} not found") from None

    # -- competitors -------------------------------------------------------------------------

    def add_competitor(self, competitor: Competitor, *, now: datetime) -> None:
        self._ensure_active()
        self._ensure_unique_competitor(competitor.name, competitor.id)
        self.competitors[competitor.id] = competitor
        self._record(
            ev.CompetitorAdded,
            now,
            ev.CompetitorNamed(competitor_id=competitor.id, name=competitor.name),
        )

    def update_competitor(
        self,
        competitor_id: CompetitorId,
        changes: Mapping[str, Any],
        *,
        now: datetime,
        expected_version: int | None = None,
    ) -> Competitor:
        self._ensure_active()
        current = self.competitor(competitor_id)
        check_version(expected_version, current.version, "competitor")
        _reject_unknown(changes, COMPETITOR_FIELDS)
        updated = replace(current, **changes)
        changed = sorted(k for k in changes if getattr(current, k) != getattr(updated, k))
        if not changed:
            return current
        self._ensure_unique_competitor(updated.name, competitor_id)
        updated.version = current.version + 1
        updated.updated_at = now
        self.competitors[competitor_id] = updated
        self._record(
            ev.CompetitorUpdated,
            now,
            ev.CompetitorChanged(
                competitor_id=competitor_id, changes=Changes.between(current, updated, changed)
            ),
        )
        return updated

    def archive_competitor(
        self, competitor_id: CompetitorId, *, now: datetime, expected_version: int | None = None
    ) -> Competitor:
        self._ensure_active()
        competitor = self.competitor(competitor_id)
        check_version(expected_version, competitor.version, "competitor")
        if competitor.archived_at is None:
            competitor.archived_at = now
            competitor.version += 1
            competitor.updated_at = now
            self._record(ev.CompetitorArchived, now, ev.CompetitorRef(competitor_id=competitor_id))
        return competitor

    def remove_competitor(
        self, competitor_id: CompetitorId, *, now: datetime, expected_version: int | None = None
    ) -> None:
        self._ensure_active()
        competitor = self.competitor(competitor_id)
        check_version(expected_version, competitor.version, "competitor")
        del self.competitors[competitor_id]
        self._record(ev.CompetitorRemoved, now, ev.CompetitorRef(competitor_id=competitor_id))

    def competitor(self, competitor_id: CompetitorId) -> Competitor:
        try:
            return self.competitors[competitor_id]
        except KeyError:
            raise NotFound(f"competitor {competitor_id} not found") from None

    # -- internals ---------------------------------------------------------------------------

    def _ensure_active(self) -> None:
        if self.status is BrandStatus.ARCHIVED:
            raise BrandIsArchived(f"brand {self.slug} is archived; restore it to change it")

    def _ensure_unique_persona(self, persona_name: str, own_id: AudienceId) -> None:
        key = persona_name.casefold()
        for other in self.audiences.values():
            if other.id != own_id and other.persona_name.casefold() == key:
                raise DuplicateAudience(
                    f"the brand already has an audience named {persona_name!r}",
                    field="persona_name",
                )

    def _ensure_unique_competitor(self, name: str, own_id: CompetitorId) -> None:
        key = name.casefold()
        for other in self.competitors.values():
            if other.id != own_id and other.name.casefold() == key:
                raise DuplicateCompetitor(
                    f"the brand already tracks a competitor named {name!r}", field="name"
                )


def _status_change(before: BrandStatus, after: BrandStatus) -> StatusChange:
    return StatusChange(before.value, after.value)


def _reject_unknown(changes: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidValue(f"unknown fields: {sorted(unknown)}", field=sorted(unknown)[0])
