"""The first comment's steps on a published publication (``first_comment.py`` draws them).

They come after the remote id is saved and never change the publication's status: a failed
comment leaves it ``published``. The comment becomes due the moment the post is published
(reconciled ones too: no comment was sent for a post whose id we had not recorded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.first_comment import FirstCommentDelivery
from umt.domain.publishing.publication_engine import PublishSteps
from umt.domain.publishing.publication_errors import IllegalPublicationTransition
from umt.domain.publishing.publication_status import PublicationStatus


@dataclass(slots=True, kw_only=True)
class FirstCommentSteps(PublishSteps):
    first_comment: str | None = None  # posted under the post once it is published
    comment_delivery: FirstCommentDelivery | None = None  # None until published (or no comment)

    def first_comment_due(self, now: datetime) -> bool:
        """Its first comment is to be posted now (or its last call never answered)."""
        return (
            self.status is PublicationStatus.PUBLISHED
            and self.comment_delivery is not None
            and self.comment_delivery.due(now)
        )

    def begin_first_comment(self, *, now: datetime, deadline: datetime) -> None:
        """Record an attempt at the first comment (committed before the platform call)."""
        self._comment_changed(self._delivery().begin(now=now, deadline=deadline), now)

    def first_comment_posted(self, comment_id: str, *, now: datetime) -> None:
        self._comment_changed(self._delivery().posted(comment_id, now=now), now)

    def first_comment_refused(
        self,
        reason: FailureReason,
        *,
        now: datetime,
        detail: str = "",
        retry_at: datetime | None = None,
    ) -> None:
        """Refused before any effect: posted again at ``retry_at``, else failed for good."""
        delivery = self._delivery().refused(reason, now=now, detail=detail, retry_at=retry_at)
        self._comment_changed(delivery, now)

    def first_comment_unknown(self, *, now: datetime, detail: str) -> None:
        """The call's answer never came: the comment may exist; it is not sent again."""
        self._comment_changed(self._delivery().unknown(now=now, detail=detail), now)

    def first_comment_unsupported(self, *, now: datetime, detail: str) -> None:
        self._comment_changed(self._delivery().unsupported(now=now, detail=detail), now)

    def _after_published(self, now: datetime) -> None:
        if self.first_comment and self.comment_delivery is None:
            self.comment_delivery = FirstCommentDelivery.due_at(now)

    def _delivery(self) -> FirstCommentDelivery:
        if self.status is not PublicationStatus.PUBLISHED or self.comment_delivery is None:
            raise IllegalPublicationTransition(
                "only a published publication's first comment is posted", field="status"
            )
        return self.comment_delivery

    def _comment_changed(self, delivery: FirstCommentDelivery, now: datetime) -> None:
        self.comment_delivery = delivery
        self._bump(now)
