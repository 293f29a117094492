"""What the attribution models read: each path as the keys of its touchpoints in one
dimension (channels, campaigns or contents), their times, and its outcome; and what they
give: each key's credit, in conversions and in conversion value.

Every model splits each conversion (and its value) among keys, so a model's credits add up to
the conversions (and the value) of the paths it read: an association between touchpoints and
conversions, not the effect a touchpoint caused (docs/attribution.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from umt.domain.attribution.paths import ConversionPath, Dimension


@dataclass(frozen=True, slots=True)
class Journey:
    """One path in one dimension: ``steps[i]`` touched at ``times[i]``."""

    steps: tuple[str, ...]
    times: tuple[datetime, ...]
    ended_at: datetime
    converted: bool
    value: float = 0.0

    @classmethod
    def of(cls, path: ConversionPath, dimension: Dimension) -> Journey:
        return cls(
            steps=tuple(t.key(dimension) for t in path.touchpoints),
            times=tuple(t.at for t in path.touchpoints),
            ended_at=path.ended_at,
            converted=path.converted,
            value=float(path.value),
        )


@dataclass(frozen=True, slots=True)
class Credit:
    """A key's share of the conversions (a fraction of a conversion counts) and of their
    value."""

    conversions: float = 0.0
    value: float = 0.0

    def __add__(self, other: Credit) -> Credit:
        return Credit(self.conversions + other.conversions, self.value + other.value)

    def scaled(self, factor: float) -> Credit:
        return Credit(self.conversions * factor, self.value * factor)


Credits = dict[str, Credit]


def add(credits: Credits, key: str, credit: Credit) -> None:
    credits[key] = credits.get(key, Credit()) + credit


def totals(journeys: Iterable[Journey]) -> Credit:
    """The conversions and value the converting journeys hold (what every model splits)."""
    total = Credit()
    for journey in journeys:
        if journey.converted:
            total += Credit(1.0, journey.value)
    return total


def sorted_credits(credits: Mapping[str, Credit]) -> Credits:
    return {key: credits[key] for key in sorted(credits)}
