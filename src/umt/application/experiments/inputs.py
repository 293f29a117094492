"""Parsing the loosely typed design of an experiment (JSON bodies, task payloads) into the
domain's value objects; every mistake is an InvalidValue naming its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

from umt.domain.experiments.design import (
    Arm,
    Direction,
    ExperimentMode,
    Guardrail,
    Metric,
    MetricKind,
    MinimumDetectableEffect,
)
from umt.domain.experiments.errors import ExperimentInvalid
from umt.domain.shared.errors import DomainError

T = TypeVar("T")


def parsed(field: str, build: Callable[[], T]) -> T:
    """``build()``; a KeyError/TypeError/ValueError becomes an ExperimentInvalid on ``field``,
    and a domain error keeps its message but names the field where it happened."""
    try:
        return build()
    except DomainError as exc:
        raise ExperimentInvalid(
            exc.message, field=f"{field}.{exc.field}" if exc.field else field
        ) from None
    except KeyError as exc:
        raise ExperimentInvalid(
            f"{exc.args[0]} is required", field=f"{field}.{exc.args[0]}"
        ) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise ExperimentInvalid(str(exc) or "invalid value", field=field) from None


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExperimentInvalid(f"{field} must be a number", field=field)
    return float(value)


def as_uuid(value: Any) -> UUID:
    """A UUID from a UUID or its text (JSON bodies and task payloads carry strings)."""
    return value if isinstance(value, UUID) else UUID(str(value))


_uuid = as_uuid


def mode(value: Any) -> ExperimentMode:
    return parsed("mode", lambda: ExperimentMode(value))


def metric(data: Mapping[str, Any], field: str = "primary_metric") -> Metric:
    return parsed(field, lambda: Metric(name=data["name"], kind=MetricKind(data["kind"])))


def guardrails(items: Sequence[Mapping[str, Any]]) -> tuple[Guardrail, ...]:
    def build(item: Mapping[str, Any]) -> Guardrail:
        return Guardrail(
            metric=Metric(name=item["metric"]["name"], kind=MetricKind(item["metric"]["kind"])),
            direction=Direction(item.get("direction", Direction.HIGHER_IS_BETTER)),
            tolerance=_number(item.get("tolerance", 0.0), "tolerance"),
        )

    return tuple(parsed(f"guardrails[{i}]", partial(build, item)) for i, item in enumerate(items))


def arms(items: Sequence[Mapping[str, Any]]) -> tuple[Arm, ...]:
    def build(item: Mapping[str, Any]) -> Arm:
        version_id = item.get("content_version_id")
        version = item.get("content_version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            raise ExperimentInvalid("content_version is an integer", field="content_version")
        return Arm(
            name=item["name"],
            content_id=_uuid(item["content_id"]),
            content_version_id=None if version_id is None else _uuid(version_id),
            content_version=version,
            weight=_number(item.get("weight", 1.0), "weight"),
        )

    return tuple(parsed(f"arms[{i}]", partial(build, item)) for i, item in enumerate(items))


def mde(data: Mapping[str, Any]) -> MinimumDetectableEffect:
    def build() -> MinimumDetectableEffect:
        baseline, std = data.get("baseline"), data.get("std")
        return MinimumDetectableEffect(
            value=_number(data["value"], "value"),
            baseline=None if baseline is None else _number(baseline, "baseline"),
            std=None if std is None else _number(std, "std"),
        )

    return parsed("mde", build)


def probability(value: Any, field: str) -> float:
    return _number(value, field)


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "name": lambda v: v if isinstance(v, str) else parsed("name", lambda: str(v)),
    "hypothesis": lambda v: v if isinstance(v, str) else parsed("hypothesis", lambda: str(v)),
    "mode": mode,
    "primary_metric": metric,
    "guardrails": guardrails,
    "arms": arms,
    "mde": mde,
    "alpha": lambda v: probability(v, "alpha"),
    "power": lambda v: probability(v, "power"),
    "max_sample_factor": lambda v: probability(v, "max_sample_factor"),
}


def design_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The domain values of a draft's partial update (unknown keys: ExperimentInvalid)."""
    unknown = sorted(set(changes) - set(_PARSERS))
    if unknown:
        raise ExperimentInvalid(f"unknown fields: {unknown}", field=unknown[0])
    return {key: _PARSERS[key](value) for key, value in changes.items()}
