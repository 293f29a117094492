"""The ExperimentRepository port: Experiment aggregates by tenant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from umt.domain.experiments.experiment import Experiment, ExperimentStatus
from umt.domain.shared.ids import BrandId, ExperimentId, OrganizationId
from umt.ports.pagination import Page, PageRequest

EXPERIMENT_SORTS = frozenset({"created_at", "updated_at", "name"})


@dataclass(frozen=True, slots=True)
class ExperimentFilter:
    brand_id: BrandId | None = None
    status: ExperimentStatus | None = None
    brand_ids: frozenset[BrandId] | None = None  # a member's brand scope; None: every brand


class ExperimentRepository(Protocol):
    async def get(
        self, organization_id: OrganizationId, experiment_id: ExperimentId
    ) -> Experiment | None: ...

    async def add(self, experiment: Experiment) -> None: ...

    async def save(self, experiment: Experiment) -> None:
        """Persist a loaded experiment; raises StaleVersion if another writer saved it
        meanwhile (the bandit's reallocation and a user's stop cannot both win)."""
        ...

    async def list(
        self, organization_id: OrganizationId, filters: ExperimentFilter, page: PageRequest
    ) -> Page[Experiment]: ...
