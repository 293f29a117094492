"""A conversion path's invariants: touchpoints in time order, a conversion not before the
last of them, a value only with a conversion, bounded sizes; and its fingerprint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from umt.domain.attribution.paths import (
    MAX_TOUCHPOINTS,
    NOT_SET,
    ConversionPath,
    Dimension,
    Touchpoint,
)
from umt.domain.shared.errors import InvalidValue

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def touch(channel: str = "email", at: datetime = T0, **kw: str) -> Touchpoint:
    return Touchpoint(channel=channel, at=at, **kw)


def test_a_touchpoint_is_normalised() -> None:
    t = touch("  Google   Ads ", campaign=" spring  sale ", at=T0.astimezone(timezone(HOUR)))
    assert (t.channel, t.campaign, t.content, t.at.tzinfo) == ("google ads", "spring sale", "", UTC)
    assert t.key(Dimension.CHANNEL) == "google ads"
    assert t.key(Dimension.CAMPAIGN) == "spring sale"
    assert t.key(Dimension.CONTENT) == NOT_SET


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"channel": " "}, "channel"),
        ({"channel": "x" * 101}, "channel"),
        ({"campaign": "c" * 201}, "campaign"),
        ({"at": datetime(2026, 3, 1)}, "at"),  # noqa: DTZ001 - the naive time refused
    ],
)
def test_a_bad_touchpoint_is_refused_naming_its_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Touchpoint(**{"channel": "email", "at": T0, **kwargs})
    assert caught.value.field == field


def test_a_converting_path() -> None:
    p = ConversionPath(
        key=" order-1 ",
        touchpoints=(touch("social"), touch("email", T0 + HOUR)),
        converted_at=T0 + 2 * HOUR,
        value=Decimal("19.990"),
    )
    assert (p.key, p.converted, p.ended_at, p.value) == (
        "order-1",
        True,
        T0 + 2 * HOUR,
        Decimal("19.99"),
    )


def test_a_path_that_did_not_convert_ends_at_its_last_touchpoint() -> None:
    p = ConversionPath(key="v1", touchpoints=(touch(), touch(at=T0 + HOUR)), converted_at=None)
    assert (p.converted, p.ended_at) == (False, T0 + HOUR)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"key": ""}, "path_key"),
        ({"touchpoints": ()}, "touchpoints"),
        ({"touchpoints": (touch(),) * (MAX_TOUCHPOINTS + 1)}, "touchpoints"),
        ({"touchpoints": (touch(at=T0 + HOUR), touch(at=T0))}, "touchpoints[1].at"),
        ({"converted_at": T0 - HOUR}, "converted_at"),
        ({"value": Decimal(-1)}, "value"),
        ({"value": Decimal("NaN")}, "value"),
        ({"converted_at": None, "value": Decimal(5)}, "value"),
    ],
)
def test_a_bad_path_is_refused_naming_its_field(kwargs: dict[str, Any], field: str) -> None:
    given = {"key": "k", "touchpoints": (touch(),), "converted_at": T0, **kwargs}
    with pytest.raises(InvalidValue) as caught:
        ConversionPath(**given)
    assert caught.value.field == field


def test_the_fingerprint_tells_a_resent_path_from_a_changed_one() -> None:
    def one(value: str, at: datetime = T0) -> ConversionPath:
        return ConversionPath(
            key="k", touchpoints=(touch(at=at),), converted_at=T0 + HOUR, value=Decimal(value)
        )

    same_instant = T0.astimezone(timezone(-5 * HOUR))
    assert one("10").fingerprint == one("10.000").fingerprint == one("10", same_instant).fingerprint
    assert one("10").fingerprint != one("11").fingerprint
