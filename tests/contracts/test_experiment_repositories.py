"""Contracts of ExperimentRepository, ObservationLog and ExperimentMetricsReader, run against
every adapter (memory, SQLite, PostgreSQL; see conftest.uow_factory)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from tests.contracts.builders import T0
from tests.contracts.conftest import UowFactory

from umt.domain.experiments.design import (
    Arm,
    Direction,
    ExperimentMode,
    Guardrail,
    Metric,
    MetricKind,
    MinimumDetectableEffect,
)
from umt.domain.experiments.experiment import Experiment, ExperimentStatus, StoppingReason
from umt.domain.experiments.observation import Observation, ObservationKind
from umt.domain.shared.errors import StaleVersion
from umt.ports.experiment_repository import ExperimentFilter
from umt.ports.pagination import PageRequest
from umt.ports.unit_of_work import UnitOfWork

LATER = T0 + timedelta(hours=1)
METRICS = ["revenue", "unsubscribes"]  # the experiments' metrics, primary first


def experiment(
    org: UUID | None = None, brand: UUID | None = None, name: str = "Subject test", **kw: Any
) -> Experiment:
    design: dict[str, Any] = {
        "id": uuid4(),
        "organization_id": org or uuid4(),
        "brand_id": brand or uuid4(),
        "name": name,
        "hypothesis": "Questions open more",
        "mode": ExperimentMode.HYPOTHESIS_TEST,
        "primary_metric": Metric(name="revenue", kind=MetricKind.CONTINUOUS),
        "guardrails": (
            Guardrail(
                metric=Metric(name="unsubscribes", kind=MetricKind.CONVERSION),
                direction=Direction.LOWER_IS_BETTER,
                tolerance=0.01,
            ),
        ),
        "arms": (
            Arm(name="control", content_id=uuid4(), content_version_id=uuid4(), content_version=3),
            Arm(name="variant-b", content_id=uuid4(), content_version=1, weight=2.0),
        ),
        "mde": MinimumDetectableEffect(value=0.5, std=4.0),
        "alpha": 0.01,
        "power": 0.9,
        "required_sample_size": 1234,
        "max_sample_factor": 3.0,
        "salt": "salt-1",
    }
    design.update(kw)
    return Experiment.create(now=T0, **design)


async def add(factory: UowFactory, *items: Experiment) -> None:
    async with factory() as uow:
        for item in items:
            await uow.experiments.add(item)
        await uow.commit()


async def save_and_commit(uow: UnitOfWork, item: Experiment) -> None:
    """An adapter may detect a conflict when saving or only when committing: both count."""
    await uow.experiments.save(item)
    await uow.commit()


def obs(e: Experiment, event_id: str, unit: str, arm: str, kind: str, **kw: Any) -> Observation:
    return Observation(
        event_id=event_id,
        experiment_id=e.id,
        organization_id=e.organization_id,
        unit_id=unit,
        arm=arm,
        kind=ObservationKind(kind),
        occurred_at=T0,
        **kw,
    )


class TestExperimentRepository:
    async def test_every_field_survives_a_round_trip(self, uow_factory: UowFactory) -> None:
        item = experiment()
        item.start(now=T0)
        item.conclude(
            reason=StoppingReason.WINNER_FOUND,
            winner="variant-b",
            now=LATER,
            result={"p_value": 0.01, "arms": ["control", "variant-b"]},
        )
        await add(uow_factory, item)
        async with uow_factory() as uow:
            loaded = await uow.experiments.get(item.organization_id, item.id)
        assert loaded == item
        assert loaded is not None
        assert loaded.events == []
        assert loaded.arms[0].content_version_id == item.arms[0].content_version_id
        assert loaded.concluded_at == LATER

    async def test_another_organization_sees_nothing(self, uow_factory: UowFactory) -> None:
        item = experiment()
        await add(uow_factory, item)
        async with uow_factory() as uow:
            assert await uow.experiments.get(uuid4(), item.id) is None
            page = await uow.experiments.list(uuid4(), ExperimentFilter(), PageRequest())
        assert page.items == []

    async def test_changes_persist_and_stale_writes_fail(self, uow_factory: UowFactory) -> None:
        item = experiment()
        await add(uow_factory, item)
        async with uow_factory() as uow:
            first = await uow.experiments.get(item.organization_id, item.id)
            assert first is not None
            first.start(now=LATER)
            await uow.experiments.save(first)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.experiments.get(item.organization_id, item.id)
            assert again is not None
            assert again.status is ExperimentStatus.RUNNING
            assert again.started_at == LATER
        async with uow_factory() as uow:
            loaded = await uow.experiments.get(item.organization_id, item.id)
            assert loaded is not None
            async with uow_factory() as other:
                racing = await other.experiments.get(item.organization_id, item.id)
                assert racing is not None
                racing.stop(now=LATER)
                await other.experiments.save(racing)
                await other.commit()
            loaded.stop(now=LATER)
            with pytest.raises(StaleVersion):
                await save_and_commit(uow, loaded)

    async def test_listing_filters_and_pages(self, uow_factory: UowFactory) -> None:
        org, brand = uuid4(), uuid4()
        items = [experiment(org, brand, f"Test {i}") for i in range(5)]
        items[0].start(now=T0)
        elsewhere = experiment(org, name="Other brand")
        await add(uow_factory, *items, elsewhere)
        async with uow_factory() as uow:
            running = await uow.experiments.list(
                org, ExperimentFilter(status=ExperimentStatus.RUNNING), PageRequest()
            )
            scoped = await uow.experiments.list(
                org, ExperimentFilter(brand_ids=frozenset({brand})), PageRequest()
            )
            collected: list[UUID] = []
            cursor = None
            for _ in range(10):
                page = await uow.experiments.list(
                    org,
                    ExperimentFilter(brand_id=brand),
                    PageRequest(limit=2, cursor=cursor, sort="name"),
                )
                collected += [e.id for e in page.items]
                cursor = page.next_cursor
                if cursor is None:
                    break
        assert [e.id for e in running.items] == [items[0].id]
        assert {e.id for e in scoped.items} == {e.id for e in items}
        assert collected == [e.id for e in items]


class TestObservationLog:
    async def test_event_ids_are_stored_once(self, uow_factory: UowFactory) -> None:
        item = experiment()
        await add(uow_factory, item)
        batch = [obs(item, f"e{i}", f"u{i}", "control", "exposure") for i in range(5)]
        async with uow_factory() as uow:
            assert await uow.observations.append([*batch, batch[0]], METRICS) == 5
            await uow.commit()
        async with uow_factory() as uow:
            again = [*batch[3:], obs(item, "e9", "u9", "control", "exposure")]
            assert await uow.observations.append(again, METRICS) == 1
            await uow.commit()
        async with uow_factory() as uow:
            [totals] = await uow.experiment_metrics.arm_totals(
                item.organization_id, item.id, METRICS
            )
        assert totals.exposed == 6

    async def test_the_same_event_id_in_another_experiment_is_another_event(
        self, uow_factory: UowFactory
    ) -> None:
        first, second = experiment(), experiment()
        await add(uow_factory, first, second)
        async with uow_factory() as uow:
            stored = await uow.observations.append(
                [
                    obs(first, "same", "u1", "control", "exposure"),
                    obs(second, "same", "u1", "control", "exposure"),
                ],
                METRICS,
            )
            await uow.commit()
        assert stored == 2

    async def test_a_rolled_back_batch_leaves_nothing(self, uow_factory: UowFactory) -> None:
        item = experiment()
        await add(uow_factory, item)
        async with uow_factory() as uow:
            await uow.observations.append([obs(item, "e1", "u1", "control", "exposure")], METRICS)
        async with uow_factory() as uow:
            again = [obs(item, "e1", "u1", "control", "exposure")]
            assert await uow.observations.append(again, METRICS) == 1
            await uow.commit()


class TestExperimentMetricsReader:
    async def test_totals_match_a_reduction_in_python(self, uow_factory: UowFactory) -> None:
        item = experiment()
        other = experiment()
        await add(uow_factory, item, other)
        rng = random.Random(7)
        events: list[Observation] = []
        expected: dict[str, dict[str, dict[str, float]]] = {}
        n = 0
        for arm in ("control", "variant-b"):
            for u in range(40):
                unit = f"{arm}-{u}"
                x = round(rng.uniform(0, 10), 2) if u % 4 else None
                for repeat in range(1 + u % 3):  # repeated exposures count once
                    n += 1
                    events.append(
                        obs(
                            item,
                            f"x{n}",
                            unit,
                            arm,
                            "exposure",
                            covariate=x if repeat == 0 else None,
                        )
                    )
                y = 0.0
                for _ in range(u % 3 if u % 2 else 0):
                    n += 1
                    value = round(rng.uniform(1, 50), 2)
                    y += value
                    events.append(
                        obs(item, f"x{n}", unit, arm, "conversion", metric="revenue", value=value)
                    )
                unsub = u % 10 == 0
                if unsub:
                    n += 1
                    events.append(
                        obs(item, f"x{n}", unit, arm, "conversion", metric="unsubscribes")
                    )
                unit_data = expected.setdefault(arm, {}).setdefault(unit, {})
                unit_data.update(
                    {"x": x if x is not None else float("nan"), "y": y, "unsub": unsub}
                )
        # conversions of a unit never exposed in that arm, and another experiment's events
        events.append(
            obs(item, "ghost", "nobody", "control", "conversion", metric="revenue", value=99.0)
        )
        events.append(obs(other, "o1", "control-1", "control", "exposure", covariate=5.0))
        rng.shuffle(events)
        async with uow_factory() as uow:
            # in several batches, conversions often before their unit's exposure
            for start in range(0, len(events), 37):
                await uow.observations.append(events[start : start + 37], METRICS)
            await uow.observations.append(events[:50], METRICS)  # redelivered: adds nothing
            await uow.commit()
        async with uow_factory() as uow:
            totals = await uow.experiment_metrics.arm_totals(item.organization_id, item.id, METRICS)
        assert [t.arm for t in totals] == ["control", "variant-b"]
        for t in totals:
            units = expected[t.arm]
            xs = [u["x"] for u in units.values() if u["x"] == u["x"]]
            assert t.exposed == 40
            assert t.covariate_units == len(xs) == 30
            assert t.covariate_total == pytest.approx(sum(xs))
            assert t.covariate_total_sq == pytest.approx(sum(x * x for x in xs))
            revenue = t.metric("revenue")
            ys = [u["y"] for u in units.values()]
            assert revenue.converted == sum(1 for y in ys if y > 0)
            assert revenue.total == pytest.approx(sum(ys))
            assert revenue.total_sq == pytest.approx(sum(y * y for y in ys))
            assert revenue.total_cross == pytest.approx(
                sum(u["x"] * u["y"] for u in units.values() if u["x"] == u["x"])
            )
            unsubscribes = t.metric("unsubscribes")
            assert unsubscribes.converted == 4
            assert unsubscribes.total == pytest.approx(4.0)

    async def test_an_experiment_without_events_has_no_arms(self, uow_factory: UowFactory) -> None:
        item = experiment()
        await add(uow_factory, item)
        async with uow_factory() as uow:
            assert (
                await uow.experiment_metrics.arm_totals(item.organization_id, item.id, ["revenue"])
                == []
            )
            assert await uow.experiment_metrics.arm_totals(uuid4(), item.id, ["revenue"]) == []
