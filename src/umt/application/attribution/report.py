"""GetAttributionReport: a brand's conversions over a date range shared out among the
channels (campaigns, contents) that preceded them, by every model asked for, side by side.

The range is whole days in the brand's time zone (default: the 30 days up to today); a path
counts in it when it ends there (its conversion, or its last touchpoint for one that did not
convert). Journeys that did not convert come from the stored paths without a conversion and
from the tagged clicks still open in the range (one journey per visitor). The credits are an
association between touchpoints and conversions, not what the touchpoints caused
(``INTERPRETATION``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any, ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from umt.application.agents.names import Agent
from umt.application.attribution.views import AttributionReport
from umt.application.services import Context
from umt.application.shared.brands import load_brand
from umt.application.shared.inputs import day_value
from umt.application.use_case import UseCase
from umt.domain.attribution.errors import PathLimitExceeded
from umt.domain.attribution.models import ALL_MODELS, INTERPRETATION, Model, attribute
from umt.domain.attribution.paths import (
    MAX_TOUCHPOINTS,
    ConversionPath,
    Dimension,
    PathSource,
    Touchpoint,
)
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.ports.clock import Clock
from umt.ports.tagged_clicks import TaggedClick

MAX_RANGE_DAYS = 366
MAX_REPORT_PATHS = 100_000  # converting and not, stored; more: narrow the range
MAX_OPEN_CLICKS = 200_000
MAX_HALF_LIFE_HOURS = 24 * 365
DEFAULT_HALF_LIFE_HOURS = 168.0  # 7 days
DEFAULT_DAYS = 30  # the range when none is given: the 30 days up to today


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAttributionReport:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_READ, task="attribution.report", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    start: date | str | None = None  # the first day, in the brand's time zone ...
    end: date | str | None = None  # ... and the last (inclusive); default: the last 30 days
    dimension: str = Dimension.CHANNEL.value  # channel | campaign | content
    models: Sequence[str] | None = None  # default: all seven, in their order
    half_life_hours: float = DEFAULT_HALF_LIFE_HOURS  # the time-decay model's


async def get_attribution_report(
    cmd: GetAttributionReport, ctx: Context, *, clock: Clock
) -> AttributionReport:
    actor = ctx.actor()
    actor.require(GetAttributionReport.use_case.permission)
    given_start = None if cmd.start is None else day_value(cmd.start, "start")
    given_end = None if cmd.end is None else day_value(cmd.end, "end")
    dimension = _choice(Dimension, cmd.dimension, "dimension")
    models = _models(cmd.models)
    half_life = _half_life(cmd.half_life_hours)
    async with ctx.uow as uow:
        brand = await load_brand(uow, actor, cmd.brand_id)
        zone = ZoneInfo(brand.time_zone)
        end = given_end or clock.now().astimezone(zone).date()
        start = given_start or end - timedelta(days=DEFAULT_DAYS - 1)
        if end < start or (end - start).days >= MAX_RANGE_DAYS:
            raise InvalidValue(
                f"the range runs from start to end (inclusive), at most {MAX_RANGE_DAYS} days",
                field="end",
            )
        since = datetime.combine(start, time(), zone).astimezone(UTC)
        until = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
        org = actor.organization_id
        paths = await uow.conversion_paths.ending_between(
            org, brand.id, since, until, limit=MAX_REPORT_PATHS + 1
        )
        clicks = await uow.tagged_clicks.open_between(
            org, brand.id, since, until, limit=MAX_OPEN_CLICKS + 1
        )
    if len(paths) > MAX_REPORT_PATHS or len(clicks) > MAX_OPEN_CLICKS:
        raise PathLimitExceeded(
            f"the range holds more than {MAX_REPORT_PATHS:,} paths or {MAX_OPEN_CLICKS:,} open "
            "clicks: narrow it",
            field="start",
        )
    found = attribute(
        [*paths, *_open_journeys(clicks)],
        dimension=dimension,
        models=models,
        half_life=half_life,
    )
    return AttributionReport.of(
        found,
        brand_id=brand.id,
        start=start,
        end=end,
        time_zone=brand.time_zone,
        half_life_hours=half_life.total_seconds() / 3600,
        interpretation=INTERPRETATION,
    )


def _open_journeys(clicks: Sequence[TaggedClick]) -> list[ConversionPath]:
    """One journey that did not convert per visitor of the open clicks (its latest ones)."""
    journeys = []
    for visitor, own in groupby(clicks, key=lambda c: c.visitor):
        touches = [
            Touchpoint(channel=c.channel, campaign=c.campaign, content=c.content, at=c.at)
            for c in own
        ]
        journeys.append(
            ConversionPath(
                key=f"open:{visitor}"[:200],
                touchpoints=tuple(touches[-MAX_TOUCHPOINTS:]),
                converted_at=None,
                source=PathSource.UTM,
            )
        )
    return journeys


def _choice(kind: Any, value: str, field: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidValue(f"{field} is one of {allowed}", field=field) from None


def _models(given: Sequence[str] | None) -> tuple[Model, ...]:
    if given is None:
        return ALL_MODELS
    if isinstance(given, str) or not 1 <= len(given) <= len(ALL_MODELS):
        raise InvalidValue("models lists 1 to 7 model names", field="models")
    return tuple(dict.fromkeys(_choice(Model, name, "models") for name in given))


def _half_life(hours: float) -> timedelta:
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise InvalidValue("half_life_hours is a number", field="half_life_hours")
    if not 0 < hours <= MAX_HALF_LIFE_HOURS:
        raise InvalidValue(
            f"half_life_hours is above 0 and at most {MAX_HALF_LIFE_HOURS}",
            field="half_life_hours",
        )
    return timedelta(hours=hours)
