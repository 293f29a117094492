"""Parsing an ad rule's definition (a JSON body or a task payload) into the fields of the
``AdRule`` aggregate; every mistake is an ``AdRuleInvalid`` naming its field.

::

    {"name": "Pause expensive ad sets", "level": "ad_set", "action": "pause",
     "condition": {"metric": "cpa", "comparison": "gt", "threshold": "25.00",
                   "window_seconds": 86400},
     "minimum": {"impressions": 1000, "spend": "10.00"},
     "adjustment": {"mode": "percent", "value": "-20", "floor": "10.00", "cap": "200.00"},
     "experiment_id": null, "cooldown_seconds": 86400, "max_actions_per_day": 1,
     "dry_run": false, "enabled": true}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

from umt.domain.advertising.conditions import (
    AdjustmentMode,
    BudgetAdjustment,
    Comparison,
    Condition,
    MinimumData,
    RuleMetric,
)
from umt.domain.advertising.errors import AdRuleInvalid
from umt.domain.advertising.rule import RuleAction, RuleLevel
from umt.domain.shared.errors import DomainError
from umt.domain.shared.ids import ExperimentId

T = TypeVar("T")
# the keys a definition may carry (campaign_id only when creating)
KEYS = frozenset(
    {"name", "level", "action", "condition", "minimum", "adjustment", "experiment_id",
     "cooldown_seconds", "max_actions_per_day", "dry_run", "enabled"}
)  # fmt: skip


def rule_fields(value: Mapping[str, Any]) -> dict[str, Any]:
    """The aggregate's fields named by ``value`` (only those present, for an update)."""
    unknown = set(value) - KEYS
    if unknown:
        first = sorted(unknown)[0]
        raise AdRuleInvalid(f"unknown fields: {sorted(unknown)}", field=first)
    parsers: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "name": ("name", lambda v: _text(v, "name")),
        "level": ("level", lambda v: _choice(RuleLevel, v, "level")),
        "action": ("action", lambda v: _choice(RuleAction, v, "action")),
        "condition": ("condition", lambda v: None if v is None else condition(v)),
        "minimum": ("minimum", minimum),
        "adjustment": ("adjustment", lambda v: None if v is None else adjustment(v)),
        "experiment_id": ("experiment_id", _experiment),
        "cooldown_seconds": ("cooldown", lambda v: timedelta(seconds=_whole(v, "cooldown"))),
        "max_actions_per_day": (
            "max_actions_per_day",
            lambda v: _whole(v, "max_actions_per_day"),
        ),
        "dry_run": ("dry_run", lambda v: _flag(v, "dry_run")),
        "enabled": ("enabled", lambda v: _flag(v, "enabled")),
    }
    fields: dict[str, Any] = {}
    for key, raw in value.items():
        name, parse = parsers[key]
        fields[name] = parse(raw)
    return fields


def condition(value: Any) -> Condition:
    items = _mapping(value, "condition")
    return _built(
        "condition",
        lambda: Condition(
            metric=_choice(RuleMetric, items.get("metric"), "condition.metric"),
            comparison=_choice(Comparison, items.get("comparison"), "condition.comparison"),
            threshold=_decimal(items.get("threshold"), "condition.threshold"),
            window=timedelta(
                seconds=_whole(items.get("window_seconds", 86_400), "condition.window_seconds")
            ),
        ),
    )


def minimum(value: Any) -> MinimumData:
    items = _mapping(value or {}, "minimum")
    return _built(
        "minimum",
        lambda: MinimumData(
            impressions=_whole(items.get("impressions", 0), "minimum.impressions"),
            clicks=_whole(items.get("clicks", 0), "minimum.clicks"),
            spend=_decimal(items.get("spend", "0"), "minimum.spend"),
            conversions=_decimal(items.get("conversions", "0"), "minimum.conversions"),
        ),
    )


def adjustment(value: Any) -> BudgetAdjustment:
    items = _mapping(value, "adjustment")
    floor, cap = items.get("floor"), items.get("cap")
    return _built(
        "adjustment",
        lambda: BudgetAdjustment(
            mode=_choice(AdjustmentMode, items.get("mode"), "adjustment.mode"),
            value=_decimal(items.get("value"), "adjustment.value"),
            floor=None if floor is None else _decimal(floor, "adjustment.floor"),
            cap=None if cap is None else _decimal(cap, "adjustment.cap"),
        ),
    )


def _built(field: str, build: Callable[[], T]) -> T:
    try:
        return build()
    except DomainError:
        raise
    except (TypeError, ValueError) as exc:
        raise AdRuleInvalid(str(exc) or "invalid value", field=field) from None


def _mapping(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise AdRuleInvalid(f"{field} is an object", field=field)
    return value


def _choice(kind: Any, value: Any, field: str) -> Any:
    options = [member.value for member in kind]
    if value not in options:
        raise AdRuleInvalid(f"{field} is one of: {', '.join(options)}", field=field)
    return kind(value)


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise AdRuleInvalid(f"{field} is a text", field=field)
    return value


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise AdRuleInvalid(f"{field} is true or false", field=field)
    return value


def _whole(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AdRuleInvalid(f"{field} is a whole number, 0 or more", field=field)
    return value


def _decimal(value: Any, field: str) -> Decimal:
    """From a decimal string or an integer (never a float: thresholds and money stay exact)."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise AdRuleInvalid(f'{field} is a decimal string like "12.50"', field=field)
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise AdRuleInvalid(f"{value!r} is not a number", field=field) from None
    if not result.is_finite():
        raise AdRuleInvalid(f"{field} must be finite", field=field)
    return result


def _experiment(value: Any) -> ExperimentId | None:
    if value is None:
        return None
    try:
        return ExperimentId(UUID(str(value)))
    except ValueError:
        raise AdRuleInvalid(f"{value!r} is not an id", field="experiment_id") from None
