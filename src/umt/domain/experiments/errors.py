"""Named business-rule violations of the experiments context."""

from __future__ import annotations

from umt.domain.shared.errors import Conflict, IllegalTransition, InvalidValue


class ExperimentInvalid(InvalidValue):
    """The experiment's design is inconsistent (arms, weights, metrics, effect size)."""

    code = "experiment_invalid"


class IllegalExperimentTransition(IllegalTransition):
    """The lifecycle draft → running → stopped → concluded does not allow this step."""

    code = "illegal_experiment_transition"


class ExperimentNotEditable(Conflict):
    """Only a draft can be edited: a running experiment's design is frozen."""

    code = "experiment_not_editable"


class ExperimentNotRunning(Conflict):
    """Assignment and event ingestion need a running experiment."""

    code = "experiment_not_running"


class UnknownArm(InvalidValue):
    """An event or a conclusion names an arm the experiment does not have."""

    code = "unknown_arm"


class InvalidObservations(ExperimentInvalid):
    """A batch of events was refused as a whole; ``errors`` lists (field, message) per bad
    event, the field indexed like ``events[3].unit_id``."""

    code = "invalid_events"

    def __init__(
        self, message: str, *, field: str | None = None, errors: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(message, field=field)
        self.errors = errors
