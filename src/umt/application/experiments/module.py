"""The experiments context: A/B/n tests, their assignments, events and analysis."""

from __future__ import annotations

from umt.application.context_module import ContextModule
from umt.application.experiments import (
    analyze_experiment,
    create_experiment,
    experiment_queries,
    get_assignment,
    lifecycle,
    record_events,
    update_experiment,
)

MODULE = ContextModule(
    name="experiments",
    handlers=(
        create_experiment.create_experiment,
        update_experiment.update_experiment,
        experiment_queries.get_experiment,
        experiment_queries.list_experiments,
        lifecycle.start_experiment,
        lifecycle.stop_experiment,
        lifecycle.conclude_experiment,
        get_assignment.get_assignment,
        record_events.record_experiment_events,
        analyze_experiment.analyze_experiment,
    ),
)
