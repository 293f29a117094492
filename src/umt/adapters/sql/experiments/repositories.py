"""SQL experiments: the repository (with its explicit mapper) and the observation log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, case, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.asyncio_package import AsyncConnection
from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.experiments.tables import (
    METRIC_SLOTS,
    experiment_observations,
    experiment_units,
    experiments,
)
from umt.adapters.sql.keyset import SortKey, build_page, paginate_query, parse_datetime, parse_text
from umt.adapters.sql.pg_transaction import PgTransaction
from umt.domain.experiments.design import (
    Arm,
    ExperimentMode,
    Guardrail,
    Metric,
    MetricKind,
    MinimumDetectableEffect,
)
from umt.domain.experiments.experiment import Experiment, ExperimentStatus, StoppingReason
from umt.domain.experiments.observation import Observation, ObservationKind
from umt.domain.shared.errors import StaleVersion
from umt.domain.shared.ids import ExperimentId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.experiment_repository import ExperimentFilter, ExperimentRepository
from umt.ports.observation_log import ObservationLog
from umt.ports.pagination import Page, PageRequest

SORT_KEYS = {
    "created_at": SortKey(experiments.c.created_at, parse_datetime),
    "updated_at": SortKey(experiments.c.updated_at, parse_datetime),
    "name": SortKey(experiments.c.name, parse_text),
}
_IMMUTABLE = ("id", "organization_id", "brand_id", "created_at", "salt")


def _metric(data: dict[str, Any]) -> Metric:
    return Metric(name=data["name"], kind=MetricKind(data["kind"]))


def design_document(experiment: Experiment) -> dict[str, Any]:
    return {
        "primary_metric": {
            "name": experiment.primary_metric.name,
            "kind": experiment.primary_metric.kind.value,
        },
        "guardrails": [
            {
                "metric": {"name": g.metric.name, "kind": g.metric.kind.value},
                "direction": g.direction.value,
                "tolerance": g.tolerance,
            }
            for g in experiment.guardrails
        ],
        "arms": [
            {
                "name": arm.name,
                "content_id": str(arm.content_id),
                "content_version_id": str(arm.content_version_id)
                if arm.content_version_id
                else None,
                "content_version": arm.content_version,
                "weight": arm.weight,
            }
            for arm in experiment.arms
        ],
        "mde": {
            "value": experiment.mde.value,
            "baseline": experiment.mde.baseline,
            "std": experiment.mde.std,
        },
    }


def experiment_to_row(experiment: Experiment) -> dict[str, Any]:
    return {
        "id": experiment.id,
        "organization_id": experiment.organization_id,
        "brand_id": experiment.brand_id,
        "name": experiment.name,
        "hypothesis": experiment.hypothesis,
        "mode": experiment.mode.value,
        "design": design_document(experiment),
        "alpha": experiment.alpha,
        "power": experiment.power,
        "required_sample_size": experiment.required_sample_size,
        "max_sample_factor": experiment.max_sample_factor,
        "salt": experiment.salt,
        "status": experiment.status.value,
        "stopping_reason": experiment.stopping_reason.value if experiment.stopping_reason else None,
        "winner": experiment.winner,
        "result": experiment.result,
        "started_at": experiment.started_at,
        "stopped_at": experiment.stopped_at,
        "concluded_at": experiment.concluded_at,
        "version": experiment.version,
        "created_at": experiment.created_at,
        "updated_at": experiment.updated_at,
    }


def experiment_from_row(row: RowMapping) -> Experiment:
    design = row["design"]
    mde = design["mde"]
    return Experiment(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        name=row["name"],
        hypothesis=row["hypothesis"],
        mode=ExperimentMode(row["mode"]),
        primary_metric=_metric(design["primary_metric"]),
        guardrails=tuple(
            Guardrail(
                metric=_metric(g["metric"]), direction=g["direction"], tolerance=g["tolerance"]
            )
            for g in design["guardrails"]
        ),
        arms=tuple(
            Arm(
                name=a["name"],
                content_id=UUID(a["content_id"]),
                content_version_id=UUID(a["content_version_id"])
                if a["content_version_id"]
                else None,
                content_version=a["content_version"],
                weight=a["weight"],
            )
            for a in design["arms"]
        ),
        mde=MinimumDetectableEffect(value=mde["value"], baseline=mde["baseline"], std=mde["std"]),
        alpha=row["alpha"],
        power=row["power"],
        required_sample_size=row["required_sample_size"],
        max_sample_factor=row["max_sample_factor"],
        salt=row["salt"],
        status=ExperimentStatus(row["status"]),
        stopping_reason=StoppingReason(row["stopping_reason"]) if row["stopping_reason"] else None,
        winner=row["winner"],
        result=dict(row["result"]),
        started_at=row["started_at"],
        stopped_at=row["stopped_at"],
        concluded_at=row["concluded_at"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class SqlExperimentRepository(SqlRepository, ExperimentRepository):
    """Experiments, saved with an optimistic check against the version loaded in this unit."""

    def __init__(
        self, connection: AsyncConnection, pg: PgTransaction | None, tracker: AggregateTracker
    ) -> None:
        super().__init__(connection, pg, tracker)
        self._loaded_versions: dict[int, int] = {}

    async def get(
        self, organization_id: OrganizationId, experiment_id: ExperimentId
    ) -> Experiment | None:
        result = await self._execute(
            select(experiments).where(
                experiments.c.id == experiment_id,
                experiments.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        return None if row is None else self._track(experiment_from_row(row))

    async def add(self, experiment: Experiment) -> None:
        await self._execute(insert(experiments), experiment_to_row(experiment))
        self._track(experiment)

    async def save(self, experiment: Experiment) -> None:
        expected = self._loaded_versions.get(id(experiment))
        condition = (experiments.c.id == experiment.id) & (
            experiments.c.organization_id == experiment.organization_id
        )
        if expected is not None:
            condition &= experiments.c.version == expected
        values = {k: v for k, v in experiment_to_row(experiment).items() if k not in _IMMUTABLE}
        result = await self._execute(update(experiments).where(condition).values(values))
        if result.rowcount == 0:
            raise StaleVersion(f"experiment {experiment.id} was changed meanwhile; reload it")
        self._track(experiment)

    async def list(
        self, organization_id: OrganizationId, filters: ExperimentFilter, page: PageRequest
    ) -> Page[Experiment]:
        query = select(experiments).where(experiments.c.organization_id == organization_id)
        if filters.brand_id is not None:
            query = query.where(experiments.c.brand_id == filters.brand_id)
        if filters.status is not None:
            query = query.where(experiments.c.status == filters.status.value)
        if filters.brand_ids is not None:
            query = query.where(experiments.c.brand_id.in_(sorted(filters.brand_ids)))
        query = paginate_query(
            query, keys=SORT_KEYS, id_column=experiments.c.id, page=page, dialect=self._dialect
        )
        result = await self._execute(query)
        items = [self._track(experiment_from_row(row)) for row in result.mappings()]
        return build_page(
            items, page, sort_value=lambda e: getattr(e, page.sort), item_id=lambda e: e.id
        )

    def _track(self, experiment: Experiment) -> Experiment:
        self._tracker.track(experiment)
        self._loaded_versions[id(experiment)] = experiment.version
        return experiment


def observation_row(o: Observation) -> dict[str, Any]:
    return {
        "experiment_id": o.experiment_id,
        "event_id": o.event_id,
        "organization_id": o.organization_id,
        "unit_id": o.unit_id,
        "arm": o.arm,
        "kind": o.kind.value,
        "metric": o.metric,
        "value": o.value,
        "covariate": o.covariate,
        "occurred_at": o.occurred_at,
    }


class SqlObservationLog(SqlRepository, ObservationLog):
    """One multi-row ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` per chunk: the database
    decides what is new, also against concurrent writers of the same event ids. The events it
    stored then update the per-unit rollup (``experiment_units``) with one upsert per chunk,
    in the same transaction, so the rollup counts each event exactly once."""

    async def append(self, observations: Sequence[Observation], metrics: Sequence[str]) -> int:
        unique: dict[tuple[UUID, str], dict[str, Any]] = {}
        for o in observations:  # a repeat inside the batch: the first one counts
            unique.setdefault((o.experiment_id, o.event_id), observation_row(o))
        rows = list(unique.values())
        stored: list[dict[str, Any]] = []
        for start in range(0, len(rows), _CHUNK):  # bound the statement's parameters
            statement = self._insert(experiment_observations, rows[start : start + _CHUNK])
            statement = statement.on_conflict_do_nothing(
                index_elements=("experiment_id", "event_id")
            ).returning(experiment_observations.c.experiment_id, experiment_observations.c.event_id)
            result = await self._execute(statement)
            stored += [unique[(r.experiment_id, r.event_id)] for r in result.all()]
        units = unit_increments(stored, metrics)
        for start in range(0, len(units), _CHUNK):
            await self._execute(self._upsert_units(units[start : start + _CHUNK]))
        return len(stored)

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> Any:
        if self._dialect == "postgresql":
            return pg_insert(table).values(rows)
        return sqlite_insert(table).values(rows)

    def _upsert_units(self, rows: list[dict[str, Any]]) -> Any:
        statement = self._insert(experiment_units, rows)
        new, old = statement.excluded, experiment_units.c
        changes: dict[str, Any] = {
            "exposed": case((new.exposed > old.exposed, new.exposed), else_=old.exposed),
            "covariate": case(
                (new.covariate.is_(None), old.covariate),
                (old.covariate.is_(None), new.covariate),
                (new.covariate > old.covariate, new.covariate),
                else_=old.covariate,
            ),
        }
        for i in range(METRIC_SLOTS):
            changes[f"c{i}"] = old[f"c{i}"] + new[f"c{i}"]
            changes[f"y{i}"] = old[f"y{i}"] + new[f"y{i}"]
        return statement.on_conflict_do_update(
            index_elements=("experiment_id", "arm", "unit_id"), set_=changes
        )


_CHUNK = 500


def unit_increments(rows: Sequence[dict[str, Any]], metrics: Sequence[str]) -> list[dict[str, Any]]:
    """What newly stored events add to each (experiment, arm, unit) rollup row. A conversion of
    a metric the experiment does not have (not in ``metrics``) adds nothing."""
    slots = {name: i for i, name in enumerate(metrics[:METRIC_SLOTS])}
    units: dict[tuple[UUID, str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["experiment_id"], row["arm"], row["unit_id"])
        unit = units.get(key)
        if unit is None:
            unit = units[key] = {
                "experiment_id": key[0],
                "arm": key[1],
                "unit_id": key[2],
                "organization_id": row["organization_id"],
                "exposed": 0,
                "covariate": None,
                **{f"c{i}": 0 for i in range(METRIC_SLOTS)},
                **{f"y{i}": 0.0 for i in range(METRIC_SLOTS)},
            }
        if row["kind"] == ObservationKind.EXPOSURE.value:
            unit["exposed"] = 1
            x = row["covariate"]
            if x is not None and (unit["covariate"] is None or x > unit["covariate"]):
                unit["covariate"] = x
        elif (slot := slots.get(row["metric"])) is not None:
            unit[f"c{slot}"] += 1
            unit[f"y{slot}"] += row["value"]
    return list(units.values())
