"""Deterministic assignment of units (visitors, recipients) to arms.

The scheme is frozen: SHA-256 of ``salt`` + NUL + ``unit_id`` (UTF-8), the first 8 bytes read
big-endian as an unsigned integer, its top 53 bits divided by 2**53 → a uniform number ``u``
in [0, 1) (53 bits: exactly representable as a float, so ``u`` never rounds up to 1). The
arm is the first whose cumulative normalised weight exceeds ``u``. Nothing depends on the
process, the Python version or hash randomisation, so every worker and every release assigns a
unit the same arm; a test pins known unit → arm pairs so that any change to it fails.

When the weights change (the optimize mode's bandit), ``u`` stays the same for a unit: only the
units whose ``u`` falls in a stretch of [0, 1) that changed owner move to another arm. The arm
recorded with each exposure is the one used by the analysis.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from umt.domain.experiments.errors import ExperimentInvalid

_MANTISSA_SHIFT = 64 - 53
_SCALE = float(2**53)


def unit_position(salt: str, unit_id: str) -> float:
    """The unit's fixed position ``u`` in [0, 1) for this experiment's salt."""
    digest = hashlib.sha256(salt.encode() + b"\x00" + unit_id.encode()).digest()
    return (int.from_bytes(digest[:8], "big") >> _MANTISSA_SHIFT) / _SCALE


def arm_index(position: float, weights: Sequence[float]) -> int:
    """The index of the arm owning ``position`` under ``weights`` (positive, any total)."""
    if not weights or any(not (w > 0) for w in weights):
        raise ExperimentInvalid("traffic weights must be positive", field="arms.weight")
    total = sum(weights)
    cumulative = 0.0
    for index, weight in enumerate(weights):
        cumulative += weight / total
        if position < cumulative:
            return index
    return len(weights) - 1  # rounding left the last boundary a hair under 1


def assign(salt: str, unit_id: str, weights: Sequence[float]) -> int:
    """The arm index of ``unit_id`` (see the module docstring for the scheme)."""
    return arm_index(unit_position(salt, unit_id), weights)
