"""Review comments: threads anchored to a text range of one field of one version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from umt.domain.content.version import Author
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import CommentId
from umt.domain.shared.values import require_text

MAX_COMMENT = 5000
MAX_REASON = 2000


@dataclass(frozen=True, slots=True, kw_only=True)
class TextAnchor:
    """Characters ``start``..``end`` (end exclusive) of ``field`` (``title``, ``body``,
    ``fields.subject``...) in the version the comment is on."""

    field: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end <= self.start:
            raise InvalidValue("an anchor needs 0 <= start < end", field="anchor")


@dataclass(slots=True, kw_only=True)
class Comment:
    """A reviewer's remark. A root comment opens a thread (and carries the anchor); replies
    point at their parent. Only a thread (its root) is resolved or reopened."""

    id: CommentId
    version_number: int
    author: Author
    body: str
    created_at: datetime
    parent_id: CommentId | None = None
    anchor: TextAnchor | None = None
    resolved: bool = False
    resolved_at: datetime | None = None
    resolved_by: Author | None = None

    def __post_init__(self) -> None:
        self.body = require_text(self.body, field="body", max_length=MAX_COMMENT)
        if self.parent_id is not None and self.anchor is not None:
            raise InvalidValue("a reply takes its thread's anchor", field="anchor")
