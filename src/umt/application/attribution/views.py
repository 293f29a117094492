"""The attribution report as returned: every key's credit under each model, side by side,
with what the credits are (an association, not causation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from umt.domain.attribution.journeys import Credit
from umt.domain.attribution.models import Attribution

PLACES = 6


@dataclass(frozen=True, slots=True)
class CreditView:
    conversions: float  # a share of the conversions (fractions count)
    value: float  # the same share of their value

    @classmethod
    def of(cls, credit: Credit) -> CreditView:
        return cls(round(credit.conversions, PLACES), round(credit.value, PLACES))


@dataclass(frozen=True, slots=True)
class AttributionRow:
    key: str  # the channel, campaign or content ("(not set)" for touchpoints without one)
    credits: Mapping[str, CreditView]  # by model name, in the report's model order


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributionReport:
    brand_id: UUID
    start: date  # the first and the last day of the range, in the brand's time zone
    end: date
    time_zone: str
    dimension: str
    models: tuple[str, ...]
    half_life_hours: float  # the time-decay model's
    interpretation: str  # association, not causation
    paths: int  # converting paths in the range
    unconverted_paths: int  # journeys that did not convert (the Markov model reads them)
    conversions: float
    value: float
    rows: tuple[AttributionRow, ...]  # by the first model's credit, largest first

    @classmethod
    def of(
        cls,
        found: Attribution,
        *,
        brand_id: UUID,
        start: date,
        end: date,
        time_zone: str,
        half_life_hours: float,
        interpretation: str,
    ) -> AttributionReport:
        rows = [
            AttributionRow(
                key,
                {model.value: CreditView.of(found.credit(model, key)) for model in found.models},
            )
            for key in found.keys
        ]
        first = found.models[0].value
        rows.sort(key=lambda r: (-r.credits[first].conversions, r.key))
        return cls(
            brand_id=brand_id,
            start=start,
            end=end,
            time_zone=time_zone,
            dimension=found.dimension.value,
            models=tuple(m.value for m in found.models),
            half_life_hours=half_life_hours,
            interpretation=interpretation,
            paths=found.paths,
            unconverted_paths=found.unconverted_paths,
            conversions=round(found.total.conversions, PLACES),
            value=round(found.total.value, PLACES),
            rows=tuple(rows),
        )
