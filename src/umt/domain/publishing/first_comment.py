"""The first comment under a published post (the hashtags rendering moved there, the caller's
own words), and how posting it went.

It is a step of its own after the remote id is saved: its failure never re-publishes and never
takes the publication out of ``published``. Like a publish, its attempt is committed before the
platform is called (``posting``, with a deadline); an answer that never came (a timeout, a
5xx, a dropped connection, a process that died mid-call) may have left the comment on the
post, and no platform lets us look a comment up by our reference: it is recorded as failed
with ``unknown_outcome`` and never sent again, rather than risk a second comment. A refusal
before any effect (an outage, a rate limit, a quota) is tried again later, a bounded number of
times; a platform that takes no comments is ``unsupported``.

```
pending ──begin──► posting ──answer──► posted (the comment's id)
   ▲                  │ ├──refused, retry later──┘ (back to pending at next_attempt_at)
   │                  │ ├──refused for good / unknown outcome──► failed (reason, detail)
   └──────────────────┘ └──no comments on this platform──► unsupported
```
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.publication_errors import IllegalPublicationTransition

MAX_COMMENT_ID = 200
MAX_DETAIL = 1000


class CommentStatus(StrEnum):
    PENDING = "pending"  # to be posted at ``next_attempt_at``
    POSTING = "posting"  # an attempt is committed; the call must answer by ``next_attempt_at``
    POSTED = "posted"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"  # the platform takes no comments


OPEN = frozenset({CommentStatus.PENDING, CommentStatus.POSTING})


@dataclass(frozen=True, slots=True, kw_only=True)
class FirstCommentDelivery:
    """Where posting a publication's first comment stands."""

    status: CommentStatus = CommentStatus.PENDING
    attempts: int = 0
    # pending: when to post it; posting: the deadline after which the call is given up
    next_attempt_at: datetime | None = None
    comment_id: str | None = None
    reason: FailureReason | None = None
    detail: str = ""
    updated_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", CommentStatus(self.status))
        if self.reason is not None:
            object.__setattr__(self, "reason", FailureReason(self.reason))

    @classmethod
    def due_at(cls, now: datetime) -> FirstCommentDelivery:
        """A comment to post now (the post has just been published)."""
        return cls(next_attempt_at=now, updated_at=now)

    def due(self, now: datetime) -> bool:
        """To be posted now, or a call whose deadline passed without an answer recorded."""
        return (
            self.status in OPEN and self.next_attempt_at is not None and self.next_attempt_at <= now
        )

    @property
    def abandoned(self) -> bool:
        """An attempt was committed; if it is due, its call never recorded an answer."""
        return self.status is CommentStatus.POSTING

    def begin(self, *, now: datetime, deadline: datetime) -> FirstCommentDelivery:
        """An attempt, committed before the platform is called."""
        self._require(CommentStatus.PENDING, "posted")
        if not self.due(now):
            raise IllegalPublicationTransition("the first comment is not due yet", field="status")
        return replace(
            self,
            status=CommentStatus.POSTING,
            attempts=self.attempts + 1,
            next_attempt_at=max(deadline, now),
            updated_at=now,
        )

    def posted(self, comment_id: str, *, now: datetime) -> FirstCommentDelivery:
        self._require(CommentStatus.POSTING, "recorded as posted")
        if not comment_id or len(comment_id) > MAX_COMMENT_ID:
            raise IllegalPublicationTransition("a posted comment has the platform's id")
        return replace(
            self,
            status=CommentStatus.POSTED,
            next_attempt_at=None,
            comment_id=comment_id,
            reason=None,
            detail="",
            updated_at=now,
        )

    def refused(
        self,
        reason: FailureReason,
        *,
        now: datetime,
        detail: str = "",
        retry_at: datetime | None = None,
    ) -> FirstCommentDelivery:
        """Refused before any effect: tried again at ``retry_at``, or failed for good."""
        self._require(CommentStatus.POSTING, "refused")
        return replace(
            self,
            status=CommentStatus.PENDING if retry_at is not None else CommentStatus.FAILED,
            next_attempt_at=None if retry_at is None else max(retry_at, now),
            reason=FailureReason(reason),
            detail=detail[:MAX_DETAIL],
            updated_at=now,
        )

    def unknown(self, *, now: datetime, detail: str) -> FirstCommentDelivery:
        """No answer we can trust: the comment may be there. Failed, never sent again."""
        self._require(CommentStatus.POSTING, "given an unknown outcome")
        return replace(
            self,
            status=CommentStatus.FAILED,
            next_attempt_at=None,
            reason=FailureReason.UNKNOWN_OUTCOME,
            detail=detail[:MAX_DETAIL],
            updated_at=now,
        )

    def unsupported(self, *, now: datetime, detail: str) -> FirstCommentDelivery:
        """The platform takes no comments on this post."""
        self._require(CommentStatus.POSTING, "found unsupported")
        return replace(
            self,
            status=CommentStatus.UNSUPPORTED,
            next_attempt_at=None,
            reason=None,
            detail=detail[:MAX_DETAIL],
            updated_at=now,
        )

    def withdrawn(self, *, now: datetime, detail: str) -> FirstCommentDelivery:
        """Not to be posted any more (its post was taken down): failed, never sent again."""
        return replace(
            self,
            status=CommentStatus.FAILED,
            next_attempt_at=None,
            detail=detail[:MAX_DETAIL],
            updated_at=now,
        )

    def _require(self, status: CommentStatus, what: str) -> None:
        if self.status is not status:
            raise IllegalPublicationTransition(
                f"a {self.status.value} first comment cannot be {what}", field="status"
            )
