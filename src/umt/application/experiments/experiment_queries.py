"""Queries on experiments: GetExperiment and ListExperiments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.experiments.loading import load_experiment
from umt.application.services import Context
from umt.application.shared.inputs import enum_value, require_sort
from umt.application.use_case import UseCase
from umt.domain.experiments.experiment import Experiment, ExperimentStatus
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import BrandId
from umt.ports.experiment_repository import EXPERIMENT_SORTS, ExperimentFilter
from umt.ports.pagination import Page, PageRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class GetExperiment:
    use_case: ClassVar = UseCase(
        Permission.EXPERIMENTS_READ, task="experiment.get", agent=Agent.CONTENT_CREATION
    )
    experiment_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ListExperiments:
    use_case: ClassVar = UseCase(
        Permission.EXPERIMENTS_READ, task="experiment.list", agent=Agent.CONTENT_CREATION
    )
    brand_id: UUID | None = None
    status: str | None = None
    page: PageRequest = field(default_factory=PageRequest)


async def get_experiment(query: GetExperiment, ctx: Context) -> Experiment:
    actor = ctx.actor()
    actor.require(GetExperiment.use_case.permission)
    async with ctx.uow as uow:
        return await load_experiment(uow, actor, query.experiment_id)


async def list_experiments(query: ListExperiments, ctx: Context) -> Page[Experiment]:
    actor = ctx.actor()
    actor.require(ListExperiments.use_case.permission)
    require_sort(query.page, EXPERIMENT_SORTS)
    filters = ExperimentFilter(
        brand_id=BrandId(query.brand_id) if query.brand_id else None,
        status=enum_value(ExperimentStatus, query.status, "status") if query.status else None,
        brand_ids=actor.brand_scope,
    )
    async with ctx.uow as uow:
        return await uow.experiments.list(actor.organization_id, filters, query.page)
