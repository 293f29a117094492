"""The Markov removal effect in closed form against a chain solved by hand, and against
re-solving the chain with the key removed (what the closed form must equal)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.domain.attribution.support import path

from umt.domain.attribution.errors import TooManyKeys
from umt.domain.attribution.journeys import Journey
from umt.domain.attribution.linalg import SingularMatrix, identity, inverse, multiply
from umt.domain.attribution.markov import MAX_KEYS, markov, removal_effects, transition_matrices
from umt.domain.attribution.models import Model, attribute
from umt.domain.attribution.paths import ConversionPath, Dimension

# p1: A → conversion        p2: A → B → conversion        p3: B → null
PATHS = [path("a", value="30"), path("a b", value="10"), path("b", converted=False)]


def journeys(paths: list[ConversionPath]) -> list[Journey]:
    return [Journey.of(p, Dimension.CHANNEL) for p in paths]


def test_the_removal_effects_of_a_chain_solved_by_hand() -> None:
    # Transitions: start → A 2, start → B 1; A → conv 1, A → B 1; B → conv 1, B → null 1.
    #   Q: start→A 2/3, start→B 1/3, A→B 1/2;  R(conv): A 1/2, B 1/2
    # Conversion probabilities: b_B = 1/2; b_A = 1/2 + 1/2 · b_B = 3/4;
    #   P = b_start = 2/3 · 3/4 + 1/3 · 1/2 = 1/2 + 1/6 = 2/3
    # Without A (start → A goes to null): P = 1/3 · b_B = 1/6 → RE(A) = (2/3 - 1/6)/(2/3) = 3/4
    # Without B (A → B and start → B go to null): b_A = 1/2, P = 2/3 · 1/2 = 1/3
    #   → RE(B) = (2/3 - 1/3)/(2/3) = 1/2
    probability, effects = removal_effects(journeys(PATHS))
    assert probability == pytest.approx(2 / 3)
    assert effects == pytest.approx({"a": 3 / 4, "b": 1 / 2})


def test_credits_are_the_removal_effects_normalised_to_the_conversions() -> None:
    # shares: A 0.75 / 1.25 = 0.6, B 0.5 / 1.25 = 0.4 of 2 conversions worth 40
    # → A 1.2 conversions (value 24), B 0.8 (value 16)
    found = attribute(PATHS, models=[Model.MARKOV]).credits[Model.MARKOV]
    assert {k: (c.conversions, c.value) for k, c in found.items()} == {
        "a": pytest.approx((1.2, 24.0)),
        "b": pytest.approx((0.8, 16.0)),
    }


def test_a_key_on_every_converting_path_has_a_removal_effect_of_one() -> None:
    # paths: a → b → conv, b → conv, a → null
    # start → a 2/3, start → b 1/3; a → b 1/2, a → null 1/2; b → conv 1
    # b_b = 1, b_a = 1/2, P = 2/3 · 1/2 + 1/3 · 1 = 2/3
    # without b nothing converts: RE(b) = 1; without a: P = 1/3 → RE(a) = (2/3 - 1/3)/(2/3) = 1/2
    _, effects = removal_effects(journeys([path("a b"), path("b"), path("a", converted=False)]))
    assert effects == pytest.approx({"a": 1 / 2, "b": 1.0})


def test_repeated_touchpoints_change_no_credit() -> None:
    # a self-loop A → A delays the walk without changing where it ends
    once = markov(journeys([path("a b"), path("b", converted=False)]))
    twice = markov(journeys([path("a a a b"), path("b b", converted=False)]))
    assert {k: c.conversions for k, c in twice.items()} == pytest.approx(
        {k: c.conversions for k, c in once.items()}
    )


def test_no_conversion_gives_no_credit() -> None:
    found = markov(journeys([path("a", converted=False), path("a b", converted=False)]))
    assert {k: c.conversions for k, c in found.items()} == {"a": 0.0, "b": 0.0}


def test_more_keys_than_the_bound_are_refused() -> None:
    many = [path(f"k{i}") for i in range(MAX_KEYS + 1)]
    with pytest.raises(TooManyKeys):
        markov(journeys(many))


def _removed_probability(js: list[Journey], removed: str) -> float:
    """P(conversion) of the chain re-solved with ``removed`` made a dead end: the
    definition the closed form must agree with."""
    keys = sorted({s for j in js for s in j.steps})
    q, to_conversion, _ = transition_matrices(js, keys)
    at = keys.index(removed) + 1
    q = [[0.0 if (c == at or r == at) else x for c, x in enumerate(row)] for r, row in enumerate(q)]
    to_conversion = [0.0 if r == at else x for r, x in enumerate(to_conversion)]
    size = len(q)
    unit = identity(size)
    n = inverse([[unit[i][j] - q[i][j] for j in range(size)] for i in range(size)])
    return multiply(n, to_conversion)[0]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from("abcd"), min_size=1, max_size=5), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_the_closed_form_equals_re_solving_without_the_key(
    drawn: list[tuple[list[str], bool]],
) -> None:
    js = journeys([path(" ".join(steps), converted=converted) for steps, converted in drawn])
    probability, effects = removal_effects(js)
    for key, effect in effects.items():
        without = _removed_probability(js, key)
        expected = 0.0 if probability == 0 else 1 - without / probability
        assert effect == pytest.approx(expected, abs=1e-9)


def test_the_inverse_of_a_matrix_solved_by_hand() -> None:
    # [[4, 7], [2, 6]]^-1 = 1/(24 - 14) · [[6, -7], [-2, 4]] = [[0.6, -0.7], [-0.2, 0.4]]
    found = inverse([[4, 7], [2, 6]])
    assert [x for row in found for x in row] == pytest.approx([0.6, -0.7, -0.2, 0.4])
    with pytest.raises(SingularMatrix):
        inverse([[1, 2], [2, 4]])
