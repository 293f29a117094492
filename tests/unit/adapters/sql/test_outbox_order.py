"""The per-aggregate order rule of the SQL outbox feed, as a property: whatever rows other
relay instances hold, a claim publishes for each aggregate exactly the longest run of its own
rows that starts at the aggregate's earliest pending row."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from umt.adapters.sql.shared.outbox_feed import publishable

AGGREGATES = [uuid.UUID(int=i) for i in range(4)]

# pending rows: position -> (aggregate, held by this claim?)
rows = st.dictionaries(
    st.integers(min_value=1, max_value=60),
    st.tuples(st.sampled_from(AGGREGATES), st.booleans()),
    max_size=30,
)


@given(rows)
def test_each_aggregate_goes_out_as_a_prefix_of_its_pending_rows(
    pending: dict[int, tuple[uuid.UUID, bool]],
) -> None:
    claimed = sorted((p, a) for p, (a, mine) in pending.items() if mine)
    allowed = publishable(claimed, [(p, a) for p, (a, _) in pending.items()])

    for aggregate in AGGREGATES:
        positions = sorted(p for p, (a, _) in pending.items() if a == aggregate)
        expected = []
        for position in positions:
            if not pending[position][1]:
                break
            expected.append(position)
        assert sorted(p for p in allowed if pending[p][0] == aggregate) == expected


def test_a_row_held_elsewhere_stops_its_aggregate_only() -> None:
    x, y = AGGREGATES[:2]
    claimed = [(2, x), (3, y), (4, x)]
    assert publishable(claimed, [(1, x), (2, x), (3, y), (4, x)]) == {3}
    assert publishable(claimed, [(2, x), (3, y), (4, x)]) == {2, 3, 4}
