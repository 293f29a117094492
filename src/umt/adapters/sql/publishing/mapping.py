"""Rows ↔ publications: the explicit data mapper of the publishing calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import RowMapping

from umt.domain.content.version import MediaKind, MediaReference
from umt.domain.integration.errors import Rejection
from umt.domain.publishing.attempts import AttemptOutcome, PublicationAttempt
from umt.domain.publishing.failures import FailureReason
from umt.domain.publishing.first_comment import CommentStatus, FirstCommentDelivery
from umt.domain.publishing.publication import Publication
from umt.domain.publishing.publication_status import MissedPolicy, PublicationStatus
from umt.domain.publishing.rendered_post import RenderedPost
from umt.domain.shared.values import Url

COMMENT_COLUMNS = (
    "comment_status",
    "comment_attempts",
    "comment_next_at",
    "comment_id",
    "comment_reason",
    "comment_detail",
    "comment_updated_at",
)
# written on insert only: who and what a publication is never changes
IMMUTABLE = frozenset(
    {"id", "organization_id", "brand_id", "content_id", "channel_account_id", "created_at"}
)


def rendering_document(post: RenderedPost) -> dict[str, Any]:
    return {
        "text": post.text,
        "title": post.title,
        "link": post.link,
        "media": [
            {"url": m.url.value, "kind": m.kind.value, "alt_text": m.alt_text} for m in post.media
        ],
        "preview_text": post.preview_text,
    }


def rendering_from(document: dict[str, Any]) -> RenderedPost:
    return RenderedPost(
        text=document["text"],
        title=document.get("title"),
        link=document.get("link"),
        media=tuple(
            MediaReference(url=Url(m["url"]), kind=MediaKind(m["kind"]), alt_text=m["alt_text"])
            for m in document.get("media", ())
        ),
        preview_text=document.get("preview_text"),
    )


def publication_to_row(p: Publication) -> dict[str, Any]:
    return {
        "id": p.id,
        "organization_id": p.organization_id,
        "brand_id": p.brand_id,
        "project_id": p.project_id,
        "content_id": p.content_id,
        "content_version_id": p.content_version_id,
        "channel_account_id": p.channel_account_id,
        "channel": p.channel.value,
        "kind": p.kind.value,
        "status": p.status.value,
        "due_at": p.due_at,
        "time_zone": p.time_zone,
        "local_time": p.local_time,
        "next_attempt_at": p.next_attempt_at,
        "grace_seconds": int(p.grace.total_seconds()),
        "missed_policy": p.missed_policy.value,
        "fence": p.fence,
        "lease_owner": p.lease_owner,
        "lease_expires_at": p.lease_expires_at,
        "remote_id": p.remote_id,
        "remote_url": p.remote_url,
        "published_at": p.published_at,
        "first_comment": p.first_comment,
        **comment_columns(p.comment_delivery),
        "schedule_id": p.schedule_id,
        "rendering": rendering_document(p.rendering),
        "version": p.version,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    }


def comment_columns(delivery: FirstCommentDelivery | None) -> dict[str, Any]:
    if delivery is None:
        return dict.fromkeys(COMMENT_COLUMNS)
    return {
        "comment_status": delivery.status.value,
        "comment_attempts": delivery.attempts,
        "comment_next_at": delivery.next_attempt_at,
        "comment_id": delivery.comment_id,
        "comment_reason": None if delivery.reason is None else delivery.reason.value,
        "comment_detail": delivery.detail,
        "comment_updated_at": delivery.updated_at,
    }


def comment_delivery_from(row: RowMapping) -> FirstCommentDelivery | None:
    if row["comment_status"] is None:
        return None
    return FirstCommentDelivery(
        status=CommentStatus(row["comment_status"]),
        attempts=row["comment_attempts"] or 0,
        next_attempt_at=row["comment_next_at"],
        comment_id=row["comment_id"],
        reason=None if row["comment_reason"] is None else FailureReason(row["comment_reason"]),
        detail=row["comment_detail"] or "",
        updated_at=row["comment_updated_at"],
    )


def attempt_to_row(p: Publication, a: PublicationAttempt) -> dict[str, Any]:
    return {
        "publication_id": p.id,
        "number": a.number,
        "organization_id": p.organization_id,
        "fence": a.fence,
        "started_at": a.started_at,
        "finished_at": a.finished_at,
        "outcome": a.outcome.value,
        "reason": None if a.reason is None else a.reason.value,
        "rejection": None if a.rejection is None else a.rejection.value,
        "detail": a.detail,
        "remote_id": a.remote_id,
    }


def attempt_from_row(row: RowMapping) -> PublicationAttempt:
    return PublicationAttempt(
        number=row["number"],
        fence=row["fence"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        outcome=AttemptOutcome(row["outcome"]),
        reason=None if row["reason"] is None else FailureReason(row["reason"]),
        rejection=None if row["rejection"] is None else Rejection(row["rejection"]),
        detail=row["detail"],
        remote_id=row["remote_id"],
    )


def publication_from_row(row: RowMapping, attempts: Iterable[PublicationAttempt]) -> Publication:
    return Publication(
        id=row["id"],
        organization_id=row["organization_id"],
        brand_id=row["brand_id"],
        project_id=row["project_id"],
        content_id=row["content_id"],
        content_version_id=row["content_version_id"],
        channel_account_id=row["channel_account_id"],
        channel=row["channel"],
        kind=row["kind"],
        status=PublicationStatus(row["status"]),
        due_at=row["due_at"],
        time_zone=row["time_zone"],
        local_time=row["local_time"],
        next_attempt_at=row["next_attempt_at"],
        grace=timedelta(seconds=row["grace_seconds"]),
        missed_policy=MissedPolicy(row["missed_policy"]),
        attempts=tuple(sorted(attempts, key=lambda a: a.number)),
        fence=row["fence"],
        lease_owner=row["lease_owner"],
        lease_expires_at=row["lease_expires_at"],
        remote_id=row["remote_id"],
        remote_url=row["remote_url"],
        published_at=row["published_at"],
        first_comment=row["first_comment"],
        comment_delivery=comment_delivery_from(row),
        schedule_id=row["schedule_id"],
        rendering=rendering_from(row["rendering"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
