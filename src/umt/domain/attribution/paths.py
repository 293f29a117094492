"""Conversion paths: the ordered touchpoints (channel, campaign, content, time) of one journey,
ending in a conversion (with its value) or in nothing (a path that did not convert).

Paths that did not convert matter to the Markov model (they are the chain's ``null``
absorptions); the other models credit converting paths only. A path is stored once per
``key`` (the caller's id for it): sending it again is harmless, sending other touchpoints
under the same key is refused (``fingerprint`` tells the two apart).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise

from umt.domain.shared.errors import InvalidValue

MAX_KEY_CHARS = 200
MAX_CHANNEL_CHARS = 100
MAX_LABEL_CHARS = 200  # a campaign or a content
MAX_TOUCHPOINTS = 100
MAX_VALUE = Decimal("1e12")
VALUE_QUANTUM = Decimal("0.000001")
NOT_SET = "(not set)"  # the key of a touchpoint without a campaign (content) in a report


class Dimension(StrEnum):
    """What a report credits: the touchpoints' channels, campaigns or contents."""

    CHANNEL = "channel"
    CAMPAIGN = "campaign"
    CONTENT = "content"


class PathSource(StrEnum):
    BATCH = "batch"  # a JSON batch (HTTP, library, agent task)
    CSV = "csv"  # a CSV upload
    UTM = "utm"  # umt's UTM intake: tagged clicks closed by a conversion


def label(value: str, field: str, *, limit: int = MAX_LABEL_CHARS, required: bool = False) -> str:
    """A channel, campaign or content as stored: spaces collapsed, lower case for channels
    (``required``); at most ``limit`` characters."""
    if not isinstance(value, str):
        raise InvalidValue(f"{field} is text", field=field)
    text = " ".join(value.split())
    if required:
        text = text.lower()
        if not text:
            raise InvalidValue(f"{field} is required", field=field)
    if len(text) > limit:
        raise InvalidValue(f"{field} is longer than {limit} characters", field=field)
    return text


def aware(at: datetime, field: str) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValue(f"{field} is a time with its UTC offset", field=field)
    return at.astimezone(UTC)


def conversion_value(value: Decimal, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidValue(f"{field} is a decimal number", field=field)
    value = Decimal(value)
    if not value.is_finite() or value < 0 or value > MAX_VALUE:
        raise InvalidValue(f"{field} is a number from 0 to {MAX_VALUE:,.0f}", field=field)
    return value.quantize(VALUE_QUANTUM)


@dataclass(frozen=True, slots=True, kw_only=True)
class Touchpoint:
    """One contact on the way to a conversion. ``channel`` is required (lower case);
    ``campaign`` and ``content`` may be empty."""

    channel: str
    at: datetime
    campaign: str = ""
    content: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "channel", label(self.channel, "channel", limit=MAX_CHANNEL_CHARS, required=True)
        )
        object.__setattr__(self, "campaign", label(self.campaign, "campaign"))
        object.__setattr__(self, "content", label(self.content, "content"))
        object.__setattr__(self, "at", aware(self.at, "at"))

    def key(self, dimension: Dimension) -> str:
        """What this touchpoint counts as in a report by ``dimension``."""
        if dimension is Dimension.CHANNEL:
            return self.channel
        found = self.campaign if dimension is Dimension.CAMPAIGN else self.content
        return found or NOT_SET


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversionPath:
    """A journey of one brand: 1 to ``MAX_TOUCHPOINTS`` touchpoints in time order, then a
    conversion at ``converted_at`` (not before the last touchpoint) worth ``value``, or no
    conversion (``converted_at`` None, ``value`` 0)."""

    key: str
    touchpoints: tuple[Touchpoint, ...]
    converted_at: datetime | None
    value: Decimal = Decimal(0)
    source: PathSource = PathSource.BATCH

    def __post_init__(self) -> None:
        key = self.key.strip() if isinstance(self.key, str) else ""
        if not key or len(key) > MAX_KEY_CHARS:
            raise InvalidValue(f"path_key is 1 to {MAX_KEY_CHARS} characters", field="path_key")
        object.__setattr__(self, "key", key)
        touches = tuple(self.touchpoints)
        if not 1 <= len(touches) <= MAX_TOUCHPOINTS:
            raise InvalidValue(
                f"a path has 1 to {MAX_TOUCHPOINTS} touchpoints", field="touchpoints"
            )
        object.__setattr__(self, "touchpoints", touches)
        for index, (before, after) in enumerate(pairwise(touches)):
            if after.at < before.at:
                raise InvalidValue(
                    "touchpoints are in time order: this one is earlier than the one before",
                    field=f"touchpoints[{index + 1}].at",
                )
        object.__setattr__(self, "value", conversion_value(self.value, "value"))
        object.__setattr__(self, "source", PathSource(self.source))
        if self.converted_at is None:
            if self.value:
                raise InvalidValue("a path that did not convert has no value", field="value")
            return
        converted_at = aware(self.converted_at, "converted_at")
        object.__setattr__(self, "converted_at", converted_at)
        if converted_at < touches[-1].at:
            raise InvalidValue(
                "the conversion is not before the last touchpoint", field="converted_at"
            )

    @property
    def converted(self) -> bool:
        return self.converted_at is not None

    @property
    def ended_at(self) -> datetime:
        """When the path ends: its conversion, or its last touchpoint. Reports select paths
        by it."""
        return self.converted_at or self.touchpoints[-1].at

    @property
    def fingerprint(self) -> str:
        """The same for the same touchpoints, conversion and value (what a resent path with
        the same key must match)."""
        parts = [
            "|".join((t.channel, t.campaign, t.content, t.at.isoformat())) for t in self.touchpoints
        ]
        end = "" if self.converted_at is None else self.converted_at.isoformat()
        parts.append(f"{end}|{self.value}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
