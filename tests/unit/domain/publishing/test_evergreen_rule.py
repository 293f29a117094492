"""The EvergreenRule aggregate: its bounds, the cooldown judged on both sides of a pick, the
weekly cap by the brand's calendar week, the picks kept a year, and when the loop runs it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from umt.domain.publishing.evergreen import (
    KEEP_PICKS,
    EvergreenPick,
    EvergreenRule,
    EvergreenRuleInvalid,
)
from umt.domain.shared.errors import InvalidValue

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # a Sunday
BERLIN = ZoneInfo("Europe/Berlin")
PIECE: Any = UUID(int=7)


def rule(**fields: Any) -> EvergreenRule:
    return EvergreenRule.create(
        now=T0, id=uuid4(), organization_id=uuid4(), brand_id=uuid4(), **fields
    )


def pick(due_at: datetime, content_id: Any = PIECE) -> EvergreenPick:
    return EvergreenPick(
        content_id=content_id,
        channel_account_id=uuid4(),  # type: ignore[arg-type]
        publication_id=uuid4(),  # type: ignore[arg-type]
        due_at=due_at,
        measure="engagement_rate",
        value=0.1,
        rank=1,
        lift=0.5,
        source_publication_id=uuid4(),  # type: ignore[arg-type]
        picked_at=T0,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"lookback_days": 6}, "lookback_days"),
        ({"max_per_week": 22}, "max_per_week"),
        ({"cooldown_days": True}, "cooldown_days"),
        ({"min_trials": -1}, "min_trials"),
        ({"channel_account_ids": (PIECE, PIECE)}, "channel_account_ids"),
        ({"measure": "vibes"}, "measure"),
    ],
)
def test_settings_out_of_bounds_are_refused(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        rule(**fields)
    assert refused.value.field == field


def test_the_cooldown_counts_both_ways_and_the_week_is_the_brands() -> None:
    r = rule(cooldown_days=10)
    tuesday = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    r.picked(pick(tuesday), now=T0)
    assert r.cooling_down(PIECE, tuesday + timedelta(days=9))
    assert r.cooling_down(PIECE, tuesday - timedelta(days=9))
    assert not r.cooling_down(PIECE, tuesday + timedelta(days=10))
    assert not r.cooling_down(UUID(int=8), tuesday)  # type: ignore[arg-type]
    # Sunday 23:30 in Berlin is 22:30 UTC: still the week of 2 March there
    r.picked(pick(datetime(2026, 3, 8, 22, 30, tzinfo=UTC), uuid4()), now=T0)
    assert r.picks_in_week(date(2026, 3, 2), BERLIN) == 2
    assert r.picks_in_week(date(2026, 3, 9), BERLIN) == 0
    assert [e.event_type for e in r.events] == [
        "evergreen_rule.created",
        "evergreen.recycled",
        "evergreen.recycled",
    ]


def test_picks_are_kept_a_year_and_the_loop_runs_a_rule_daily() -> None:
    r = rule()
    r.picked(pick(T0 - KEEP_PICKS - timedelta(days=1)), now=T0 - KEEP_PICKS)
    r.picked(pick(T0), now=T0)
    assert [p.due_at for p in r.picks] == [T0]
    assert r.due(T0)
    r.ran(now=T0)
    assert not r.due(T0 + timedelta(hours=23))
    assert r.due(T0 + timedelta(days=1))
    r.update({"active": False}, now=T0 + timedelta(days=2))
    assert not r.due(T0 + timedelta(days=3))
    r.update({"active": True}, now=T0 + timedelta(days=3))
    assert r.due(T0 + timedelta(days=3))  # switched on again: at the loop's next pass
    with pytest.raises(EvergreenRuleInvalid):
        r.update({"cadence": "often"}, now=T0)
