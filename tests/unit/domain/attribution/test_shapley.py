"""Exact Shapley values against games solved by hand, the efficiency of the split, the
identity with an equal split among a path's distinct keys, and the bound of 15 keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.domain.attribution.support import path

from umt.domain.attribution.errors import TooManyKeys
from umt.domain.attribution.journeys import Credits, Journey
from umt.domain.attribution.paths import ConversionPath, Dimension
from umt.domain.attribution.shapley import MAX_KEYS, coalition_worths, shapley


def journeys(paths: list[ConversionPath]) -> list[Journey]:
    return [Journey.of(p, Dimension.CHANNEL) for p in paths]


def values(found: Credits) -> dict[str, tuple[float, float]]:
    return {k: (c.conversions, c.value) for k, c in found.items()}


def test_two_players_solved_by_hand() -> None:
    # converting paths: {A} worth 10, {A, B} worth 30; a path of B alone did not convert
    # conversions: v(∅) = 0, v(A) = 1, v(B) = 0, v(AB) = 2
    #   φ_A = 1/2 · [(v(A) - v(∅)) + (v(AB) - v(B))] = 1/2 · (1 + 2) = 1.5
    #   φ_B = 1/2 · [(v(B) - v(∅)) + (v(AB) - v(A))] = 1/2 · (0 + 1) = 0.5
    # value: v(A) = 10, v(B) = 0, v(AB) = 40
    #   φ_A = 1/2 · (10 + 40) = 25, φ_B = 1/2 · (0 + 30) = 15
    found = shapley(
        journeys([path("a", value="10"), path("a b", value="30"), path("b", converted=False)])
    )
    assert values(found) == {"a": pytest.approx((1.5, 25.0)), "b": pytest.approx((0.5, 15.0))}


def test_three_players_solved_by_hand() -> None:
    # converting paths: {A, B} once, {B, C} once, {A, B, C} once (1 conversion each)
    # v: ∅ 0, A 0, B 0, C 0, AB 1, AC 0, BC 1, ABC 3
    # weights for n = 3: |S| = 0 → 1/3, |S| = 1 → 1/6, |S| = 2 → 1/3
    # φ_A = 1/3·(v(A)-0) + 1/6·(v(AB)-v(B)) + 1/6·(v(AC)-v(C)) + 1/3·(v(ABC)-v(BC))
    #     = 0 + 1/6 + 0 + 1/3·2 = 5/6
    # φ_B = 0 + 1/6·(v(AB)-v(A)) + 1/6·(v(BC)-v(C)) + 1/3·(v(ABC)-v(AC)) = 1/6 + 1/6 + 1 = 4/3
    # φ_C = 0 + 1/6·(v(AC)-v(A)) + 1/6·(v(BC)-v(B)) + 1/3·(v(ABC)-v(AB)) = 0 + 1/6 + 2/3 = 5/6
    # (sum 3 = v(ABC))
    found = shapley(journeys([path("a b"), path("b c"), path("c a b")]))
    assert {k: c.conversions for k, c in found.items()} == pytest.approx(
        {"a": 5 / 6, "b": 4 / 3, "c": 5 / 6}
    )


def test_the_worth_of_a_coalition_counts_the_paths_inside_it() -> None:
    # keys (A, B): masks 0 ∅, 1 {A}, 2 {B}, 3 {A, B}; paths {A}, {A, B}, {A, B}
    conversions, _ = coalition_worths(journeys([path("a"), path("a b"), path("b a")]), ["a", "b"])
    assert conversions == [0.0, 1.0, 0.0, 3.0]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=4), min_size=1, max_size=10)
)
def test_the_values_add_up_and_equal_an_equal_split_among_distinct_keys(
    drawn: list[list[str]],
) -> None:
    found = shapley(journeys([path(" ".join(steps), value="12") for steps in drawn]))
    expected: dict[str, float] = {}
    for steps in drawn:
        for key in set(steps):
            expected[key] = expected.get(key, 0.0) + 1 / len(set(steps))
    assert {k: c.conversions for k, c in found.items()} == pytest.approx(expected)
    assert sum(c.value for c in found.values()) == pytest.approx(12.0 * len(drawn))


def test_fifteen_keys_are_computed_and_sixteen_refused() -> None:
    fifteen = [path(" ".join(f"k{i:02}" for i in range(MAX_KEYS)))]
    found = shapley(journeys(fifteen))
    assert found["k00"].conversions == pytest.approx(1 / MAX_KEYS)
    with pytest.raises(TooManyKeys, match="at most 15"):
        shapley(journeys([*fifteen, path("k99")]))
