"""Events of the experiments context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from umt.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentCreated(DomainEvent):
    event_type: ClassVar[str] = "experiment.created"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentUpdated(DomainEvent):
    event_type: ClassVar[str] = "experiment.updated"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentStarted(DomainEvent):
    event_type: ClassVar[str] = "experiment.started"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentStopped(DomainEvent):
    event_type: ClassVar[str] = "experiment.stopped"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentConcluded(DomainEvent):
    """Carries the winner arm and its content version, for the content library to promote."""

    event_type: ClassVar[str] = "experiment.concluded"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentAllocationChanged(DomainEvent):
    """An optimize-mode experiment's bandit moved traffic between arms."""

    event_type: ClassVar[str] = "experiment.allocation_changed"
    aggregate_type: ClassVar[str] = "experiment"
