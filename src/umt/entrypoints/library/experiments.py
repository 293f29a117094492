"""``platform.experiments`` (as /api/v1/experiments).

Design a draft (its required sample size is computed), start it, ask which arm a unit sees,
record exposure and conversion events (idempotent by ``event_id``), and analyze: ``analysis``
only reads, ``analyze`` applies the stopping rule (concluding, and promoting the winner's
content version, or reallocating a bandit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from umt.application.experiments.analyze_experiment import AnalyzeExperiment, ExperimentAnalysis
from umt.application.experiments.create_experiment import CreateExperiment
from umt.application.experiments.experiment_queries import GetExperiment, ListExperiments
from umt.application.experiments.get_assignment import Assignment, GetAssignment
from umt.application.experiments.lifecycle import (
    ConcludeExperiment,
    StartExperiment,
    StopExperiment,
)
from umt.application.experiments.record_events import RecordedEvents, RecordExperimentEvents
from umt.application.experiments.update_experiment import UpdateExperiment
from umt.application.experiments.views import ExperimentAnalysisView, ExperimentView
from umt.application.read_models import page_of
from umt.domain.experiments.experiment import Experiment, StoppingReason
from umt.entrypoints.library.session import BusApi, Session
from umt.ports.pagination import Page, PageRequest


class ExperimentsApi(BusApi):
    """Experiments between content versions (``experiments:manage`` to change them)."""

    async def _experiment(self, session: Session, message: object) -> ExperimentView:
        return ExperimentView.from_aggregate(await self._ask(session, message, Experiment))

    async def _analysis(self, session: Session, message: object) -> ExperimentAnalysisView:
        return ExperimentAnalysisView.from_result(
            await self._ask(session, message, ExperimentAnalysis)
        )

    async def create(  # one keyword per field of the design
        self,
        session: Session,
        brand_id: UUID,
        *,
        name: str,
        primary_metric: Mapping[str, Any],
        arms: Sequence[Mapping[str, Any]],
        mde: Mapping[str, Any],
        hypothesis: str = "",
        mode: str = "hypothesis_test",
        guardrails: Sequence[Mapping[str, Any]] = (),
        alpha: float = 0.05,
        power: float = 0.8,
        max_sample_factor: float = 2.0,
    ) -> ExperimentView:
        """A draft experiment. ``arms``: control first, each ``{"name", "content_id",
        "content_version" or "content_version_id", "weight"?}`` on the brand's content;
        ``primary_metric``: ``{"name": "signups", "kind": "conversion"}``; ``mde``:
        ``{"value": 0.1, "baseline": 0.05}`` (or ``"std"`` for a continuous metric)."""
        return await self._experiment(
            session,
            CreateExperiment(
                brand_id=brand_id,
                name=name,
                primary_metric=primary_metric,
                arms=arms,
                mde=mde,
                hypothesis=hypothesis,
                mode=mode,
                guardrails=guardrails,
                alpha=alpha,
                power=power,
                max_sample_factor=max_sample_factor,
            ),
        )

    async def get(self, session: Session, experiment_id: UUID) -> ExperimentView:
        """One experiment (``experiments:read``)."""
        return await self._experiment(session, GetExperiment(experiment_id=experiment_id))

    async def list(
        self,
        session: Session,
        *,
        brand_id: UUID | None = None,
        status: str | None = None,
        page: PageRequest | None = None,
    ) -> Page[ExperimentView]:
        """The experiments the session sees, filtered by brand and status."""
        query = ListExperiments(brand_id=brand_id, status=status, page=page or PageRequest())
        found = await self._ask(session, query, Page[Experiment])
        return page_of(found, ExperimentView.from_aggregate)

    async def update(
        self,
        session: Session,
        experiment_id: UUID,
        *,
        expected_version: int | None,
        **changes: Any,
    ) -> ExperimentView:
        """Change a draft's design (the keywords of ``create``); the sample size is
        recomputed. A started experiment is not editable."""
        return await self._experiment(
            session,
            UpdateExperiment(
                experiment_id=experiment_id, changes=changes, expected_version=expected_version
            ),
        )

    async def start(
        self, session: Session, experiment_id: UUID, *, expected_version: int | None = None
    ) -> ExperimentView:
        """Start a draft: assignment and event ingestion open."""
        return await self._experiment(
            session,
            StartExperiment(experiment_id=experiment_id, expected_version=expected_version),
        )

    async def stop(
        self,
        session: Session,
        experiment_id: UUID,
        *,
        reason: str = StoppingReason.STOPPED_BY_USER.value,
        expected_version: int | None = None,
    ) -> ExperimentView:
        """Stop a running experiment (``stopped_by_user`` or ``srm_detected``); its results
        stay for a manual conclusion."""
        return await self._experiment(
            session,
            StopExperiment(
                experiment_id=experiment_id, reason=reason, expected_version=expected_version
            ),
        )

    async def conclude(
        self,
        session: Session,
        experiment_id: UUID,
        *,
        reason: str,
        winner: str | None = None,
        expected_version: int | None = None,
    ) -> ExperimentView:
        """Conclude by hand; ``winner`` names the arm whose content version is promoted."""
        return await self._experiment(
            session,
            ConcludeExperiment(
                experiment_id=experiment_id,
                reason=reason,
                winner=winner,
                expected_version=expected_version,
            ),
        )

    async def assignment(self, session: Session, experiment_id: UUID, unit: str) -> Assignment:
        """The arm (and its content version) that ``unit`` sees: deterministic, and only
        while the experiment runs."""
        query = GetAssignment(experiment_id=experiment_id, unit_id=unit)
        return await self._ask(session, query, Assignment)

    async def record_events(
        self, session: Session, experiment_id: UUID, events: Sequence[Mapping[str, Any]]
    ) -> RecordedEvents:
        """Record a batch of exposure and conversion events (``event_id``, ``unit_id``,
        ``kind``, optionally ``arm``, ``metric``, ``value``, ``covariate``,
        ``occurred_at``); a batch with any bad event is refused whole, and an event seen
        before counts as a duplicate."""
        command = RecordExperimentEvents(experiment_id=experiment_id, events=events)
        return await self._ask(session, command, RecordedEvents)

    async def analysis(self, session: Session, experiment_id: UUID) -> ExperimentAnalysisView:
        """The current analysis, without acting on it (``experiments:read``)."""
        return await self._analysis(
            session, AnalyzeExperiment(experiment_id=experiment_id, apply=False)
        )

    async def analyze(self, session: Session, experiment_id: UUID) -> ExperimentAnalysisView:
        """Analyze and apply the stopping rule: conclude (promoting a winner's version), or
        reallocate a bandit's weights (``experiments:manage``)."""
        return await self._analysis(
            session, AnalyzeExperiment(experiment_id=experiment_id, apply=True)
        )
