"""In-memory experiments, their observation log and its per-arm aggregation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from umt.adapters.memory.store import (
    InMemoryRepository,
    InMemoryStore,
    Transaction,
    detached,
    version_check,
)
from umt.domain.experiments.experiment import Experiment
from umt.domain.experiments.observation import Observation, ObservationKind
from umt.domain.shared.ids import ExperimentId, OrganizationId
from umt.ports.aggregate_tracker import AggregateTracker
from umt.ports.experiment_metrics_reader import ArmTotals, ExperimentMetricsReader, MetricTotals
from umt.ports.experiment_repository import ExperimentFilter, ExperimentRepository
from umt.ports.observation_log import ObservationLog
from umt.ports.pagination import Page, PageRequest, paginate


class InMemoryExperimentRepository(InMemoryRepository, ExperimentRepository):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._loaded: dict[ExperimentId, int] = {}

    async def get(
        self, organization_id: OrganizationId, experiment_id: ExperimentId
    ) -> Experiment | None:
        stored = self._store.experiments.get(experiment_id)
        if stored is None or stored.organization_id != organization_id:
            return None
        self._loaded[experiment_id] = stored.version
        return self._tracker.track(detached(stored))

    async def add(self, experiment: Experiment) -> None:
        snapshot = detached(experiment)
        self._tx.stage(lambda: self._store.experiments.__setitem__(experiment.id, snapshot))
        self._loaded[experiment.id] = experiment.version
        self._tracker.track(experiment)

    async def save(self, experiment: Experiment) -> None:
        check = version_check(
            self._store.experiments, experiment.id, self._loaded[experiment.id], "experiment"
        )
        snapshot = detached(experiment)
        self._tx.stage(lambda: self._store.experiments.__setitem__(experiment.id, snapshot), check)
        self._loaded[experiment.id] = experiment.version
        self._tracker.track(experiment)

    async def list(
        self, organization_id: OrganizationId, filters: ExperimentFilter, page: PageRequest
    ) -> Page[Experiment]:
        matching = [
            e
            for e in self._store.experiments.values()
            if e.organization_id == organization_id
            and (filters.brand_id is None or e.brand_id == filters.brand_id)
            and (filters.status is None or e.status == filters.status)
            and (filters.brand_ids is None or e.brand_id in filters.brand_ids)
        ]
        result = paginate(
            matching, page, sort_value=lambda e: getattr(e, page.sort), item_id=lambda e: e.id
        )
        return Page(items=[detached(e) for e in result.items], next_cursor=result.next_cursor)


class InMemoryObservationLog(InMemoryRepository, ObservationLog):
    def __init__(self, store: InMemoryStore, tx: Transaction, tracker: AggregateTracker) -> None:
        super().__init__(store, tx, tracker)
        self._staged: set[tuple[ExperimentId, str]] = set()

    async def append(self, observations: Sequence[Observation], metrics: Sequence[str]) -> int:
        fresh: list[Observation] = []
        for observation in observations:
            key = (observation.experiment_id, observation.event_id)
            if key in self._store.observations or key in self._staged:
                continue
            self._staged.add(key)
            fresh.append(observation)

        def write() -> None:
            for observation in fresh:
                key = (observation.experiment_id, observation.event_id)
                self._store.observations.setdefault(key, observation)

        self._tx.stage(write)
        return len(fresh)


class InMemoryExperimentMetricsReader(ExperimentMetricsReader):
    """The same reduction as the SQL adapter's, over the store's committed observations."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def arm_totals(
        self,
        organization_id: OrganizationId,
        experiment_id: ExperimentId,
        metrics: Sequence[str],
    ) -> list[ArmTotals]:
        exposed: dict[str, dict[str, float | None]] = defaultdict(dict)  # arm → unit → x
        values: dict[tuple[str, str, str], float] = defaultdict(float)  # (arm, unit, metric)
        for o in self._store.observations.values():
            if o.experiment_id != experiment_id or o.organization_id != organization_id:
                continue
            if o.kind is ObservationKind.EXPOSURE:
                units = exposed[o.arm]
                previous = units.get(o.unit_id)
                x = (
                    o.covariate
                    if previous is None
                    else (previous if o.covariate is None else max(previous, o.covariate))
                )
                units[o.unit_id] = x
            elif o.metric is not None and o.metric in metrics:
                values[(o.arm, o.unit_id, o.metric)] += o.value
        result: list[ArmTotals] = []
        for arm in sorted(exposed):
            units = exposed[arm]
            xs = [x for x in units.values() if x is not None]
            per_metric: dict[str, MetricTotals] = {}
            for metric in metrics:
                ys = [
                    (units[unit], y)
                    for (a, unit, m), y in values.items()
                    if a == arm and m == metric and unit in units
                ]
                per_metric[metric] = MetricTotals(
                    converted=len(ys),
                    total=sum(y for _, y in ys),
                    total_sq=sum(y * y for _, y in ys),
                    total_cross=sum(x * y for x, y in ys if x is not None),
                )
            result.append(
                ArmTotals(
                    arm=arm,
                    exposed=len(units),
                    covariate_units=len(xs),
                    covariate_total=sum(xs),
                    covariate_total_sq=sum(x * x for x in xs),
                    metrics=per_metric,
                )
            )
        return result
