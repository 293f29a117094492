"""The plan of a brand's demo history: which days and hours it posted and what, for weeks
back from its latest complete day, a pure function of the history's seed; the days a post
is read on; and the anomaly planted on the latest complete day.

One post a day and a second one on about two days in five, at hours drawn from a fixed
weighting (mornings, lunch and evenings, on the brand's clock), so every weekday and a few
hours hold enough posts for best-time suggestions. The latest complete day always has two
posts (9:00 and 19:00), and the anomaly multiplies what every post earned on it: the
brand's totals of that day stand far above the same weekday's in the weeks before, as a
robust z-score sees it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_WEEKS = 26
POST_HORIZON_DAYS = 14  # the sandbox's posts earn nothing new after two weeks
HOURS = (8, 9, 12, 13, 17, 18, 19, 21)
HOUR_WEIGHTS = (3, 4, 3, 1, 2, 3, 4, 2)
ANOMALY_DAY_HOURS = (9, 19)
TOPICS = (
    "our spring roast",
    "cold brew at home",
    "the perfect pour-over",
    "single-origin beans",
    "milk frothing basics",
    "espresso dialing-in",
    "decaf that tastes like coffee",
    "brewing for a crowd",
)
SHAPES = (
    "{topic}: what we learned this week.",
    "Have you tried {topic}? Tell us how it went.",
    "New guide on {topic}. Read more on our blog.",
    "Three tips for {topic} #coffee #brewing",
    "Behind the scenes: {topic}, start to finish. Get started today!",
)


@dataclass(frozen=True, slots=True)
class PlannedPost:
    number: int  # 0, 1, ... in time order
    published_at: datetime  # UTC
    text: str


def history_plan(seed: str, *, weeks: int, zone: ZoneInfo, today: date) -> list[PlannedPost]:
    """The posts of ``weeks`` weeks up to the day before ``today`` (the brand's day)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"a history spans 1 to {MAX_WEEKS} weeks")
    rng = random.Random(f"{seed}:history-plan")  # noqa: S311 - a demo's data, not a secret
    posts: list[tuple[datetime, str]] = []
    for back in range(weeks * 7, 0, -1):
        day = today - timedelta(days=back)
        count = 2 if rng.random() < 0.4 else 1
        hours = sorted(set(rng.choices(HOURS, weights=HOUR_WEIGHTS, k=count)))
        if back == 1:  # the anomaly's day: a full day's posting, whatever the draws
            hours = list(ANOMALY_DAY_HOURS)
        for hour in hours:
            local = datetime.combine(day, time(hour, rng.randrange(0, 60, 5)), tzinfo=zone)
            text = rng.choice(SHAPES).format(topic=rng.choice(TOPICS))
            posts.append((local.astimezone(ZoneInfo("UTC")), text[0].upper() + text[1:]))
    return [PlannedPost(n, at, text) for n, (at, text) in enumerate(posts)]


def reading_times(published_at: datetime, *, zone: ZoneInfo, now: datetime) -> list[datetime]:
    """When a post's totals are read: at the end of each of the brand's days from the day it
    was published, while it still earns and the day is over, then now (the open day)."""
    day = published_at.astimezone(zone).date()
    times: list[datetime] = []
    last = published_at + timedelta(days=POST_HORIZON_DAYS)
    while True:
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone) - timedelta(seconds=1)
        if end > now or end > last + timedelta(days=1):
            break
        times.append(end.astimezone(ZoneInfo("UTC")))
        day += timedelta(days=1)
    if published_at <= now <= last + timedelta(days=1):
        times.append(now)
    return times


def anomaly_day(*, today: date) -> date:
    """The day the anomaly is planted on: the latest complete day."""
    return today - timedelta(days=1)


Reading = tuple[datetime, dict[str, int]]  # when, and the cumulative count of each metric


def planted(readings: list[Reading], *, day_end: datetime, factor: float) -> list[Reading]:
    """A post's readings with what it earned on the day ending at ``day_end`` multiplied by
    ``factor``: the extra is added to that day's reading and to every later one, so the
    totals stay cumulative and only that day's increase changes (by exactly ``factor``)."""
    before: dict[str, int] = {}
    extra: dict[str, int] = {}
    for at, counts in readings:
        if at < day_end:
            before = counts
        elif at == day_end:
            extra = {
                metric: round((factor - 1.0) * (value - before.get(metric, 0)))
                for metric, value in counts.items()
            }
    return [
        (at, {m: v + extra.get(m, 0) for m, v in counts.items()} if at >= day_end else counts)
        for at, counts in readings
    ]
