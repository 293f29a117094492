"""The attribution models by name, run side by side over one set of paths.

``attribute`` projects the paths on a dimension (channel, campaign or content), runs each
model asked for and returns every key's credit per model. It is pure: the same paths give
the same credits. What the credits mean (and do not) is in docs/attribution.md: they share
out conversions among the touchpoints that preceded them, an association, not causation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from umt.domain.attribution.heuristics import (
    DEFAULT_HALF_LIFE,
    first_touch_weights,
    last_touch_weights,
    linear_weights,
    position_weights,
    split,
    time_decay_weights,
)
from umt.domain.attribution.journeys import Credit, Credits, Journey, totals
from umt.domain.attribution.markov import markov
from umt.domain.attribution.paths import ConversionPath, Dimension
from umt.domain.attribution.shapley import shapley

INTERPRETATION = (
    "association, not causation: each model shares out the conversions among the touchpoints "
    "that preceded them by its own rule; none measures what a touchpoint caused (only an "
    "experiment with a holdout does)"
)


class Model(StrEnum):
    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"
    LINEAR = "linear"
    POSITION_BASED = "position_based"  # 40/20/40
    TIME_DECAY = "time_decay"
    MARKOV = "markov"  # removal effect, closed form
    SHAPLEY = "shapley"  # exact, up to 15 keys


ALL_MODELS: tuple[Model, ...] = tuple(Model)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Every key's credit per model, and what the models shared out."""

    dimension: Dimension
    models: tuple[Model, ...]
    keys: tuple[str, ...]  # every key seen, sorted
    credits: dict[Model, Credits]  # a model that gave a key nothing may omit it
    paths: int  # converting paths read
    unconverted_paths: int  # read by the Markov model only
    total: Credit  # the conversions and value every model shares out

    def credit(self, model: Model, key: str) -> Credit:
        return self.credits[model].get(key, Credit())


def _runner(model: Model, half_life: timedelta) -> Callable[[Sequence[Journey]], Credits]:
    weights = {
        Model.FIRST_TOUCH: first_touch_weights,
        Model.LAST_TOUCH: last_touch_weights,
        Model.LINEAR: linear_weights,
        Model.POSITION_BASED: position_weights,
    }
    if model in weights:
        return lambda journeys: split(journeys, weights[model])
    if model is Model.TIME_DECAY:
        decay = time_decay_weights(half_life)
        return lambda journeys: split(journeys, decay)
    return markov if model is Model.MARKOV else shapley


def attribute(
    paths: Sequence[ConversionPath],
    *,
    dimension: Dimension = Dimension.CHANNEL,
    models: Sequence[Model] = ALL_MODELS,
    half_life: timedelta = DEFAULT_HALF_LIFE,
) -> Attribution:
    """Run ``models`` (in that order, each once) over ``paths`` by ``dimension``."""
    chosen = tuple(dict.fromkeys(Model(m) for m in models))
    journeys = [Journey.of(path, dimension) for path in paths]
    runners = {model: _runner(model, half_life) for model in chosen}  # bad settings first
    found = {model: run(journeys) for model, run in runners.items()}
    converted = sum(1 for j in journeys if j.converted)
    return Attribution(
        dimension=dimension,
        models=chosen,
        keys=tuple(sorted({step for j in journeys for step in j.steps})),
        credits=found,
        paths=converted,
        unconverted_paths=len(journeys) - converted,
        total=totals(journeys),
    )
