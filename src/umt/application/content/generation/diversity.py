"""The diversity plan: N directions, chosen deterministically from the seed, that differ in
hook, angle and call to action (all distinct for up to ten variants) and spread over lengths."""

from __future__ import annotations

import random

from umt.domain.content.draft import ContentType
from umt.ports.content_generator import Direction, Length

MAX_VARIANTS = 10

HOOKS = (
    "a question the reader is asking themselves",
    "a striking statistic",
    "a short customer story",
    "a bold claim",
    "a quote worth repeating",
    "a practical how-to promise",
    "a contrarian take",
    "a numbered list teaser",
    "a before-and-after contrast",
    "a common mistake",
)
ANGLES = (
    "the pain point it removes",
    "the concrete benefit",
    "social proof from peers",
    "curiosity about what changes",
    "a timely reason to act now",
    "expert authority",
    "a comparison with the usual way",
    "behind the scenes",
    "the cost of doing nothing",
    "a quick win",
)
CALLS_TO_ACTION = (
    "Learn more",
    "Sign up",
    "Book a demo",
    "Download the guide",
    "Reply with your view",
    "Try it free",
    "Read the full story",
    "Join the waitlist",
    "Share with your team",
    "Get started today",
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
    hooks, angles, ctas = list(HOOKS), list(ANGLES), list(CALLS_TO_ACTION)
    for options in (hooks, angles, ctas):
        rng.shuffle(options)
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


def variant_seed(seed: int, index: int) -> int:
    """The seed of variant ``index``: distinct per variant, stable for a request seed."""
    return (seed * 1_000_003 + index * 7_919) % (2**31 - 1)
