"""Data mappers between rows and the content context's objects (pieces, versions, comments).

A piece is rebuilt from its row plus its version rows (ordered by number) and comment rows
(ordered by position), through the dataclass constructors, so rebuilding records no events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import RowMapping

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.piece import ContentPiece, ContentStatus
from umt.domain.content.review import Comment, TextAnchor
from umt.domain.content.template import ContentTemplate, TemplateVariable
from umt.domain.content.version import (
    Author,
    ContentVersion,
    MediaKind,
    MediaReference,
    Provenance,
)
from umt.domain.shared.ids import (
    BrandId,
    CommentId,
    ContentId,
    ContentVersionId,
    ExperimentId,
    OrganizationId,
    ProjectId,
    TemplateId,
)
from umt.domain.shared.values import Url
from umt.ports.content_repository import searchable_text

Row = RowMapping
Values = dict[str, Any]
_LIST_FIELDS = ("headlines", "descriptions", "hashtags", "mentions", "links", "keywords")
_TEXT_FIELDS = ("subject", "preheader", "call_to_action", "slug", "meta_description")


def fields_to_json(fields: ContentFields) -> dict[str, Any]:
    document: dict[str, Any] = {name: getattr(fields, name) for name in _TEXT_FIELDS}
    document.update({name: list(getattr(fields, name)) for name in _LIST_FIELDS})
    return document


def fields_from_json(document: Mapping[str, Any]) -> ContentFields:
    values: dict[str, Any] = {n: document.get(n, "") for n in _TEXT_FIELDS}
    values.update({n: tuple(document.get(n, ())) for n in _LIST_FIELDS})
    return ContentFields(**values)


def provenance_to_json(provenance: Provenance | None) -> dict[str, Any] | None:
    if provenance is None:
        return None
    return {
        "adapter": provenance.adapter,
        "model": provenance.model,
        "prompt_version": provenance.prompt_version,
        "input_tokens": provenance.input_tokens,
        "output_tokens": provenance.output_tokens,
        "cost": provenance.cost,
        "latency_ms": provenance.latency_ms,
        "seed": provenance.seed,
    }


def provenance_from_json(document: Mapping[str, Any] | None) -> Provenance | None:
    if document is None:
        return None
    return Provenance(
        adapter=document["adapter"],
        model=document.get("model"),
        prompt_version=document.get("prompt_version"),
        input_tokens=document.get("input_tokens"),
        output_tokens=document.get("output_tokens"),
        cost=document.get("cost"),
        latency_ms=document.get("latency_ms"),
        seed=document.get("seed"),
    )


def piece_to_row(piece: ContentPiece) -> Values:
    draft = piece.draft
    return {
        "id": piece.id,
        "organization_id": piece.organization_id,
        "brand_id": piece.brand_id,
        "project_id": piece.project_id,
        "content_type": piece.content_type.value,
        "channel": draft.channel.value,
        "locale": draft.locale,
        "title": draft.title,
        "status": piece.status.value,
        "status_reason": piece.status_reason,
        "scheduled_for": piece.scheduled_for,
        "media": [
            {"url": m.url.value, "kind": m.kind.value, "alt_text": m.alt_text} for m in piece.media
        ],
        "current_version": piece.current_version,
        "search_text": searchable_text(draft),
        "promoted_from_experiment": piece.promoted_from_experiment,
        "version": piece.version,
        "created_at": piece.created_at,
        "updated_at": piece.updated_at,
    }


def version_to_row(content_id: ContentId, version: ContentVersion) -> Values:
    draft = version.draft
    return {
        "id": version.id,
        "content_id": content_id,
        "number": version.number,
        "content_type": draft.content_type.value,
        "channel": draft.channel.value,
        "locale": draft.locale,
        "title": draft.title,
        "body": draft.body,
        "fields": fields_to_json(draft.fields),
        "author": version.author.label(),
        "provenance": provenance_to_json(version.provenance),
        "note": version.note,
        "created_at": version.created_at,
    }


def version_from_row(row: Row) -> ContentVersion:
    return ContentVersion(
        id=ContentVersionId(row["id"]),
        number=row["number"],
        draft=Draft(
            content_type=ContentType(row["content_type"]),
            channel=Channel(row["channel"]),
            title=row["title"],
            body=row["body"],
            fields=fields_from_json(row["fields"]),
            locale=row["locale"],
        ),
        author=Author.parse(row["author"]),
        created_at=row["created_at"],
        provenance=provenance_from_json(row["provenance"]),
        note=row["note"],
    )


def comment_to_row(content_id: ContentId, position: int, comment: Comment) -> Values:
    anchor = comment.anchor
    return {
        "id": comment.id,
        "content_id": content_id,
        "position": position,
        "version_number": comment.version_number,
        "parent_id": comment.parent_id,
        "author": comment.author.label(),
        "body": comment.body,
        "anchor_field": anchor.field if anchor else None,
        "anchor_start": anchor.start if anchor else None,
        "anchor_end": anchor.end if anchor else None,
        "resolved": comment.resolved,
        "resolved_at": comment.resolved_at,
        "resolved_by": comment.resolved_by.label() if comment.resolved_by else None,
        "created_at": comment.created_at,
    }


def comment_from_row(row: Row) -> Comment:
    anchor = None
    if row["anchor_field"] is not None:
        anchor = TextAnchor(
            field=row["anchor_field"], start=row["anchor_start"], end=row["anchor_end"]
        )
    return Comment(
        id=CommentId(row["id"]),
        version_number=row["version_number"],
        author=Author.parse(row["author"]),
        body=row["body"],
        created_at=row["created_at"],
        parent_id=CommentId(row["parent_id"]) if row["parent_id"] else None,
        anchor=anchor,
        resolved=row["resolved"],
        resolved_at=row["resolved_at"],
        resolved_by=Author.parse(row["resolved_by"]) if row["resolved_by"] else None,
    )


def piece_from_rows(row: Row, versions: Iterable[Row], comments: Iterable[Row]) -> ContentPiece:
    return ContentPiece(
        id=ContentId(row["id"]),
        organization_id=OrganizationId(row["organization_id"]),
        brand_id=BrandId(row["brand_id"]),
        project_id=ProjectId(row["project_id"]) if row["project_id"] else None,
        content_type=ContentType(row["content_type"]),
        status=ContentStatus(row["status"]),
        versions=sorted((version_from_row(v) for v in versions), key=lambda v: v.number),
        comments=[comment_from_row(c) for c in comments],
        media=tuple(
            MediaReference(url=Url(m["url"]), kind=MediaKind(m["kind"]), alt_text=m["alt_text"])
            for m in row["media"]
        ),
        status_reason=row["status_reason"],
        scheduled_for=row["scheduled_for"],
        promoted_from_experiment=(
            ExperimentId(row["promoted_from_experiment"])
            if row["promoted_from_experiment"]
            else None
        ),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


# -- templates ------------------------------------------------------------------------------


def template_to_row(t: ContentTemplate) -> Values:
    return {
        "id": t.id,
        "organization_id": t.organization_id,
        "brand_id": t.brand_id,
        "name": t.name,
        "name_key": t.name.casefold(),
        "content_type": t.content_type.value,
        "industry": t.industry,
        "channel": t.channel.value if t.channel else None,
        "body": t.body,
        "variables": [
            {
                "name": v.name,
                "description": v.description,
                "required": v.required,
                "default": v.default,
            }
            for v in t.variables
        ],
        "version": t.version,
        "created_at": t.created_at,
        "updated_at": t.updated_at,
    }


def template_from_row(row: Row) -> ContentTemplate:
    return ContentTemplate(
        id=TemplateId(row["id"]),
        organization_id=OrganizationId(row["organization_id"]),
        brand_id=BrandId(row["brand_id"]) if row["brand_id"] else None,
        name=row["name"],
        content_type=ContentType(row["content_type"]),
        industry=row["industry"],
        channel=Channel(row["channel"]) if row["channel"] else None,
        body=row["body"],
        variables=tuple(
            TemplateVariable(
                name=v["name"],
                description=v.get("description", ""),
                required=v.get("required", True),
                default=v.get("default"),
            )
            for v in row["variables"]
        ),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
