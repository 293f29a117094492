"""The diversity plan: N directions, chosen deterministically from the seed, that differ in
hook, angle and call to action (all distinct for up to ten variants) and spread over lengths."""

from __future__ import annotations

import random

from umt.domain.content.draft import ContentType
from umt.ports.content_generator import Direction, Length

MAX_VARIANTS = 10

# Short, stable names (the offline generator keys its phrase banks on them; a model reads
# them as instructions). The first six of each are the core kinds, used before the extras, so
# up to six variants never share a kind.
HOOKS = ("question", "statistic", "story", "bold_claim", "how_to", "list")
EXTRA_HOOKS = ("contrarian", "quote", "before_after", "common_mistake")
ANGLES = ("pain_point", "benefit", "social_proof", "urgency", "curiosity", "comparison")
EXTRA_ANGLES = ("authority", "behind_the_scenes", "cost_of_inaction", "quick_win")
CALLS_TO_ACTION = (
    "learn_more",
    "book_demo",
    "try_free",
    "sign_up",
    "download",
    "get_started",
    "subscribe",
    "contact",
    "comment",
    "register",
)

# the length a single variant gets; more variants cycle through all three from here
DEFAULT_LENGTH = {
    ContentType.SOCIAL_POST: Length.SHORT,
    ContentType.AD_COPY: Length.SHORT,
    ContentType.EMAIL: Length.MEDIUM,
    ContentType.VIDEO_SCRIPT: Length.MEDIUM,
    ContentType.LANDING_PAGE: Length.LONG,
    ContentType.BLOG_POST: Length.LONG,
}
_LENGTHS = (Length.SHORT, Length.MEDIUM, Length.LONG)


def plan_directions(n: int, *, seed: int, content_type: ContentType) -> tuple[Direction, ...]:
    """``n`` (1..10) directions; the same seed always gives the same plan."""
    if not 1 <= n <= MAX_VARIANTS:
        raise ValueError(f"between 1 and {MAX_VARIANTS} variants, got {n}")
    rng = random.Random(seed)  # noqa: S311 - a plan, not a secret
    hooks = _shuffled(rng, HOOKS) + _shuffled(rng, EXTRA_HOOKS)
    angles = _shuffled(rng, ANGLES) + _shuffled(rng, EXTRA_ANGLES)
    ctas = _shuffled(rng, CALLS_TO_ACTION)
    first = _LENGTHS.index(DEFAULT_LENGTH[content_type])
    return tuple(
        Direction(
            hook=hooks[i],
            angle=angles[i],
            call_to_action=ctas[i],
            length=_LENGTHS[(first + i) % len(_LENGTHS)],
        )
        for i in range(n)
    )


def _shuffled(rng: random.Random, options: tuple[str, ...]) -> list[str]:
    items = list(options)
    rng.shuffle(items)
    return items


def variant_seed(seed: int, index: int) -> int:
    """The seed of variant ``index``: distinct per variant, stable for a request seed."""
    return (seed * 1_000_003 + index * 7_919) % (2**31 - 1)
