"""Budget toward an experiment's winner: hand-computed shifts, the sum kept exactly."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

from tests.unit.domain.advertising.campaign_builders import ad, ad_set, creative, daily, lifetime

from umt.domain.advertising.tree import AdSet
from umt.domain.advertising.winners import ArmContent, shift_to_winner

WINNER = ArmContent(uuid4())
LOSER = ArmContent(uuid4())
OTHER = ArmContent(uuid4())


def showing(*arms: ArmContent, budget: str = "100", kind: str = "daily") -> AdSet:
    made = ad_set(budget=daily(budget) if kind == "daily" else lifetime(budget))
    for arm in arms:
        made.ads.append(ad(creative=creative(content_id=arm.content_id)))
    return made


def amounts(shifts: list, ad_sets: list[AdSet]) -> dict[int, str]:
    by_id = {s.ad_set_id: str(s.after.amount.amount) for s in shifts}
    return {i: by_id[a.id] for i, a in enumerate(ad_sets) if a.id in by_id}


def test_a_quarter_of_each_losing_budget_goes_to_the_winner() -> None:
    sets = [showing(WINNER, budget="50"), showing(LOSER, budget="40"), showing(OTHER, budget="30")]
    shifts = shift_to_winner(sets, winner=WINNER, losers=[LOSER, OTHER], percent=Decimal(25))
    # 25 % of 40 = 10.00, of 30 = 7.50: the winner gets 17.50
    assert amounts(shifts, sets) == {0: "67.50", 1: "30.00", 2: "22.50"}
    assert [s.ad_set_id for s in shifts][-1] == sets[0].id  # cuts first, the raise last


def test_shares_among_winners_round_down_and_the_first_takes_the_remainder() -> None:
    sets = [showing(WINNER), showing(WINNER), showing(WINNER), showing(LOSER, budget="10")]
    shifts = shift_to_winner(sets, winner=WINNER, losers=[LOSER], percent=Decimal(10))
    # 1.00 moved in three shares: 0.34 + 0.33 + 0.33
    assert amounts(shifts, sets) == {0: "100.34", 1: "100.33", 2: "100.33", 3: "9.00"}
    before = sum(s.budget.amount.amount for s in sets)
    changed = {s.ad_set_id: s.after.amount.amount for s in shifts}
    after = sum(changed.get(s.id, s.budget.amount.amount) for s in sets)
    assert after == before


def test_a_loser_keeps_one_minor_unit_and_mixed_sets_are_left_alone() -> None:
    sets = [showing(WINNER, budget="5"), showing(LOSER, budget="20"), showing(WINNER, LOSER)]
    shifts = shift_to_winner(sets, winner=WINNER, losers=[LOSER], percent=Decimal(100))
    assert amounts(shifts, sets) == {0: "24.99", 1: "0.01"}


def test_budgets_move_only_within_their_kind() -> None:
    sets = [showing(WINNER, kind="lifetime"), showing(LOSER, budget="80")]
    assert shift_to_winner(sets, winner=WINNER, losers=[LOSER], percent=Decimal(50)) == []
    sets.append(showing(WINNER, budget="20"))
    shifts = shift_to_winner(sets, winner=WINNER, losers=[LOSER], percent=Decimal(50))
    assert amounts(shifts, sets) == {1: "40.00", 2: "60.00"}


def test_an_arm_naming_a_version_matches_that_version_only() -> None:
    shown = showing(WINNER)
    version = shown.ads[0].creative.content_version_id
    assert ArmContent(WINNER.content_id, version).shown_by(shown)
    assert not ArmContent(WINNER.content_id, uuid4()).shown_by(shown)
