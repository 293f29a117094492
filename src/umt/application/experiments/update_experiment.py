"""UpdateExperiment: change a draft's design; the required sample size is recomputed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.experiments import inputs
from umt.application.experiments.arm_content import check_arm_content
from umt.application.experiments.loading import load_experiment
from umt.application.experiments.power import required_sample_size
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.experiments.experiment import Experiment
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateExperiment:
    use_case: ClassVar = UseCase(Permission.EXPERIMENTS_MANAGE)
    experiment_id: UUID
    changes: Mapping[str, Any]
    expected_version: int | None = None


async def update_experiment(cmd: UpdateExperiment, ctx: Context, *, clock: Clock) -> Experiment:
    actor = ctx.actor()
    actor.require(UpdateExperiment.use_case.permission)
    changes = inputs.design_changes(cmd.changes)
    async with ctx.uow as uow:
        experiment = await load_experiment(uow, actor, cmd.experiment_id)
        sample_size = required_sample_size(
            changes.get("primary_metric", experiment.primary_metric),
            changes.get("mde", experiment.mde),
            alpha=changes.get("alpha", experiment.alpha),
            power=changes.get("power", experiment.power),
        )
        experiment.update(
            changes,
            required_sample_size=sample_size,
            now=clock.now(),
            expected_version=cmd.expected_version,
        )
        if "arms" in changes:  # after the domain's checks of the design, as at creation
            await check_arm_content(
                uow, experiment.organization_id, experiment.brand_id, experiment.arms
            )
        await uow.experiments.save(experiment)
        await uow.commit()
    return experiment
