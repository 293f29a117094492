"""OpenAPI examples of the publish engine's routes for people: what a reconciliation finds,
and what a retry leaves (a failed publication due now; an unknown one to be looked up first)."""

from __future__ import annotations

from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from umt.entrypoints.http.openapi import answered_by
from umt.entrypoints.http.schemas.publishing import PublicationOut
from umt.entrypoints.http.schemas.publishing_dispatch import ReconcileOut

_ID = "0193a3c2-5f1e-7c4a-9a51-1f6c0f3e2a10"

RECONCILE_200 = ResponseSpec(
    data_container=ReconcileOut,
    generate_examples=False,
    description="What the lookup by our reference found, and the publication's status now",
    examples=[
        Example(
            id="reconciled",
            summary="The post exists: published",
            value={
                "publication_id": _ID,
                "step": "reconciled",
                "status": "published",
                "remote_id": "post_4812",
                "detail": "",
            },
        ),
        Example(
            id="not-found",
            summary="No post carries our reference: due again now",
            value={
                "publication_id": _ID,
                "step": "deferred",
                "status": "scheduled",
                "remote_id": None,
                "detail": "no post carries our reference: due again now",
            },
        ),
        Example(
            id="platform-down",
            summary="The platform could not be asked: still unknown, looked up later",
            value={
                "publication_id": _ID,
                "step": "deferred",
                "status": "outcome_unknown",
                "remote_id": None,
                "detail": "sandbox is unavailable (circuit open)",
            },
        ),
    ],
)


def _retried(status: str, attempt: dict[str, Any]) -> dict[str, Any]:
    """A whole publication as the retry leaves it (due now, its attempt kept)."""
    return {
        "id": _ID,
        "brand_id": "0193a3c2-1111-7c4a-9a51-1f6c0f3e2a10",
        "project_id": None,
        "content_id": "0193a3c2-2222-7c4a-9a51-1f6c0f3e2a10",
        "content_version_id": "0193a3c2-3333-7c4a-9a51-1f6c0f3e2a10",
        "channel_account_id": "0193a3c2-4444-7c4a-9a51-1f6c0f3e2a10",
        "channel": "linkedin",
        "kind": "linkedin_organization",
        "status": status,
        "due_at": "2026-03-02T08:00:00Z",
        "time_zone": "Europe/Berlin",
        "local_time": "2026-03-02T09:00:00",
        "next_attempt_at": "2026-03-02T09:05:00Z",
        "grace_seconds": 3600,
        "missed_policy": "skip",
        "first_comment": "#coffee #spring",
        "first_comment_delivery": None,
        "schedule_id": None,
        "rendering": {
            "text": "Our spring menu is out.",
            "title": None,
            "link": "https://example.com/spring",
            "media": [],
            "preview_text": None,
        },
        "attempts": [attempt],
        "failure": {
            "reason": attempt["reason"],
            "rejection": None,
            "detail": attempt["detail"],
        },
        "remote_id": None,
        "remote_url": None,
        "published_at": None,
        "lease_owner": None,
        "lease_expires_at": None,
        "version": 7,
        "created_at": "2026-03-01T12:00:00Z",
        "updated_at": "2026-03-02T09:05:00Z",
    }


_FAILED_ATTEMPT = {
    "number": 1,
    "fence": 1,
    "started_at": "2026-03-02T09:00:00Z",
    "finished_at": "2026-03-02T09:00:01Z",
    "outcome": "failed",
    "reason": "token_expired",
    "rejection": None,
    "detail": "the access token has expired",
    "remote_id": None,
}
_UNKNOWN_ATTEMPT = _FAILED_ATTEMPT | {
    "outcome": "unknown",
    "reason": "unknown_outcome",
    "detail": "the gateway timed out waiting for the answer",
}

RETRY_200 = ResponseSpec(
    data_container=PublicationOut,
    generate_examples=False,
    description="The publication, due now (ETag: its new version)",
    examples=[
        Example(
            id="failed",
            summary="A failed publication (the integration reconnected): scheduled now",
            value=_retried("scheduled", _FAILED_ATTEMPT),
        ),
        Example(
            id="unknown",
            summary="An unknown outcome: looked up by our reference first, now",
            value=_retried("outcome_unknown", _UNKNOWN_ATTEMPT),
        ),
    ],
)

_SUCCEEDED_ATTEMPT = _FAILED_ATTEMPT | {
    "outcome": "succeeded",
    "reason": None,
    "detail": "",
    "remote_id": "urn:li:share:7171717171717171717",
}
TAKEN_DOWN_OK = answered_by(
    Example(
        id="taken-down",
        summary="Deleted on LinkedIn; the remote id stays on record (ETag: its new version)",
        value=_retried("taken_down", _SUCCEEDED_ATTEMPT)
        | {
            "failure": None,
            "next_attempt_at": "2026-03-02T08:00:00Z",
            "remote_id": "urn:li:share:7171717171717171717",
            "remote_url": "https://www.linkedin.com/feed/update/urn:li:share:7171717171717171717",
            "published_at": "2026-03-02T08:00:01Z",
            "version": 9,
            "updated_at": "2026-03-04T16:20:00Z",
        },
    )
)
