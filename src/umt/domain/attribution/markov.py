"""The first-order Markov model's removal effect, in closed form (no simulation).

Every path is a walk ``start → k1 → … → kn → conversion`` (or ``→ null`` when it did not
convert). Counting the transitions of all paths gives an absorbing chain: the transient states
are ``start`` and the keys, ``Q`` their transition probabilities among themselves and ``R``
those into the absorbing ``conversion`` and ``null``. With the fundamental matrix
``N = (I - Q)^-1``, ``B = N R`` holds the probability of ending in ``conversion`` from each
state; ``P = B[start, conversion]`` is the chain's conversion probability.

Removing a key ``c`` (every transition into ``c`` goes to ``null`` instead) leaves the walks
that never visit ``c``. A walk from ``start`` visits ``c`` with probability
``h = N[start, c] / N[c, c]``, and once there converts with ``B[c]`` (the chain forgets how it
came), so ``P_without_c = P - h · B[c]`` and the removal effect is
``RE(c) = 1 - P_without_c / P = h · B[c] / P``: one inversion serves every key. The credits
are the removal effects normalised to add up to the conversions (and the value) of the paths.

A key touched twice in a row adds a self-loop; it delays a walk without changing where it
ends, so repeated touchpoints change no credit. ``MAX_KEYS`` bounds the matrix (pure-Python
inversion is cubic in it).
"""

from __future__ import annotations

from collections.abc import Sequence

from umt.domain.attribution.errors import TooManyKeys
from umt.domain.attribution.journeys import Credit, Credits, Journey, sorted_credits, totals
from umt.domain.attribution.linalg import identity, inverse, multiply

MAX_KEYS = 100  # a 101 x 101 inversion: about 0.35 s in pure Python
START = 0  # the index of the start state; keys follow from 1


def transition_matrices(
    journeys: Sequence[Journey], keys: Sequence[str]
) -> tuple[list[list[float]], list[float], list[float]]:
    """``Q`` (transient to transient) and the columns of ``R`` (into conversion, into null),
    over the states ``start`` and ``keys`` (in that order), from the paths' transitions."""
    index = {key: i + 1 for i, key in enumerate(keys)}
    size = len(keys) + 1
    counts = [[0.0] * size for _ in range(size)]
    converted, lost = [0.0] * size, [0.0] * size
    for journey in journeys:
        here = START
        for step in journey.steps:
            there = index[step]
            counts[here][there] += 1.0
            here = there
        (converted if journey.converted else lost)[here] += 1.0
    q: list[list[float]] = []
    to_conversion, to_null = [], []
    for state in range(size):
        out = sum(counts[state]) + converted[state] + lost[state]
        scale = 1.0 / out if out else 0.0
        q.append([c * scale for c in counts[state]])
        to_conversion.append(converted[state] * scale)
        to_null.append(lost[state] * scale)
    return q, to_conversion, to_null


def removal_effects(journeys: Sequence[Journey]) -> tuple[float, dict[str, float]]:
    """The chain's conversion probability ``P`` and each key's removal effect (0 to 1)."""
    keys = sorted({step for journey in journeys for step in journey.steps})
    if len(keys) > MAX_KEYS:
        raise TooManyKeys(
            f"the Markov model computes at most {MAX_KEYS} distinct keys exactly; these paths "
            f"have {len(keys)}: narrow the range or report by a coarser dimension",
            field="models",
        )
    q, to_conversion, _ = transition_matrices(journeys, keys)
    size = len(keys) + 1
    unit = identity(size)
    fundamental = inverse([[unit[i][j] - q[i][j] for j in range(size)] for i in range(size)])
    absorbed = multiply(fundamental, to_conversion)  # B[:, conversion]
    probability = absorbed[START]
    if probability <= 0.0:
        return 0.0, dict.fromkeys(keys, 0.0)
    effects = {}
    for i, key in enumerate(keys, start=1):
        visits = fundamental[START][i] / fundamental[i][i]
        effects[key] = min(max(visits * absorbed[i] / probability, 0.0), 1.0)
    return probability, effects


def markov(journeys: Sequence[Journey]) -> Credits:
    """Each key's credit: its removal effect's share of all removal effects, times the
    conversions (and the value) of the paths."""
    _, effects = removal_effects(journeys)
    total = sum(effects.values())
    whole = totals(journeys)
    if total <= 0.0:
        return sorted_credits(dict.fromkeys(effects, Credit()))
    return sorted_credits({key: whole.scaled(effect / total) for key, effect in effects.items()})
