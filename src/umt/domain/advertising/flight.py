"""The budget and date rules every campaign and ad set obeys, in one place."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.errors import (
    BudgetCapExceeded,
    BudgetCurrencyMismatch,
    CampaignDatesInvalid,
    CampaignEndInPast,
    LifetimeBudgetNeedsEndDate,
)
from umt.domain.integration.platforms import Platform
from umt.domain.shared.money import Money, minor_units

DAY = timedelta(days=1)
# the shortest flight a daily budget may run on a platform. Meta's ad set reference:
# daily_budget is "allowed only for ad sets with a duration (difference between end_time and
# start_time) longer than 24 hours"; an ongoing one (no end) is fine.
DAILY_BUDGET_MIN_FLIGHT: dict[Platform, timedelta] = {Platform.META_ADS: DAY}


def check_daily_flight(
    platform: Platform,
    budget: Budget,
    start: datetime,
    end: datetime | None,
    *,
    field: str = "ends_at",
) -> None:
    """A daily budget on ``platform`` runs a flight longer than the platform's minimum."""
    shortest = DAILY_BUDGET_MIN_FLIGHT.get(platform)
    if shortest is None or budget.kind is not BudgetKind.DAILY or end is None:
        return
    if end - start <= shortest:
        hours = int(shortest.total_seconds() // 3600)
        raise CampaignDatesInvalid(
            f"{platform.value} allows a daily budget only on a flight longer than {hours} hours"
            f" ({start.isoformat()} to {end.isoformat()}): move the end, leave it open, or use"
            " a lifetime budget",
            field=field,
        )


def require_utc(value: datetime, *, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise CampaignDatesInvalid(f"{field} needs a time zone", field=field)
    return value


def check_dates(start: datetime, end: datetime | None, *, field: str = "ends_at") -> None:
    """An end, when there is one, lies after the start."""
    require_utc(start, field="starts_at")
    if end is not None and require_utc(end, field=field) <= start:
        raise CampaignDatesInvalid(
            f"the end ({end.isoformat()}) must lie after the start ({start.isoformat()})",
            field=field,
        )


def check_end(end: datetime | None, now: datetime, *, field: str = "ends_at") -> None:
    """A flight that already ended cannot be planned, launched or resumed."""
    if end is not None and end <= now:
        raise CampaignEndInPast(f"the end ({end.isoformat()}) is in the past", field=field)


def check_within(
    start: datetime | None,
    end: datetime | None,
    outer_start: datetime,
    outer_end: datetime | None,
) -> None:
    """An ad set's own dates lie within its campaign's."""
    if start is not None and start < outer_start:
        raise CampaignDatesInvalid(
            "an ad set cannot start before its campaign", field="ad_sets.starts_at"
        )
    if end is not None and outer_end is not None and end > outer_end:
        raise CampaignDatesInvalid(
            "an ad set cannot end after its campaign", field="ad_sets.ends_at"
        )


def check_budget(
    budget: Budget,
    currency: str,
    end: datetime | None,
    *,
    field: str = "budget",
) -> None:
    """In the account's ``currency``; a lifetime budget needs the flight's end."""
    if budget.currency != currency:
        raise BudgetCurrencyMismatch(
            f"the ad account spends {currency}, not {budget.currency}", field=f"{field}.currency"
        )
    if budget.kind is BudgetKind.LIFETIME and end is None:
        raise LifetimeBudgetNeedsEndDate(
            "a lifetime budget needs an end date on the ad set or its campaign", field="ends_at"
        )


def flight_days(start: datetime, end: datetime) -> Decimal:
    """The flight's length in days (at least one: a shorter flight is a one-day spend)."""
    days = Decimal(int((end - start).total_seconds())) / Decimal(86_400)
    return max(days, Decimal(1))


def daily_equivalent(budget: Budget, start: datetime, end: datetime | None) -> Money:
    """What a budget may spend in an average day: a daily one itself, a lifetime one spread
    evenly over its flight (rounded up to the minor unit, so a cap is never undercut)."""
    if budget.kind is BudgetKind.DAILY or end is None:
        return budget.amount
    per_day = budget.amount.amount / flight_days(start, end)
    places = Decimal(1).scaleb(-minor_units(budget.currency))
    return Money(per_day.quantize(places, rounding="ROUND_CEILING"), budget.currency)


def check_cap(ceiling: Money, cap: Money | None) -> None:
    """The campaign's daily ceiling stays at or under the brand's (or organization's) cap."""
    if cap is None:
        return
    if cap.currency != ceiling.currency:
        raise BudgetCurrencyMismatch(
            f"the cap is in {cap.currency}, the campaign in {ceiling.currency}",
            field="budget.currency",
        )
    if ceiling > cap:
        raise BudgetCapExceeded(
            f"the campaign would spend up to {ceiling} a day, over the cap of {cap}",
            field="budget.amount",
        )


def total_of(budget: Budget, start: datetime, end: datetime | None) -> Money | None:
    """What a budget may spend over its whole flight: a lifetime one itself, a daily one
    times the flight's days; None for a daily budget with no end (no total)."""
    if budget.kind is BudgetKind.LIFETIME:
        return budget.amount
    if end is None:
        return None
    total = budget.amount.amount * flight_days(start, end)
    places = Decimal(1).scaleb(-minor_units(budget.currency))
    return Money(total.quantize(places, rounding="ROUND_CEILING"), budget.currency)


def check_total(total: Money | None, cap: Money | None) -> None:
    """The campaign's whole-flight total stays at or under the lifetime cap; a campaign with
    a daily budget and no end has no total, so a lifetime cap needs its end."""
    if cap is None:
        return
    if total is None:
        raise BudgetCapExceeded(
            f"a daily budget with no end has no total: the lifetime cap of {cap} needs an end",
            field="ends_at",
        )
    if cap.currency != total.currency:
        raise BudgetCurrencyMismatch(
            f"the cap is in {cap.currency}, the campaign in {total.currency}",
            field="budget.currency",
        )
    if total > cap:
        raise BudgetCapExceeded(
            f"the campaign could spend {total} over its flight, over the lifetime cap of {cap}",
            field="budget.amount",
        )
