"""The lifecycle commands: StartExperiment, StopExperiment and ConcludeExperiment (manual).

Kept in one module because each is the same three lines around one aggregate method.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.experiments.loading import load_experiment
from umt.application.experiments.promotion import promote_winner
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.experiments.errors import ExperimentInvalid
from umt.domain.experiments.experiment import Experiment, StoppingReason
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

# the reasons a person may give; the others come from the stopping rule
MANUAL_REASONS = frozenset(
    {StoppingReason.WINNER_FOUND, StoppingReason.NO_DIFFERENCE, StoppingReason.STOPPED_BY_USER}
)
STOP_REASONS = frozenset({StoppingReason.STOPPED_BY_USER, StoppingReason.SRM_DETECTED})


@dataclass(frozen=True, slots=True, kw_only=True)
class StartExperiment:
    use_case: ClassVar = UseCase(
        Permission.EXPERIMENTS_MANAGE, task="experiment.start", agent=Agent.CONTENT_CREATION
    )
    experiment_id: UUID
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StopExperiment:
    use_case: ClassVar = UseCase(
        Permission.EXPERIMENTS_MANAGE, task="experiment.stop", agent=Agent.CONTENT_CREATION
    )
    experiment_id: UUID
    reason: str = StoppingReason.STOPPED_BY_USER.value  # or srm_detected
    expected_version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConcludeExperiment:
    """Conclude by hand (a running or stopped experiment): ``winner`` names the arm whose
    content version gets promoted, with reason winner_found."""

    use_case: ClassVar = UseCase(Permission.EXPERIMENTS_MANAGE)

    experiment_id: UUID
    reason: str
    winner: str | None = None
    expected_version: int | None = None


def _reason(value: str, allowed: frozenset[StoppingReason]) -> StoppingReason:
    try:
        reason = StoppingReason(value)
    except ValueError:
        reason = None
    if reason not in allowed:
        options = ", ".join(sorted(r.value for r in allowed))
        raise ExperimentInvalid(f"{value!r} is not one of: {options}", field="reason")
    return reason


async def _change(
    ctx: Context,
    clock: Clock,
    experiment_id: UUID,
    change: Callable[[Experiment, datetime], None],
) -> Experiment:
    actor = ctx.actor()
    actor.require(Permission.EXPERIMENTS_MANAGE)
    async with ctx.uow as uow:
        experiment = await load_experiment(uow, actor, experiment_id)
        change(experiment, clock.now())
        await uow.experiments.save(experiment)
        await uow.commit()
    return experiment


async def start_experiment(cmd: StartExperiment, ctx: Context, *, clock: Clock) -> Experiment:
    return await _change(
        ctx,
        clock,
        cmd.experiment_id,
        lambda e, now: e.start(now=now, expected_version=cmd.expected_version),
    )


async def stop_experiment(cmd: StopExperiment, ctx: Context, *, clock: Clock) -> Experiment:
    reason = _reason(cmd.reason, STOP_REASONS)
    return await _change(
        ctx,
        clock,
        cmd.experiment_id,
        lambda e, now: e.stop(now=now, reason=reason, expected_version=cmd.expected_version),
    )


async def conclude_experiment(
    cmd: ConcludeExperiment, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> Experiment:
    """With a winner, its version is promoted in the same transaction (promotion.py): if the
    conclusion is refused, nothing is committed, the promotion included."""
    reason = _reason(cmd.reason, MANUAL_REASONS)
    actor = ctx.actor()
    actor.require(ConcludeExperiment.use_case.permission)
    async with ctx.uow as uow:
        experiment = await load_experiment(uow, actor, cmd.experiment_id)
        now = clock.now()
        result: dict[str, Any] = {"concluded_by": "user"}
        if cmd.winner is not None:
            result["promotion"] = await promote_winner(
                uow, experiment, cmd.winner, ids=ids, now=now
            )
        experiment.conclude(
            reason=reason,
            winner=cmd.winner,
            now=now,
            result=result,
            expected_version=cmd.expected_version,
        )
        await uow.experiments.save(experiment)
        await uow.commit()
    return experiment
