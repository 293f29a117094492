"""Deterministic assignment: pinned unit → arm pairs, the documented scheme, the distribution."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from scipy import stats

from umt.domain.experiments.assignment import arm_index, assign, unit_position
from umt.domain.experiments.errors import ExperimentInvalid

# Pinned: any change to the hashing scheme reassigns running experiments' units, so it fails here.
PINNED = [
    ("user-1", 0.3719908287515099, 0, 0),
    ("user-2", 0.4551242664049191, 0, 0),
    ("user-3", 0.8015158547704909, 1, 2),
    ("visitor-42", 0.11754991610136456, 0, 0),
    ("a@example.com", 0.9996376306681517, 1, 2),
    ("ü-unicode", 0.1486552591635215, 0, 0),
]


@pytest.mark.parametrize(("unit", "position", "two_arms", "three_arms"), PINNED)
def test_known_units_keep_their_arms(
    unit: str, position: float, two_arms: int, three_arms: int
) -> None:
    assert unit_position("salt-2026", unit) == position
    assert assign("salt-2026", unit, [1, 1]) == two_arms
    assert assign("salt-2026", unit, [0.5, 0.3, 0.2]) == three_arms


def test_the_position_is_the_documented_sha256_prefix() -> None:
    digest = hashlib.sha256(b"s\x00u").digest()
    expected = (int.from_bytes(digest[:8], "big") >> 11) / 2**53
    assert unit_position("s", "u") == expected
    assert 0 <= expected < 1


def test_assignment_is_the_same_in_another_process() -> None:
    code = (
        "from umt.domain.experiments.assignment import assign;"
        "print([assign('x', f'u{i}', [2, 1, 1]) for i in range(50)])"
    )
    out = subprocess.run(  # noqa: S603  # our own interpreter, fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PYTHONPATH": "src"},
    ).stdout.strip()
    assert out == str([assign("x", f"u{i}", [2, 1, 1]) for i in range(50)])


def test_the_salt_changes_the_assignment() -> None:
    first = [assign("a", f"u{i}", [1, 1]) for i in range(200)]
    second = [assign("b", f"u{i}", [1, 1]) for i in range(200)]
    assert first != second


def test_100k_units_follow_the_weights_within_chi_square_tolerance() -> None:
    weights = [0.5, 0.3, 0.2]
    counts = [0, 0, 0]
    for i in range(100_000):
        counts[assign("distribution-salt", f"unit-{i}", weights)] += 1
    expected = [w * 100_000 for w in weights]
    _, p_value = stats.chisquare(counts, expected)
    assert p_value > 0.001, counts


def test_weights_only_move_units_at_the_boundaries() -> None:
    before = [assign("s", f"u{i}", [0.5, 0.5]) for i in range(10_000)]
    after = [assign("s", f"u{i}", [0.6, 0.4]) for i in range(10_000)]
    moved = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    # only arm 1 → arm 0 for positions in [0.5, 0.6): about a tenth of the units
    assert all(pair == (1, 0) for pair in moved)
    assert 800 < len(moved) < 1200


def test_boundaries_and_bad_weights() -> None:
    assert arm_index(0.0, [1, 1]) == 0
    assert arm_index(0.5, [1, 1]) == 1
    assert arm_index(0.999999999, [1, 1, 1]) == 2
    with pytest.raises(ExperimentInvalid):
        arm_index(0.1, [1, 0])
    with pytest.raises(ExperimentInvalid):
        arm_index(0.1, [])
