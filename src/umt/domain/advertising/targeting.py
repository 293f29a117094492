"""Who an ad set reaches: targeting built from the brand's audiences.

An audience's locations are free text; the ones written as ISO 3166-1 alpha-2 codes (``DE``,
``us``) become countries; the others (``Berlin``) name no place a platform can target and are
left out. Several audiences combine as a union: every country, the widest age range,
every interest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from umt.domain.advertising.errors import CampaignInvalid
from umt.domain.brand.audience import MAX_AGE, MIN_AGE, Audience
from umt.domain.shared.ids import AudienceId

GENDERS = frozenset({"female", "male"})
MAX_ITEMS = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class AdTargeting:
    """The audience of an ad set, as umt stores it (the port's ``Targeting`` is built from it)."""

    audience_ids: tuple[AudienceId, ...] = ()
    countries: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    genders: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for code in self.countries:
            if not _is_code(code, 2):
                raise CampaignInvalid(
                    f"{code!r} is not an ISO 3166-1 alpha-2 country", field="targeting.countries"
                )
        for code in self.languages:
            if not _is_code(code.upper(), 2):
                raise CampaignInvalid(
                    f"{code!r} is not an ISO 639-1 language", field="targeting.languages"
                )
        if not set(self.genders) <= GENDERS:
            raise CampaignInvalid("genders are female and/or male", field="targeting.genders")
        low = MIN_AGE if self.age_min is None else self.age_min
        high = MAX_AGE if self.age_max is None else self.age_max
        if not MIN_AGE <= low <= high <= MAX_AGE:
            raise CampaignInvalid(
                f"ages lie within {MIN_AGE}..{MAX_AGE}, the minimum first", field="targeting.age"
            )
        if max(len(self.countries), len(self.interests), len(self.languages)) > MAX_ITEMS:
            raise CampaignInvalid(f"at most {MAX_ITEMS} items per list", field="targeting")

    @classmethod
    def from_audiences(
        cls,
        audiences: Iterable[Audience],
        *,
        languages: Iterable[str] = (),
        genders: Iterable[str] = (),
        extra_countries: Iterable[str] = (),
    ) -> AdTargeting:
        """The union of ``audiences`` (at least one), plus what the audience model lacks."""
        chosen = list(audiences)
        countries: dict[str, None] = {}
        interests: dict[str, None] = {}
        for audience in chosen:
            for location in audience.locations:
                if _is_code(location.upper(), 2):
                    countries.setdefault(location.upper(), None)
            for interest in audience.interests:
                interests.setdefault(interest, None)
        for code in extra_countries:
            countries.setdefault(code.upper(), None)
        ranges = [a.age_range for a in chosen if a.age_range is not None]
        # one audience without an age range reaches every age: the union has no bound
        bounded = bool(chosen) and len(ranges) == len(chosen)
        return cls(
            audience_ids=tuple(a.id for a in chosen),
            countries=tuple(countries),
            age_min=min(r.minimum for r in ranges) if bounded else None,
            age_max=max(r.maximum for r in ranges) if bounded else None,
            genders=tuple(dict.fromkeys(g.lower() for g in genders)),
            languages=tuple(dict.fromkeys(code.lower() for code in languages)),
            interests=tuple(interests),
        )


def _is_code(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isalpha() and value.isupper()
