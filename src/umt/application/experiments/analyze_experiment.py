"""AnalyzeExperiment: aggregate in the database, compute the statistics, apply the stopping
rule. With ``apply`` (the default) a running experiment that meets the rule concludes (its
winner's version is promoted through ``experiment.concluded``) and an optimize-mode one
takes the bandit's new allocation; without it the analysis is only reported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.experiments.analysis import Analysis, analyze
from umt.application.experiments.loading import load_experiment
from umt.application.experiments.promotion import promote_winner
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.experiments.design import ExperimentMode
from umt.domain.experiments.experiment import Experiment, ExperimentStatus
from umt.domain.identity.permissions import Permission
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyzeExperiment:
    use_case: ClassVar = UseCase(
        Permission.EXPERIMENTS_MANAGE, task="experiment.analyze", agent=Agent.CONTENT_CREATION
    )
    experiment_id: UUID
    apply: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentAnalysis:
    experiment: Experiment
    analysis: Analysis
    concluded: bool  # this analysis concluded the experiment
    reallocated: bool  # this analysis changed the optimize mode's weights


async def analyze_experiment(
    cmd: AnalyzeExperiment, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> ExperimentAnalysis:
    actor = ctx.actor()
    actor.require(
        AnalyzeExperiment.use_case.permission if cmd.apply else Permission.EXPERIMENTS_READ
    )
    concluded = reallocated = False
    async with ctx.uow as uow:
        experiment = await load_experiment(uow, actor, cmd.experiment_id)
        metrics = [experiment.primary_metric.name, *(g.metric.name for g in experiment.guardrails)]
        totals = await uow.experiment_metrics.arm_totals(
            experiment.organization_id, experiment.id, metrics
        )
        analysis = analyze(experiment, totals)
        running = experiment.status is ExperimentStatus.RUNNING
        if cmd.apply and running:
            now = clock.now()
            reason = analysis.stopping_reason
            if reason is not None:
                result = analysis.as_data()
                if analysis.winner is not None:  # in the same transaction: promotion.py
                    result["promotion"] = await promote_winner(
                        uow, experiment, analysis.winner, ids=ids, now=now
                    )
                experiment.conclude(reason=reason, winner=analysis.winner, now=now, result=result)
                concluded = True
            elif experiment.mode is ExperimentMode.OPTIMIZE and analysis.allocation:
                version = experiment.version
                experiment.reallocate(analysis.allocation, now=now)
                reallocated = experiment.version != version
            if concluded or reallocated:
                await uow.experiments.save(experiment)
                await uow.commit()
    return ExperimentAnalysis(
        experiment=experiment, analysis=analysis, concluded=concluded, reallocated=reallocated
    )
