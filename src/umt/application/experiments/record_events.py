"""RecordExperimentEvents: a batch of exposure and conversion events, validated all or
nothing and stored idempotently by event id (a redelivered batch stores nothing twice)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.experiments.loading import load_experiment
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.experiments.errors import InvalidObservations
from umt.domain.experiments.experiment import Experiment
from umt.domain.experiments.observation import Observation, ObservationKind
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import DomainError
from umt.ports.clock import Clock

MAX_BATCH = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordExperimentEvents:
    """Each event: ``event_id``, ``unit_id``, ``kind`` (exposure | conversion), optionally
    ``arm`` (else the unit's assignment), ``metric`` (conversions; default the primary
    metric), ``value`` (continuous metrics), ``covariate`` (pre-period value, on exposures),
    ``occurred_at`` (ISO 8601; default now)."""

    use_case: ClassVar = UseCase(
        Permission.EXPERIMENTS_MANAGE, task="experiment.record_events", agent=Agent.CONTENT_CREATION
    )

    experiment_id: UUID
    events: Sequence[Mapping[str, Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedEvents:
    received: int
    stored: int
    duplicates: int


async def record_experiment_events(
    cmd: RecordExperimentEvents, ctx: Context, *, clock: Clock
) -> RecordedEvents:
    actor = ctx.actor()
    actor.require(RecordExperimentEvents.use_case.permission)
    if not 1 <= len(cmd.events) <= MAX_BATCH:
        raise InvalidObservations(
            f"a batch holds 1 to {MAX_BATCH} events", field="events", errors=()
        )
    now = clock.now()
    async with ctx.uow as uow:
        experiment = await load_experiment(uow, actor, cmd.experiment_id)
        experiment.require_running()
        observations = parse_events(experiment, cmd.events, now)
        metrics = [experiment.primary_metric.name, *(g.metric.name for g in experiment.guardrails)]
        stored = await uow.observations.append(observations, metrics)
        await uow.commit()
    return RecordedEvents(
        received=len(observations), stored=stored, duplicates=len(observations) - stored
    )


def parse_events(
    experiment: Experiment, events: Sequence[Mapping[str, Any]], now: datetime
) -> list[Observation]:
    """Every event, or InvalidObservations listing each bad one as ``events[i].field``."""
    parsed: list[Observation] = []
    errors: list[tuple[str, str]] = []
    for index, event in enumerate(events):
        try:
            parsed.append(_observation(experiment, event, now))
        except DomainError as exc:
            errors.append((f"events[{index}].{exc.field or 'event'}", exc.message))
    if errors:
        raise InvalidObservations(
            f"{len(errors)} of {len(events)} events are invalid; none was stored",
            field=errors[0][0],
            errors=tuple(errors),
        )
    return parsed


def _observation(experiment: Experiment, event: Mapping[str, Any], now: datetime) -> Observation:
    if not isinstance(event, Mapping):
        raise InvalidObservations("an event is an object", field="event", errors=())
    unit_id = _text(event, "unit_id")
    kind = event.get("kind")
    if kind not in {k.value for k in ObservationKind}:
        raise InvalidObservations("kind is exposure or conversion", field="kind", errors=())
    arm = event.get("arm")
    arm_name = experiment.arm(str(arm)).name if arm is not None else experiment.assign(unit_id).name
    metric = event.get("metric")
    if kind == ObservationKind.CONVERSION and metric is None:
        metric = experiment.primary_metric.name
    known = {experiment.primary_metric.name, *(g.metric.name for g in experiment.guardrails)}
    if metric is not None and metric not in known:
        raise InvalidObservations(
            f"the experiment has no metric {metric!r}", field="metric", errors=()
        )
    return Observation(
        event_id=_text(event, "event_id"),
        experiment_id=experiment.id,
        organization_id=experiment.organization_id,
        unit_id=unit_id,
        arm=arm_name,
        kind=ObservationKind(kind),
        metric=metric,
        value=_number(event.get("value", 1.0), "value"),
        covariate=None
        if event.get("covariate") is None
        else _number(event["covariate"], "covariate"),
        occurred_at=_time(event.get("occurred_at"), now),
    )


def _text(event: Mapping[str, Any], field: str) -> str:
    value = event.get(field)
    if not isinstance(value, str) or not value:
        raise InvalidObservations(f"{field} is a non-empty string", field=field, errors=())
    return value


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidObservations(f"{field} must be a finite number", field=field, errors=())
    return float(value)


def _time(value: Any, now: datetime) -> datetime:
    if value is None:
        return now
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise InvalidObservations(
                "occurred_at is an ISO 8601 time", field="occurred_at", errors=()
            ) from None
    if moment.tzinfo is None:
        raise InvalidObservations("occurred_at needs a time zone", field="occurred_at", errors=())
    return moment.astimezone(UTC)
