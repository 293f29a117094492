"""The ad review's settings, as the review loop and the pacing query take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class AdReviewConfig:
    interval: timedelta = timedelta(minutes=15)  # between two reviews; a rule's slot
    resume_after: timedelta = timedelta(minutes=5)  # a launch untouched this long is resumed
    band: tuple[Decimal, Decimal] = (Decimal("0.9"), Decimal("1.1"))  # spend / planned
    step_every: timedelta = timedelta(days=1)  # at most one pacing budget step per ad set
