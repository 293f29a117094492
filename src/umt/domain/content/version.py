"""Immutable versions of a piece: the draft as it stood, who wrote it and how it was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from umt.domain.content.draft import Draft
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import ContentVersionId, UserId
from umt.domain.shared.values import Url, require_text

MAX_NOTE = 1000
MAX_AGENT_NAME = 100


class AuthorKind(StrEnum):
    USER = "user"
    AGENT = "agent"


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    """Who wrote a version or a comment: a user (by id) or an agent (by name)."""

    kind: AuthorKind
    user_id: UserId | None = None
    agent: str | None = None

    def __post_init__(self) -> None:
        if self.kind is AuthorKind.USER and (self.user_id is None or self.agent is not None):
            raise InvalidValue("a user author has a user id and no agent name", field="author")
        if self.kind is AuthorKind.AGENT:
            if self.user_id is not None or not self.agent:
                raise InvalidValue("an agent author has a name and no user id", field="author")
            name = require_text(self.agent, field="author", max_length=MAX_AGENT_NAME)
            object.__setattr__(self, "agent", name)

    @classmethod
    def user(cls, user_id: UserId) -> Author:
        return cls(kind=AuthorKind.USER, user_id=user_id)

    @classmethod
    def named_agent(cls, name: str) -> Author:
        return cls(kind=AuthorKind.AGENT, agent=name)

    def label(self) -> str:
        """``user:<uuid>`` or ``agent:<name>``: one string for storage and payloads."""
        return f"user:{self.user_id}" if self.kind is AuthorKind.USER else f"agent:{self.agent}"

    @classmethod
    def parse(cls, label: str) -> Author:
        kind, _, rest = label.partition(":")
        if kind == AuthorKind.USER.value:
            try:
                return cls.user(UserId(UUID(rest)))
            except ValueError:
                raise InvalidValue(f"not an author: {label!r}", field="author") from None
        if kind == AuthorKind.AGENT.value:
            return cls.named_agent(rest)
        raise InvalidValue(f"not an author: {label!r}", field="author")


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """How a generated version was made. Every figure is optional: a hand-written version has
    no provenance at all, an offline one has no cost."""

    adapter: str
    model: str | None = None
    prompt_version: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    cost: float | None = None  # in USD
    latency_ms: int | None = None
    seed: int | None = None

    def __post_init__(self) -> None:
        require_text(self.adapter, field="provenance.adapter", max_length=100)
        for name in ("input_tokens", "output_tokens", "latency_ms"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise InvalidValue(f"{name} must not be negative", field=f"provenance.{name}")
        if self.cost is not None and not (0 <= self.cost < float("inf")):
            raise InvalidValue("cost must be a non-negative number", field="provenance.cost")


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaReference:
    """A picture, video, sound or document the piece uses, by address."""

    url: Url
    kind: MediaKind
    alt_text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MediaKind(self.kind))
        object.__setattr__(
            self,
            "alt_text",
            require_text(self.alt_text, field="media.alt_text", max_length=500, allow_empty=True),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentVersion:
    """One immutable version of a piece: numbered from 1, never changed once recorded."""

    id: ContentVersionId
    number: int
    draft: Draft
    author: Author
    created_at: datetime
    provenance: Provenance | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.number < 1:
            raise InvalidValue("version numbers start at 1", field="number")
        object.__setattr__(
            self,
            "note",
            require_text(self.note, field="note", max_length=MAX_NOTE, allow_empty=True),
        )
