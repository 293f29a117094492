"""Request and response bodies of generation, compliance checks, usage and budgets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from msgspec import Meta

from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.entrypoints.http.schemas.common import Input, ShortText, published_as


def _one_of(values: list[str]) -> str:
    return "^(" + "|".join(values) + ")$"


ChannelName = Annotated[
    str, Meta(pattern=_one_of([c.value for c in Channel]), description="A channel")
]
ContentTypeName = Annotated[
    str, Meta(pattern=_one_of([t.value for t in ContentType]), description="A content type")
]
Topic = Annotated[str, Meta(min_length=1, max_length=500)]
Point = Annotated[str, Meta(min_length=1, max_length=500)]
Locale = Annotated[
    str, Meta(min_length=2, max_length=35, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
]
Seed = Annotated[int, Meta(ge=0, le=2**31 - 2)]
FieldText = Annotated[str, Meta(max_length=5000)]
BodyText = Annotated[str, Meta(max_length=100_000)]
FieldList = Annotated[list[ShortText], Meta(max_length=100)]


class GenerationCreate(Input):
    topic: Topic
    content_type: ContentTypeName
    channel: ChannelName
    n: Annotated[int, Meta(ge=1, le=10)] = 1
    audience_id: UUID | None = None
    project_id: UUID | None = None
    key_points: Annotated[list[Point], Meta(max_length=20)] = msgspec.field(default_factory=list)
    template: Annotated[str, Meta(min_length=1, max_length=20_000)] | None = None
    template_id: UUID | None = None
    template_variables: Annotated[
        dict[
            Annotated[str, Meta(min_length=1, max_length=100)],
            Annotated[str, Meta(max_length=5000)],
        ],
        Meta(max_length=50),
    ] = msgspec.field(default_factory=dict)
    locale: Locale = "en"
    seed: Seed | None = None


class FieldsIn(Input):
    subject: FieldText = ""
    preheader: FieldText = ""
    headlines: FieldList = msgspec.field(default_factory=list)
    descriptions: FieldList = msgspec.field(default_factory=list)
    hashtags: FieldList = msgspec.field(default_factory=list)
    mentions: FieldList = msgspec.field(default_factory=list)
    links: Annotated[list[Annotated[str, Meta(max_length=2048)]], Meta(max_length=100)] = (
        msgspec.field(default_factory=list)
    )
    call_to_action: FieldText = ""
    slug: FieldText = ""
    meta_description: FieldText = ""
    keywords: FieldList = msgspec.field(default_factory=list)


class ComplianceCheckIn(Input):
    content_type: ContentTypeName
    channel: ChannelName
    title: FieldText = ""
    body: BodyText = ""
    fields: FieldsIn = msgspec.field(default_factory=FieldsIn)
    locale: Locale = "en"

    def draft(self) -> Draft:
        f = self.fields
        return Draft(
            content_type=ContentType(self.content_type),
            channel=Channel(self.channel),
            title=self.title,
            body=self.body,
            fields=ContentFields(
                subject=f.subject,
                preheader=f.preheader,
                headlines=tuple(f.headlines),
                descriptions=tuple(f.descriptions),
                hashtags=tuple(f.hashtags),
                mentions=tuple(f.mentions),
                links=tuple(f.links),
                call_to_action=f.call_to_action,
                slug=f.slug,
                meta_description=f.meta_description,
                keywords=tuple(f.keywords),
            ),
            locale=self.locale,
        )


class BudgetIn(Input):
    """Both limits absent (or ``use_default``) returns the organization to the default."""

    token_limit: Annotated[int, Meta(ge=0, le=10**15)] | None = None
    cost_limit_usd: Annotated[float, Meta(ge=0, le=1e9)] | None = None
    use_default: bool = False


# -- responses ------------------------------------------------------------------------------


class ViolationOut(msgspec.Struct):
    code: str
    severity: str
    message: str
    location: str
    start: int | None = None
    end: int | None = None


class ComplianceReportOut(msgspec.Struct):
    score: int
    passed: bool
    violations: list[ViolationOut]
    reading_grade: float | None = None


class FieldLimitOut(msgspec.Struct):
    """One field's length limits; ``counting`` is how this field is counted on the channel."""

    field: str
    counting: str
    hard: int | None = None
    recommended: int | None = None
    forbidden: str = ""
    source: str = ""


class CountLimitOut(msgspec.Struct):
    field: str
    minimum: int
    maximum: int | None = None
    source: str = ""


class ChannelLimitsOut(msgspec.Struct):
    channel: str
    content_type: str
    counting: str
    fields: list[FieldLimitOut]
    counts: list[CountLimitOut]
    max_hashtags: int | None = None
    max_mentions: int | None = None


class ChannelLimitsList(msgspec.Struct):
    items: list[ChannelLimitsOut]


@published_as("FieldsOut")
class DraftFieldsOut(msgspec.Struct):
    """The fields of a generated draft beyond title and body."""

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


class DraftOut(msgspec.Struct):
    content_type: str
    channel: str
    title: str
    body: str
    fields: DraftFieldsOut
    locale: str


class DirectionOut(msgspec.Struct):
    hook: str
    angle: str
    call_to_action: str
    length: str


class ScoreOut(msgspec.Struct):
    total: float
    compliance: float
    reading: float
    length: float
    cta: float
    diversity: float


class ProvenanceOut(msgspec.Struct):
    adapter: str
    model: str
    prompt_version: str
    input_tokens: int
    output_tokens: int
    cost_usd: float
    latency_ms: float
    seed: int
    cached: bool
    attempts: int
    mechanically_repaired: bool


class VariantOut(msgspec.Struct):
    rank: int
    content_id: UUID | None
    direction: DirectionOut
    draft: DraftOut
    compliance: ComplianceReportOut
    score: ScoreOut
    needs_attention: bool
    provenance: ProvenanceOut


class GenerationOut(msgspec.Struct):
    generation_id: UUID
    brand_id: UUID
    requested: int
    variants: list[VariantOut]
    cost_usd: float


class ModelUsageOut(msgspec.Struct):
    model: str
    calls: int
    cached_calls: int
    input_tokens: int
    output_tokens: int
    cost_usd: float


class BudgetOut(msgspec.Struct):
    token_limit: int | None
    cost_limit_usd: float | None
    source: str


class UsageOut(msgspec.Struct):
    month_start: datetime
    month_end: datetime
    calls: int
    cached_calls: int
    input_tokens: int
    output_tokens: int
    tokens: int
    cost_usd: float
    per_model: list[ModelUsageOut]
    budget: BudgetOut
    tokens_remaining: int | None
    cost_remaining_usd: float | None


def out(document: Any, kind: type[Any]) -> Any:
    return msgspec.convert(document, kind, from_attributes=True)
