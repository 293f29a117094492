"""Events of the experiments context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypedDict
from uuid import UUID

from umt.domain.experiments.design import Arm
from umt.domain.shared.events import Changes, EventFacts, TypedEvent


class ArmShown(TypedDict):
    """An arm and the content version it shows, as event data (ids as text)."""

    arm: str
    content_id: str
    content_version_id: str | None
    content_version: int | None


def arm_shown(arm: Arm) -> ArmShown:
    """What ``arm`` shows, as event data."""
    version_id = arm.content_version_id
    return {
        "arm": arm.name,
        "content_id": str(arm.content_id),
        "content_version_id": str(version_id) if version_id else None,
        "content_version": arm.content_version,
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentDesigned(EventFacts):
    """An experiment created: its brand, name, mode, arm names and sample size."""

    brand_id: UUID
    name: str
    mode: str
    arms: list[str]
    required_sample_size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentLaunch(EventFacts):
    """An experiment started: the content versions its arms show."""

    brand_id: UUID
    mode: str
    arms: list[ArmShown]
    required_sample_size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StopReason(EventFacts):
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Conclusion(EventFacts):
    """The reason an experiment concluded, its winner (if any) and its control."""

    brand_id: UUID
    reason: str
    winner: ArmShown | None
    control: ArmShown


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation(EventFacts):
    """The traffic weights, one per arm, before and after the bandit moved them."""

    before: list[float]
    after: list[float]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentCreated(TypedEvent[ExperimentDesigned]):
    event_type: ClassVar[str] = "experiment.created"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentUpdated(TypedEvent[Changes]):
    event_type: ClassVar[str] = "experiment.updated"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentStarted(TypedEvent[ExperimentLaunch]):
    event_type: ClassVar[str] = "experiment.started"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentStopped(TypedEvent[StopReason]):
    event_type: ClassVar[str] = "experiment.stopped"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentConcluded(TypedEvent[Conclusion]):
    """Carries the winner arm and its content version, for the content library to promote."""

    event_type: ClassVar[str] = "experiment.concluded"
    aggregate_type: ClassVar[str] = "experiment"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExperimentAllocationChanged(TypedEvent[Allocation]):
    """An optimize-mode experiment's bandit moved traffic between arms."""

    event_type: ClassVar[str] = "experiment.allocation_changed"
    aggregate_type: ClassVar[str] = "experiment"
