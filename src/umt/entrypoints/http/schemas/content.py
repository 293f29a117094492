"""Schemas of the content library: pieces, versions, diffs and review comments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from umt.domain.content.diff import VersionDiff
from umt.domain.content.draft import ContentFields
from umt.domain.content.piece import ContentPiece
from umt.domain.content.review import Comment
from umt.domain.content.version import Author, ContentVersion, Provenance
from umt.entrypoints.http.schemas.brands import ChannelName
from umt.entrypoints.http.schemas.common import Input, published_as

ContentTypeName = Literal[
    "blog_post", "social_post", "email", "ad_copy", "landing_page", "video_script"
]
ContentStatusName = Literal[
    "draft",
    "in_review",
    "changes_requested",
    "approved",
    "scheduled",
    "partly_published",
    "published",
    "failed",
    "archived",
]
MediaKindName = Literal["image", "video", "audio", "document"]
Title = Annotated[str, Meta(max_length=300, examples=["Meet our darkest roast"])]
Body = Annotated[str, Meta(max_length=100_000)]
Locale = Annotated[str, Meta(min_length=1, max_length=35, examples=["en", "en-GB"])]
Note = Annotated[str, Meta(max_length=1000)]
ShortText = Annotated[str, Meta(max_length=500)]
Items = Annotated[list[ShortText], Meta(max_length=50)]
AgentName = Annotated[str, Meta(min_length=1, max_length=100, examples=["content-creation"])]


class FieldsIO(Input):
    """Structured fields by type: email subject/preheader; ad headlines/descriptions; post
    hashtags, mentions, links, call to action; blog slug, meta description, keywords."""

    subject: ShortText = ""
    preheader: ShortText = ""
    headlines: Items = msgspec.field(default_factory=list)
    descriptions: Items = msgspec.field(default_factory=list)
    hashtags: Items = msgspec.field(default_factory=list)
    mentions: Items = msgspec.field(default_factory=list)
    links: Items = msgspec.field(default_factory=list)
    call_to_action: ShortText = ""
    slug: ShortText = ""
    meta_description: ShortText = ""
    keywords: Items = msgspec.field(default_factory=list)


class MediaIO(Input):
    url: Annotated[str, Meta(max_length=2048, examples=["https://cdn.example.com/roast.png"])]
    kind: MediaKindName
    alt_text: ShortText = ""


class ProvenanceIO(Input):
    adapter: Annotated[str, Meta(min_length=1, max_length=100, examples=["offline"])]
    model: Annotated[str, Meta(max_length=200)] | None = None
    prompt_version: Annotated[str, Meta(max_length=100)] | None = None
    input_tokens: Annotated[int, Meta(ge=0)] | None = None
    output_tokens: Annotated[int, Meta(ge=0)] | None = None
    cost: Annotated[float, Meta(ge=0, le=1e9)] | None = None
    latency_ms: Annotated[int, Meta(ge=0)] | None = None
    seed: int | None = None


MediaList = Annotated[list[MediaIO], Meta(max_length=20)]


class ContentCreate(Input):
    content_type: ContentTypeName
    channel: ChannelName
    title: Title = ""
    body: Body = ""
    fields: FieldsIO | None = None
    locale: Locale = "en"
    project_id: UUID | None = None
    media: MediaList = msgspec.field(default_factory=list)
    note: Note = ""
    provenance: ProvenanceIO | None = None
    agent: AgentName | None = None


class ContentPatch(Input):
    """A new version: fields left out keep their current value."""

    title: Title | UnsetType = UNSET
    body: Body | UnsetType = UNSET
    fields: FieldsIO | UnsetType = UNSET
    channel: ChannelName | UnsetType = UNSET
    locale: Locale | UnsetType = UNSET
    media: MediaList | UnsetType = UNSET
    note: Note = ""
    provenance: ProvenanceIO | None = None
    agent: AgentName | None = None


class ChangesRequest(Input):
    reason: Annotated[str, Meta(min_length=1, max_length=2000, examples=["Name the origin"])]


class ScheduleRequest(Input):
    at: datetime


class AnchorIO(Input):
    field: Annotated[str, Meta(min_length=1, max_length=60, examples=["body"])]
    start: Annotated[int, Meta(ge=0)]
    end: Annotated[int, Meta(ge=1)]


CommentText = Annotated[str, Meta(min_length=1, max_length=5000, examples=["Which day?"])]


class CommentCreate(Input):
    body: CommentText
    version_number: Annotated[int, Meta(ge=1)] | None = None
    anchor: AnchorIO | None = None


class ReplyCreate(Input):
    body: CommentText


class AuthorOut(msgspec.Struct):
    kind: str
    user_id: UUID | None
    agent: str | None


class ProvenanceOut(msgspec.Struct):
    adapter: str
    model: str | None
    prompt_version: str | None
    input_tokens: int | None
    output_tokens: int | None
    cost: float | None
    latency_ms: int | None
    seed: int | None


@published_as("FieldsOut")
class ContentFieldsOut(msgspec.Struct):
    """The fields of a stored piece beyond title and body."""

    subject: str
    preheader: str
    headlines: list[str]
    descriptions: list[str]
    hashtags: list[str]
    mentions: list[str]
    links: list[str]
    call_to_action: str
    slug: str
    meta_description: str
    keywords: list[str]


class MediaOut(msgspec.Struct):
    url: str
    kind: str
    alt_text: str


class VersionOut(msgspec.Struct):
    id: UUID
    number: int
    content_type: str
    channel: str
    locale: str
    title: str
    body: str
    fields: ContentFieldsOut
    author: AuthorOut
    provenance: ProvenanceOut | None
    note: str
    created_at: datetime


class VersionList(msgspec.Struct):
    items: list[VersionOut]  # oldest first


class ContentOut(msgspec.Struct):
    id: UUID
    brand_id: UUID
    project_id: UUID | None
    content_type: str
    channel: str
    locale: str
    status: str
    status_reason: str
    scheduled_for: datetime | None
    current_version: int
    title: str
    body: str
    fields: ContentFieldsOut
    media: list[MediaOut]
    author: AuthorOut  # of the current version
    open_threads: int
    # the last experiment whose winning version was promoted into this piece
    promoted_from_experiment: UUID | None
    version: int  # the ETag: changes with every change, comments included
    created_at: datetime
    updated_at: datetime


class HunkOut(msgspec.Struct):
    op: str
    before: str
    after: str


class FieldDiffOut(msgspec.Struct):
    field: str
    hunks: list[HunkOut]
    unified: str


class DiffOut(msgspec.Struct, rename={"from_number": "from", "to_number": "to"}):
    from_number: int
    to_number: int
    granularity: str
    fields: list[FieldDiffOut]
    unified: str


class AnchorOut(msgspec.Struct):
    field: str
    start: int
    end: int


class CommentOut(msgspec.Struct):
    id: UUID
    version_number: int
    parent_id: UUID | None
    author: AuthorOut
    body: str
    anchor: AnchorOut | None
    resolved: bool
    resolved_at: datetime | None
    resolved_by: AuthorOut | None
    created_at: datetime


class CommentList(msgspec.Struct):
    items: list[CommentOut]  # in the order written


def author_out(a: Author) -> AuthorOut:
    return AuthorOut(kind=a.kind.value, user_id=a.user_id, agent=a.agent)


def provenance_out(p: Provenance | None) -> ProvenanceOut | None:
    if p is None:
        return None
    return ProvenanceOut(
        adapter=p.adapter,
        model=p.model,
        prompt_version=p.prompt_version,
        input_tokens=p.input_tokens,
        output_tokens=p.output_tokens,
        cost=p.cost,
        latency_ms=p.latency_ms,
        seed=p.seed,
    )


def fields_out(f: ContentFields) -> ContentFieldsOut:
    return ContentFieldsOut(
        subject=f.subject,
        preheader=f.preheader,
        headlines=list(f.headlines),
        descriptions=list(f.descriptions),
        hashtags=list(f.hashtags),
        mentions=list(f.mentions),
        links=list(f.links),
        call_to_action=f.call_to_action,
        slug=f.slug,
        meta_description=f.meta_description,
        keywords=list(f.keywords),
    )


def content_out(p: ContentPiece) -> ContentOut:
    d = p.draft
    return ContentOut(
        id=p.id,
        brand_id=p.brand_id,
        project_id=p.project_id,
        content_type=p.content_type.value,
        channel=d.channel.value,
        locale=d.locale,
        status=p.status.value,
        status_reason=p.status_reason,
        scheduled_for=p.scheduled_for,
        current_version=p.current_version,
        title=d.title,
        body=d.body,
        fields=fields_out(d.fields),
        media=[MediaOut(url=m.url.value, kind=m.kind.value, alt_text=m.alt_text) for m in p.media],
        author=author_out(p.current.author),
        open_threads=len(p.open_threads()),
        promoted_from_experiment=p.promoted_from_experiment,
        version=p.version,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def version_out(v: ContentVersion) -> VersionOut:
    d = v.draft
    return VersionOut(
        id=v.id,
        number=v.number,
        content_type=d.content_type.value,
        channel=d.channel.value,
        locale=d.locale,
        title=d.title,
        body=d.body,
        fields=fields_out(d.fields),
        author=author_out(v.author),
        provenance=provenance_out(v.provenance),
        note=v.note,
        created_at=v.created_at,
    )


def diff_out(diff: VersionDiff) -> DiffOut:
    return DiffOut(
        from_number=diff.from_number,
        to_number=diff.to_number,
        granularity=diff.granularity.value,
        fields=[
            FieldDiffOut(
                field=f.field,
                hunks=[HunkOut(op=h.op, before=h.before, after=h.after) for h in f.hunks],
                unified=f.unified,
            )
            for f in diff.fields
        ],
        unified=diff.unified,
    )


def comment_out(c: Comment) -> CommentOut:
    a = c.anchor
    return CommentOut(
        id=c.id,
        version_number=c.version_number,
        parent_id=c.parent_id,
        author=author_out(c.author),
        body=c.body,
        anchor=AnchorOut(field=a.field, start=a.start, end=a.end) if a else None,
        resolved=c.resolved,
        resolved_at=c.resolved_at,
        resolved_by=author_out(c.resolved_by) if c.resolved_by else None,
        created_at=c.created_at,
    )
