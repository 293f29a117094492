"""How a task attempt ended, reported once per attempt to an optional observer (metrics)."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class TaskOutcome(StrEnum):
    PROCESSED = "processed"  # succeeded, answered
    FAILED = "failed"  # a client error: answered with the error, not retried
    RETRIED = "retried"  # a transient error: delivered again after a back-off
    DEAD_LETTERED = "dead_lettered"  # a bug, a fatal error or retries exhausted


class TaskObserver(Protocol):
    def __call__(
        self,
        agent: str,
        task_type: str,
        outcome: TaskOutcome,
        seconds: float,
        *,
        waited_seconds: float | None = None,
    ) -> None:
        """Called once per task attempt, after it was settled; must be cheap and not raise.
        ``seconds``: delivery to settlement; ``waited_seconds``: from the task's sending (its
        header's timestamp) to its delivery, the age at which its queue handed it over."""
        ...
