"""What performers are ranked by: a count metric (its change over the range), or a rate of
two (engagements per impression, …). Money metrics are left out: they come per currency."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.metrics import MONEY_METRICS, Metric

ENGAGEMENTS = (Metric.LIKES, Metric.COMMENTS, Metric.SHARES, Metric.SAVES)


class Rate(StrEnum):
    ENGAGEMENT_RATE = "engagement_rate"  # likes + comments + shares + saves per impression
    CLICK_THROUGH_RATE = "click_through_rate"  # clicks per impression
    OPEN_RATE = "open_rate"  # opens per delivered email
    CONVERSION_RATE = "conversion_rate"  # conversions per click


RATE_PARTS: dict[Rate, tuple[tuple[Metric, ...], Metric]] = {
    Rate.ENGAGEMENT_RATE: (ENGAGEMENTS, Metric.IMPRESSIONS),
    Rate.CLICK_THROUGH_RATE: ((Metric.CLICKS,), Metric.IMPRESSIONS),
    Rate.OPEN_RATE: ((Metric.OPENS,), Metric.DELIVERED),
    Rate.CONVERSION_RATE: ((Metric.CONVERSIONS,), Metric.CLICKS),
}


@dataclass(frozen=True, slots=True)
class Measure:
    """A count metric or a rate, by its name."""

    name: str

    @classmethod
    def parse(cls, name: str, *, field: str = "measure") -> Measure:
        if name in Rate.__members__.values() or name in _COUNTS:
            return cls(name)
        raise InvalidValue(
            f"unknown measure {name!r}; use a count metric or one of {sorted(Rate)}", field=field
        )

    @property
    def rate(self) -> Rate | None:
        return Rate(self.name) if self.name in Rate.__members__.values() else None

    @property
    def metrics(self) -> frozenset[Metric]:
        """The metrics whose rollups it reads."""
        rate = self.rate
        if rate is None:
            return frozenset({Metric(self.name)})
        numerator, denominator = RATE_PARTS[rate]
        return frozenset({*numerator, denominator})

    def numerator(self, sums: dict[Metric, float]) -> float:
        rate = self.rate
        if rate is None:
            return sums.get(Metric(self.name), 0.0)
        return sum(sums.get(m, 0.0) for m in RATE_PARTS[rate][0])

    def denominator(self, sums: dict[Metric, float]) -> float | None:
        """The trials of a rate (None for a count)."""
        rate = self.rate
        return None if rate is None else sums.get(RATE_PARTS[rate][1], 0.0)


_COUNTS = frozenset(m.value for m in Metric if m not in MONEY_METRICS)
