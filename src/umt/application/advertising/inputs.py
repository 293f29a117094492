"""Parsing the loosely typed parts of advertising commands (JSON bodies, task payloads) into
domain values; every mistake is a ``CampaignInvalid`` (or a more specific domain error)
naming its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

from umt.domain.advertising.budget import Budget, BudgetKind
from umt.domain.advertising.errors import BudgetNotPositive, CampaignInvalid
from umt.domain.shared.errors import DomainError
from umt.domain.shared.money import Money

T = TypeVar("T")


def parsed(field: str, build: Callable[[], T]) -> T:
    """``build()``; a KeyError/TypeError/ValueError becomes a CampaignInvalid on ``field``, a
    domain error keeps its class and message and names the field where it happened."""
    try:
        return build()
    except DomainError as exc:
        exc.field = f"{field}.{exc.field}" if exc.field else field
        raise
    except KeyError as exc:
        raise CampaignInvalid(
            f"{exc.args[0]} is required", field=f"{field}.{exc.args[0]}"
        ) from None
    except (TypeError, ValueError, AttributeError, InvalidOperation) as exc:
        raise CampaignInvalid(str(exc) or "invalid value", field=field) from None


def as_uuid(value: Any, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise CampaignInvalid(f"{value!r} is not an id", field=field) from None


def decimal(value: Any, field: str) -> Decimal:
    """A decimal from a string or an integer (never a float: money stays exact)."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise CampaignInvalid(f'{field} is a decimal string like "12.50"', field=field)
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise CampaignInvalid(f"{value!r} is not a number", field=field) from None
    if not result.is_finite():
        raise CampaignInvalid(f"{field} must be finite", field=field)
    return result


def money(value: Mapping[str, Any], field: str) -> Money:
    """``{"amount": "12.50", "currency": "EUR"}``."""
    amount = decimal(value.get("amount"), f"{field}.amount")
    if amount <= 0:
        raise BudgetNotPositive(f"{field} must be greater than zero", field=f"{field}.amount")
    return parsed(field, lambda: Money(amount, str(value.get("currency", ""))))


def budget(value: Mapping[str, Any]) -> Budget:
    """``{"kind": "daily", "amount": "50.00", "currency": "EUR"}``."""
    kind = value.get("kind", "daily")
    if kind not in {k.value for k in BudgetKind}:
        raise CampaignInvalid("a budget is daily or lifetime", field="budget.kind")
    return Budget(BudgetKind(kind), money(value, "budget"))


def moment(value: Any, field: str) -> datetime | None:
    """An aware datetime from itself or ISO 8601 text; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise CampaignInvalid(f"{value!r} is not an ISO 8601 time", field=field) from None
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise CampaignInvalid(f"{field} is a time with its offset", field=field)
    return value


def seconds(value: Any, field: str) -> timedelta:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CampaignInvalid(f"{field} is a whole number of seconds", field=field)
    return timedelta(seconds=value)


def strings(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise CampaignInvalid(f"{field} is a list of strings", field=field)
    return tuple(value)
