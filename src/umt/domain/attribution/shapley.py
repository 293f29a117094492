"""Shapley values of the keys, exactly, over every coalition (at most ``MAX_KEYS`` keys).

The game's players are the keys seen on converting paths. A coalition ``S`` is worth the
conversions (and, as a second game, the value) of the converting paths whose keys all lie in
``S``: ``v(S) = sum of r(T) for T ⊆ S``, where ``r(T)`` is what the paths touching exactly the
keys ``T`` converted. A key's Shapley value is its marginal worth averaged over every order in
which the coalition can form:

    φ_i = Σ_{S ⊆ N \\ {i}} |S|! (n - |S| - 1)! / n! · (v(S + {i}) - v(S))

The values add up to ``v(N)``, all the conversions. For this characteristic function they
equal each path's conversion split equally among its distinct keys (a path touching A three
times and B once gives A and B half each), which the tests check against the enumeration;
the enumeration is what a different characteristic function would need. It walks ``2^n``
coalitions, so more than ``MAX_KEYS`` keys are refused (``TooManyKeys``), never approximated.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import factorial

from umt.domain.attribution.errors import TooManyKeys
from umt.domain.attribution.journeys import Credit, Credits, Journey, sorted_credits

MAX_KEYS = 15


def coalition_worths(
    journeys: Sequence[Journey], keys: Sequence[str]
) -> tuple[list[float], list[float]]:
    """``v(S)`` of every coalition (a bit mask over ``keys``), in conversions and in value."""
    bit = {key: 1 << i for i, key in enumerate(keys)}
    conversions = [0.0] * (1 << len(keys))
    values = [0.0] * (1 << len(keys))
    for journey in journeys:
        if journey.converted:
            mask = 0
            for step in journey.steps:
                mask |= bit[step]
            conversions[mask] += 1.0
            values[mask] += journey.value
    for i in range(len(keys)):  # from r(T) to v(S): add every subset (a zeta transform)
        flag = 1 << i
        for mask in range(1 << len(keys)):
            if mask & flag:
                conversions[mask] += conversions[mask ^ flag]
                values[mask] += values[mask ^ flag]
    return conversions, values


def shapley(journeys: Sequence[Journey]) -> Credits:
    keys = sorted({s for journey in journeys if journey.converted for s in journey.steps})
    n = len(keys)
    if n > MAX_KEYS:
        raise TooManyKeys(
            f"Shapley values are computed exactly for at most {MAX_KEYS} distinct keys (2^n "
            f"coalitions); these paths have {n}: leave shapley out of the models, narrow the "
            "range or report by a coarser dimension",
            field="models",
        )
    conversions, values = coalition_worths(journeys, keys)
    weight = [factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)]
    values_of: Credits = {}
    for i, key in enumerate(keys):
        flag = 1 << i
        phi_conversions = phi_value = 0.0
        for mask in range(1 << n):
            if mask & flag:
                continue
            w = weight[mask.bit_count()]
            phi_conversions += w * (conversions[mask | flag] - conversions[mask])
            phi_value += w * (values[mask | flag] - values[mask])
        values_of[key] = Credit(phi_conversions, phi_value)
    return sorted_credits(values_of)
