"""GetAssignment: which arm (and content version) a unit sees in a running experiment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.experiments.loading import load_experiment
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.experiments.design import Arm
from umt.domain.experiments.errors import ExperimentInvalid
from umt.domain.experiments.observation import MAX_UNIT_ID_LENGTH
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAssignment:
    use_case: ClassVar = UseCase(Permission.EXPERIMENTS_READ)
    experiment_id: UUID
    unit_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    experiment_id: UUID
    unit_id: str
    arm: Arm


async def get_assignment(query: GetAssignment, ctx: Context) -> Assignment:
    actor = ctx.actor()
    actor.require(GetAssignment.use_case.permission)
    if not query.unit_id or len(query.unit_id) > MAX_UNIT_ID_LENGTH:
        raise ExperimentInvalid(f"unit is 1 to {MAX_UNIT_ID_LENGTH} characters", field="unit")
    async with ctx.uow as uow:
        experiment = await load_experiment(uow, actor, query.experiment_id)
    return Assignment(
        experiment_id=experiment.id, unit_id=query.unit_id, arm=experiment.assign(query.unit_id)
    )
