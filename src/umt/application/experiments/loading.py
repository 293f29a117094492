"""Loading an experiment for the current tenant: absent, another organization's, or of a
brand outside a member's scope all look the same (NotFound)."""

from __future__ import annotations

from uuid import UUID

from umt.application.principal import Principal
from umt.domain.experiments.experiment import Experiment
from umt.domain.shared.errors import NotFound
from umt.domain.shared.ids import ExperimentId
from umt.ports.unit_of_work import UnitOfWork


async def load_experiment(uow: UnitOfWork, actor: Principal, experiment_id: UUID) -> Experiment:
    experiment = await uow.experiments.get(actor.organization_id, ExperimentId(experiment_id))
    if experiment is None or not actor.can_access_brand(experiment.brand_id):
        raise NotFound(f"experiment {experiment_id} not found")
    return experiment
