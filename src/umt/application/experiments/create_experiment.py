"""CreateExperiment: a draft experiment for one of the organization's brands, with the
required sample size per arm computed from its power analysis (shown before it starts). Each
arm's content (and version) must exist in the brand (arm_content.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.experiments import inputs
from umt.application.experiments.arm_content import check_arm_content
from umt.application.experiments.power import required_sample_size
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.experiments.experiment import Experiment
from umt.domain.identity.permissions import Permission
from umt.domain.shared.ids import ExperimentId
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateExperiment:
    use_case: ClassVar = UseCase(
        Permission.EXPERIMENTS_MANAGE, task="experiment.create", agent=Agent.CONTENT_CREATION
    )
    brand_id: UUID | str
    name: str
    primary_metric: Mapping[str, Any]  # {"name": "signups", "kind": "conversion"}
    arms: Sequence[Mapping[str, Any]]  # control first: {"name", "content_id", "weight", ...}
    mde: Mapping[str, Any]  # {"value": 0.1, "baseline": 0.05} or {"value": 2.0, "std": 9.0}
    hypothesis: str = ""
    mode: str = "hypothesis_test"
    guardrails: Sequence[Mapping[str, Any]] = ()
    alpha: float = 0.05
    power: float = 0.8
    max_sample_factor: float = 2.0


async def create_experiment(
    cmd: CreateExperiment, ctx: Context, *, ids: IdGenerator, clock: Clock
) -> Experiment:
    actor = ctx.actor()
    actor.require(CreateExperiment.use_case.permission)
    primary = inputs.metric(cmd.primary_metric)
    effect = inputs.mde(cmd.mde)
    alpha = inputs.probability(cmd.alpha, "alpha")
    power = inputs.probability(cmd.power, "power")
    design: dict[str, Any] = {
        "name": cmd.name,
        "hypothesis": cmd.hypothesis,
        "mode": inputs.mode(cmd.mode),
        "primary_metric": primary,
        "guardrails": inputs.guardrails(cmd.guardrails),
        "arms": inputs.arms(cmd.arms),
        "mde": effect,
        "alpha": alpha,
        "power": power,
        "max_sample_factor": inputs.probability(cmd.max_sample_factor, "max_sample_factor"),
    }
    brand_id = inputs.parsed("brand_id", lambda: inputs.as_uuid(cmd.brand_id))
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, brand_id)
        new_id = ids.new_id()
        experiment = Experiment.create(
            id=ExperimentId(new_id),
            organization_id=actor.organization_id,
            brand_id=brand.id,
            salt=ids.new_id().hex,
            required_sample_size=_sample_size(design),
            now=clock.now(),
            **design,
        )
        # the design is checked whole first (domain), then what its arms refer to
        await check_arm_content(uow, actor.organization_id, brand.id, experiment.arms)
        await uow.experiments.add(experiment)
        await uow.commit()
    return experiment


def _sample_size(design: Mapping[str, Any]) -> int:
    return required_sample_size(
        design["primary_metric"], design["mde"], alpha=design["alpha"], power=design["power"]
    )
