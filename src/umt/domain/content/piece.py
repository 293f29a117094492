"""The ContentPiece aggregate: a piece of content, its immutable versions and its review.

Workflow (see docs/content.md)::

    draft → in_review → approved → scheduled → published → archived
              ↓                 └──────────────────↗
      changes_requested ─(new version)→ draft

A new version (``revise``) is accepted in draft, in_review, changes_requested and approved and
always moves the piece back to draft: what was reviewed or approved is no longer what the piece
says, so it has to go through review again. Scheduled, published and archived pieces take no
new versions (``ContentIsLocked``). Every status but archived can be archived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from umt.domain.brand.brand import check_version
from umt.domain.brand.channels import Channel
from umt.domain.content import events as ev
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.diff import Granularity, VersionDiff, diff_versions, field_texts
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.errors import (
    AnchorOutOfRange,
    CommentNotFound,
    ComplianceViolationsRemain,
    ContentIsLocked,
    ContentTypeMismatch,
    IllegalCommentTransition,
    IllegalContentTransition,
    VersionNotFound,
)
from umt.domain.content.review import MAX_REASON, Comment, TextAnchor
from umt.domain.content.version import Author, ContentVersion, MediaReference, Provenance
from umt.domain.shared.aggregate import AggregateRoot
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.events import StatusChange
from umt.domain.shared.ids import (
    BrandId,
    CommentId,
    ContentId,
    ContentVersionId,
    ExperimentId,
    OrganizationId,
    ProjectId,
)
from umt.domain.shared.values import require_text

MAX_MEDIA = 20
MAX_TITLE = 300
MAX_BODY = 100_000


class ContentStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PARTLY_PUBLISHED = "partly_published"  # published on some of its channel accounts
    PUBLISHED = "published"
    FAILED = "failed"  # its publications failed or were missed
    ARCHIVED = "archived"


_S = ContentStatus
TRANSITIONS: dict[ContentStatus, frozenset[ContentStatus]] = {
    _S.DRAFT: frozenset({_S.IN_REVIEW, _S.ARCHIVED}),
    _S.IN_REVIEW: frozenset({_S.APPROVED, _S.CHANGES_REQUESTED, _S.ARCHIVED}),
    _S.CHANGES_REQUESTED: frozenset({_S.ARCHIVED}),  # a new version takes it back to draft
    _S.APPROVED: frozenset({_S.SCHEDULED, _S.PUBLISHED, _S.ARCHIVED}),
    # scheduled → scheduled: a new time (a reschedule)
    _S.SCHEDULED: frozenset({_S.SCHEDULED, _S.PUBLISHED, _S.ARCHIVED}),
    _S.PARTLY_PUBLISHED: frozenset({_S.PUBLISHED, _S.ARCHIVED}),
    _S.PUBLISHED: frozenset({_S.ARCHIVED}),
    _S.FAILED: frozenset({_S.SCHEDULED, _S.ARCHIVED}),
    _S.ARCHIVED: frozenset(),
}
REVISABLE = frozenset({_S.DRAFT, _S.IN_REVIEW, _S.CHANGES_REQUESTED, _S.APPROVED})
# the statuses a piece's publications decide (``reflect_publications``)
PUBLICATION_DRIVEN = frozenset(
    {_S.APPROVED, _S.SCHEDULED, _S.PARTLY_PUBLISHED, _S.PUBLISHED, _S.FAILED}
)


def _check_draft(draft: Draft) -> None:
    require_text(draft.title, field="title", max_length=MAX_TITLE, allow_empty=True)
    if len(draft.body) > MAX_BODY:
        raise InvalidValue(f"body must be at most {MAX_BODY} characters", field="body")
    if not draft.title.strip() and not draft.body.strip():
        raise InvalidValue("a piece needs a title or a body", field="body")
    require_text(draft.locale, field="locale", max_length=35)


@dataclass(slots=True, kw_only=True)
class ContentPiece(AggregateRoot):
    id: ContentId
    organization_id: OrganizationId
    brand_id: BrandId
    project_id: ProjectId | None = None
    content_type: ContentType
    status: ContentStatus = ContentStatus.DRAFT
    versions: list[ContentVersion] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    media: tuple[MediaReference, ...] = ()
    status_reason: str = ""  # why changes were requested, while they are
    scheduled_for: datetime | None = None
    # the last experiment whose winning version was promoted into this piece (``promote``)
    promoted_from_experiment: ExperimentId | None = None
    version: int = 1  # row version for optimistic concurrency (ETag), not a content version
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        self.content_type = ContentType(self.content_type)
        self.status = ContentStatus(self.status)
        if len(self.media) > MAX_MEDIA:
            raise InvalidValue(f"at most {MAX_MEDIA} media references", field="media")

    # --- reading -------------------------------------------------------------------------

    @property
    def current(self) -> ContentVersion:
        return self.versions[-1]

    @property
    def current_version(self) -> int:
        return self.current.number

    @property
    def draft(self) -> Draft:
        return self.current.draft

    @property
    def title(self) -> str:
        return self.current.draft.title

    @property
    def channel(self) -> Channel:
        return self.current.draft.channel

    @property
    def locale(self) -> str:
        return self.current.draft.locale

    def version_numbered(self, number: int) -> ContentVersion:
        if 1 <= number <= len(self.versions):
            return self.versions[number - 1]
        raise VersionNotFound(f"content {self.id} has no version {number}", field="number")

    def diff(
        self, from_number: int, to_number: int, granularity: Granularity = Granularity.WORD
    ) -> VersionDiff:
        return diff_versions(
            self.version_numbered(from_number), self.version_numbered(to_number), granularity
        )

    def comment(self, comment_id: CommentId) -> Comment:
        for comment in self.comments:
            if comment.id == comment_id:
                return comment
        raise CommentNotFound(f"content {self.id} has no comment {comment_id}")

    def open_threads(self) -> list[Comment]:
        return [c for c in self.comments if c.parent_id is None and not c.resolved]

    # --- writing -------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        id: ContentId,
        organization_id: OrganizationId,
        brand_id: BrandId,
        draft: Draft,
        version_id: ContentVersionId,
        author: Author,
        now: datetime,
        project_id: ProjectId | None = None,
        provenance: Provenance | None = None,
        note: str = "",
        media: tuple[MediaReference, ...] = (),
    ) -> ContentPiece:
        _check_draft(draft)
        first = ContentVersion(
            id=version_id,
            number=1,
            draft=draft,
            author=author,
            created_at=now,
            provenance=provenance,
            note=note,
        )
        piece = cls(
            id=id,
            organization_id=organization_id,
            brand_id=brand_id,
            project_id=project_id,
            content_type=draft.content_type,
            versions=[first],
            media=media,
            created_at=now,
            updated_at=now,
        )
        piece._record(
            ev.ContentCreated,
            now,
            ev.PieceCreated(
                brand_id=brand_id,
                project_id=project_id,
                content_type=draft.content_type.value,
                channel=draft.channel.value,
                title=draft.title,
                version_id=version_id,
                author=author.label(),
            ),
        )
        return piece

    def revise(
        self,
        draft: Draft,
        *,
        version_id: ContentVersionId,
        author: Author,
        now: datetime,
        provenance: Provenance | None = None,
        note: str = "",
        media: tuple[MediaReference, ...] | None = None,
        expected_version: int | None = None,
    ) -> ContentVersion:
        """Record ``draft`` as the next version; the piece goes back to draft (module doc)."""
        check_version(expected_version, self.version, "content")
        if self.status not in REVISABLE:
            raise ContentIsLocked(f"a {self.status.value} piece takes no new versions")
        if draft.content_type is not self.content_type:
            raise ContentTypeMismatch(
                f"this piece is a {self.content_type.value}, not a {draft.content_type.value}",
                field="content_type",
            )
        _check_draft(draft)
        if media is not None and len(media) > MAX_MEDIA:
            raise InvalidValue(f"at most {MAX_MEDIA} media references", field="media")
        version = ContentVersion(
            id=version_id,
            number=self.current_version + 1,
            draft=draft,
            author=author,
            created_at=now,
            provenance=provenance,
            note=note,
        )
        previous = self.status
        self.versions.append(version)
        if media is not None:
            self.media = media
        self.status = ContentStatus.DRAFT
        self.status_reason = ""
        self._bump(now)
        self._record(
            ev.ContentRevised,
            now,
            ev.Revision(
                version_id=version_id,
                number=version.number,
                author=author.label(),
                changed=list(diff_versions(self.versions[-2], version).changed),
                from_=previous.value,
                to=self.status.value,
            ),
        )
        return version

    def submit_for_review(
        self, *, by: Author, now: datetime, expected_version: int | None = None
    ) -> None:
        self._move(ContentStatus.IN_REVIEW, now, expected_version)
        self._record(
            ev.ContentSubmittedForReview,
            now,
            ev.VersionBy(number=self.current_version, by=by.label()),
        )

    def approve(
        self,
        report: ComplianceReport,
        *,
        by: Author,
        now: datetime,
        expected_version: int | None = None,
    ) -> None:
        """Approve the current version; ``report`` is its compliance check against the brand."""
        check_version(expected_version, self.version, "content")
        self._ensure_allowed(ContentStatus.APPROVED)
        if not report.passed:
            codes = ", ".join(sorted({v.code for v in report.errors}))
            raise ComplianceViolationsRemain(
                f"version {self.current_version} has {len(report.errors)} error-level"
                f" compliance violation(s): {codes}",
                violations=tuple((v.location, f"{v.code}: {v.message}") for v in report.errors),
            )
        self._move(ContentStatus.APPROVED, now, None)
        self._record(
            ev.ContentApproved,
            now,
            ev.Approval(
                number=self.current_version,
                version_id=self.current.id,
                by=by.label(),
                compliance_score=report.score,
            ),
        )

    def request_changes(
        self, reason: str, *, by: Author, now: datetime, expected_version: int | None = None
    ) -> None:
        reason = require_text(reason, field="reason", max_length=MAX_REASON)
        self._move(ContentStatus.CHANGES_REQUESTED, now, expected_version)
        self.status_reason = reason
        self._record(
            ev.ContentChangesRequested,
            now,
            ev.ChangesRequest(number=self.current_version, by=by.label(), reason=reason),
        )

    def mark_scheduled(
        self, *, at: datetime, now: datetime, expected_version: int | None = None
    ) -> None:
        self._move(ContentStatus.SCHEDULED, now, expected_version)
        self.scheduled_for = at
        self._record(
            ev.ContentScheduled, now, ev.Schedule(number=self.current_version, at=at.isoformat())
        )

    def mark_published(self, *, now: datetime, expected_version: int | None = None) -> None:
        self._move(ContentStatus.PUBLISHED, now, expected_version)
        self._record(ev.ContentPublished, now, ev.VersionNumber(number=self.current_version))

    def reflect_publications(
        self, status: ContentStatus, scheduled_for: datetime | None, *, now: datetime
    ) -> bool:
        """Take the status its publications summarize (``publication_summary``); whether it
        changed. A piece outside the publication-driven statuses (archived, back in review)
        keeps its own."""
        status = ContentStatus(status)
        if self.status not in PUBLICATION_DRIVEN or status not in PUBLICATION_DRIVEN:
            return False
        if (self.status, self.scheduled_for) == (status, scheduled_for):
            return False
        previous = self.status
        self.status, self.scheduled_for, self.status_reason = status, scheduled_for, ""
        self._bump(now)
        if status is ContentStatus.SCHEDULED and scheduled_for is not None:
            facts = ev.Schedule(number=self.current_version, at=scheduled_for.isoformat())
            self._record(ev.ContentScheduled, now, facts)
        elif status is ContentStatus.PUBLISHED:
            self._record(ev.ContentPublished, now, ev.VersionNumber(number=self.current_version))
        else:
            self._record(
                ev.ContentPublicationStatusChanged,
                now,
                StatusChange(previous.value, status.value),
            )
        return True

    def archive(self, *, now: datetime, expected_version: int | None = None) -> None:
        previous = self.status
        self._move(ContentStatus.ARCHIVED, now, expected_version)
        self._record(
            ev.ContentArchived,
            now,
            StatusChange(previous.value, self.status.value),
        )

    def promote(
        self,
        *,
        experiment_id: ExperimentId,
        arm: str,
        number: int,
        version_id: ContentVersionId,
        author: Author,
        now: datetime,
    ) -> ContentVersion | None:
        """Make version ``number``, the winner of ``experiment_id`` (arm ``arm``), the piece's
        current version and record that the experiment promoted it.

        The current version already: nothing is copied and the status stays. An older one: a
        new version copied from it (same text and provenance, authored by ``author``, a note
        naming the experiment), with ``revise``'s rule: the piece goes back to draft, and a
        scheduled, published or archived piece refuses it (``ContentIsLocked``). Promoting
        again for the same experiment changes nothing and returns None (redelivery).
        """
        if self.promoted_from_experiment == experiment_id:
            return None
        winning = self.version_numbered(number)
        copied: ContentVersion | None = None
        previous = self.status
        if winning.number != self.current_version:
            if self.status not in REVISABLE:
                raise ContentIsLocked(
                    f"a {self.status.value} piece takes no new versions: version"
                    f" {winning.number} cannot become current"
                )
            copied = ContentVersion(
                id=version_id,
                number=self.current_version + 1,
                draft=winning.draft,
                author=author,
                created_at=now,
                provenance=winning.provenance,
                note=f"promoted from experiment {experiment_id} (arm {arm}):"
                f" a copy of version {winning.number}",
            )
            self.versions.append(copied)
            self.status = ContentStatus.DRAFT
            self.status_reason = ""
            self.scheduled_for = None
        self.promoted_from_experiment = experiment_id
        self._bump(now)
        self._record(
            ev.ContentPromoted,
            now,
            ev.Promotion(
                experiment_id=experiment_id,
                arm=arm,
                winning_number=winning.number,
                number=self.current_version,
                version_id=self.current.id,
                copied=copied is not None,
                by=author.label(),
                from_=previous.value,
                to=self.status.value,
            ),
        )
        return copied

    # --- review --------------------------------------------------------------------------

    def add_comment(
        self,
        *,
        comment_id: CommentId,
        author: Author,
        body: str,
        now: datetime,
        version_number: int | None = None,
        anchor: TextAnchor | None = None,
        parent_id: CommentId | None = None,
    ) -> Comment:
        """A new thread (on ``version_number``, default the current one, optionally anchored)
        or, with ``parent_id``, a reply in the parent's thread on the parent's version."""
        if self.status is ContentStatus.ARCHIVED:
            raise ContentIsLocked("an archived piece takes no comments")
        if parent_id is not None:
            parent = self.comment(parent_id)
            number = parent.version_number
        else:
            number = version_number if version_number is not None else self.current_version
        target = self.version_numbered(number)
        if anchor is not None:
            texts = field_texts(target.draft)
            text = texts.get(anchor.field)
            if text is None:
                raise AnchorOutOfRange(
                    f"no field {anchor.field!r}; use one of {sorted(texts)}", field="anchor"
                )
            if anchor.end > len(text):
                raise AnchorOutOfRange(
                    f"{anchor.field} of version {number} has {len(text)} characters",
                    field="anchor",
                )
        comment = Comment(
            id=comment_id,
            version_number=number,
            author=author,
            body=body,
            created_at=now,
            parent_id=parent_id,
            anchor=anchor,
        )
        self.comments.append(comment)
        self._bump(now)
        self._record(
            ev.CommentAdded,
            now,
            ev.CommentPosted(
                comment_id=comment_id, parent_id=parent_id, number=number, author=author.label()
            ),
        )
        return comment

    def resolve_comment(self, comment_id: CommentId, *, by: Author, now: datetime) -> Comment:
        comment = self._thread(comment_id)
        if comment.resolved:
            raise IllegalCommentTransition("this thread is already resolved")
        comment.resolved, comment.resolved_at, comment.resolved_by = True, now, by
        self._bump(now)
        self._record(ev.CommentResolved, now, ev.CommentBy(comment_id=comment_id, by=by.label()))
        return comment

    def reopen_comment(self, comment_id: CommentId, *, by: Author, now: datetime) -> Comment:
        comment = self._thread(comment_id)
        if not comment.resolved:
            raise IllegalCommentTransition("this thread is open")
        comment.resolved, comment.resolved_at, comment.resolved_by = False, None, None
        self._bump(now)
        self._record(ev.CommentReopened, now, ev.CommentBy(comment_id=comment_id, by=by.label()))
        return comment

    # --- internals -----------------------------------------------------------------------

    def _thread(self, comment_id: CommentId) -> Comment:
        comment = self.comment(comment_id)
        if comment.parent_id is not None:
            raise IllegalCommentTransition("resolve or reopen the thread, not a reply")
        if self.status is ContentStatus.ARCHIVED:
            raise ContentIsLocked("an archived piece takes no review changes")
        return comment

    def _ensure_allowed(self, target: ContentStatus) -> None:
        if target not in TRANSITIONS[self.status]:
            allowed = sorted(s.value for s in TRANSITIONS[self.status]) or ["none"]
            raise IllegalContentTransition(
                f"a {self.status.value} piece cannot become {target.value};"
                f" allowed: {', '.join(allowed)}",
                field="status",
            )

    def _move(self, target: ContentStatus, now: datetime, expected_version: int | None) -> None:
        check_version(expected_version, self.version, "content")
        self._ensure_allowed(target)
        self.status_reason = ""
        if target is not ContentStatus.SCHEDULED:
            self.scheduled_for = None
        self.status = target
        self._bump(now)
