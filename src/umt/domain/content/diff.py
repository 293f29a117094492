"""A readable difference between two versions of a piece, field by field.

Each changed field gets hunks (``equal``, ``insert``, ``delete``, ``replace`` with the text
before and after) computed by difflib over words or lines, and a unified diff of its lines.
List fields (hashtags, headlines...) are compared one item per line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from umt.domain.content.draft import ContentFields, Draft
from umt.domain.content.version import ContentVersion

_WORDS = re.compile(r"\s+|[^\s]+")


class Granularity(StrEnum):
    WORD = "word"
    LINE = "line"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffHunk:
    op: str  # equal | insert | delete | replace
    before: str
    after: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldDiff:
    field: str  # title, body, channel, locale, fields.<name>
    hunks: tuple[DiffHunk, ...]
    unified: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionDiff:
    from_number: int
    to_number: int
    granularity: Granularity
    fields: tuple[FieldDiff, ...]

    @property
    def unified(self) -> str:
        """The unified diff of every changed field, one after the other."""
        return "".join(f.unified for f in self.fields)

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields)


def field_texts(draft: Draft) -> dict[str, str]:
    """Every comparable (and anchorable) field of a draft as text; lists one item per line."""
    texts = {
        "title": draft.title,
        "body": draft.body,
        "channel": draft.channel.value,
        "locale": draft.locale,
    }
    for name in ContentFields.__dataclass_fields__:
        value = getattr(draft.fields, name)
        texts[f"fields.{name}"] = "\n".join(value) if isinstance(value, tuple) else value
    return texts


def _tokens(text: str, granularity: Granularity) -> list[str]:
    if granularity is Granularity.LINE:
        return text.splitlines(keepends=True)
    return _WORDS.findall(text)


def _field_diff(
    name: str, before: str, after: str, granularity: Granularity, a: int, b: int
) -> FieldDiff:
    old, new = _tokens(before, granularity), _tokens(after, granularity)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    hunks = tuple(
        DiffHunk(op=op, before="".join(old[i1:i2]), after="".join(new[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )
    lines = difflib.unified_diff(
        before.splitlines(),
        after.splitlines(),
        fromfile=f"v{a}/{name}",
        tofile=f"v{b}/{name}",
        lineterm="",
    )
    unified = "".join(f"{line}\n" for line in lines)
    return FieldDiff(field=name, hunks=hunks, unified=unified)


def diff_versions(
    older: ContentVersion, newer: ContentVersion, granularity: Granularity = Granularity.WORD
) -> VersionDiff:
    """What changed from ``older`` to ``newer`` (any two versions, in either order)."""
    before, after = field_texts(older.draft), field_texts(newer.draft)
    fields = tuple(
        _field_diff(name, before[name], after[name], granularity, older.number, newer.number)
        for name in before
        if before[name] != after[name]
    )
    return VersionDiff(
        from_number=older.number, to_number=newer.number, granularity=granularity, fields=fields
    )
