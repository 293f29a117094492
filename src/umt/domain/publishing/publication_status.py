"""The lifecycle of a publication.

```
scheduled ──claim──► claimed ──begin_attempt──► publishing ──success──► published
    ▲  │                │  ▲                       │  │
    │  │ cancel / miss  │  └─reconcile: not found──┤  └─failure (final)──► failed
    │  ▼                │                          │
 cancelled, missed      │                 unknown outcome / lease expired
    ▲                   │                          ▼
    └──── retryable failure (later), expired lease ── outcome_unknown ──claim──► claimed
```

``outcome_unknown``: an attempt may have published; the next claim reconciles (looks the post
up by our reference) before anything else, found → published, not found → a new attempt.
A person can take a ``published`` one down: the post is deleted on its platform, then the
publication is ``taken_down`` (final; its remote id stays on record).
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


class PublicationStatus(StrEnum):
    SCHEDULED = "scheduled"
    CLAIMED = "claimed"  # leased by a scheduler, handed to the publish engine
    PUBLISHING = "publishing"  # an attempt is committed and the platform is being called
    OUTCOME_UNKNOWN = "outcome_unknown"  # pending reconciliation
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELLED = "cancelled"
    MISSED = "missed"
    TAKEN_DOWN = "taken_down"  # published, then deleted on its platform by a person


class MissedPolicy(StrEnum):
    SKIP = "skip"  # past the grace window it becomes missed (and the brand is told)
    PUBLISH_LATE = "publish_late"  # published whenever the scheduler reaches it


CLAIMABLE = frozenset({PublicationStatus.SCHEDULED, PublicationStatus.OUTCOME_UNKNOWN})
LEASED = frozenset({PublicationStatus.CLAIMED, PublicationStatus.PUBLISHING})
RESCHEDULABLE = frozenset(
    {PublicationStatus.SCHEDULED, PublicationStatus.MISSED, PublicationStatus.FAILED}
)
CANCELLABLE = frozenset(
    {
        PublicationStatus.SCHEDULED,
        PublicationStatus.CLAIMED,
        PublicationStatus.MISSED,
        PublicationStatus.FAILED,
    }
)
FINAL = frozenset(
    {
        PublicationStatus.PUBLISHED,
        PublicationStatus.FAILED,
        PublicationStatus.CANCELLED,
        PublicationStatus.MISSED,
        PublicationStatus.TAKEN_DOWN,
    }
)
# what occupies a slot on an account's calendar (daily caps, minimum spacing)
ACTIVE = frozenset(
    {
        PublicationStatus.SCHEDULED,
        PublicationStatus.CLAIMED,
        PublicationStatus.PUBLISHING,
        PublicationStatus.OUTCOME_UNKNOWN,
        PublicationStatus.PUBLISHED,
    }
)

DEFAULT_GRACE = timedelta(hours=1)
MAX_GRACE = timedelta(days=7)
# a time this close before "now" still counts as now (a client's clock, the request's trip)
PAST_TOLERANCE = timedelta(minutes=1)
MAX_FIRST_COMMENT = 10_000
