"""Paths for the attribution model tests: ``path("a b c")`` is a converting path touching
channels a, b, c one day apart (the conversion a day after the last), worth ``value``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count

from umt.domain.attribution.paths import ConversionPath, Touchpoint

T0 = datetime(2026, 3, 1, tzinfo=UTC)
DAY = timedelta(days=1)
_keys = count(1)


def path(channels: str, *, value: str = "0", converted: bool = True) -> ConversionPath:
    touches = tuple(
        Touchpoint(channel=name, at=T0 + i * DAY) for i, name in enumerate(channels.split())
    )
    return ConversionPath(
        key=f"p{next(_keys)}",
        touchpoints=touches,
        converted_at=touches[-1].at + DAY if converted else None,
        value=Decimal(value) if converted else Decimal(0),
    )
