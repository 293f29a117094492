"""The hashtags a rendered post carries: normalized, validated, deduplicated, bounded.

A draft names hashtags in ``fields.hashtags`` (with or without ``#``) and may write more in its
body. The body's own hashtags stay where the writer put them; the field's tags are published
once each (compared case-insensitively, against each other and the body's), in the first
spelling given, without the ``#``. A tag that cannot be a hashtag (a space in it, digits only,
punctuation) is left out with a warning rather than published broken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from umt.domain.content.compliance.text import body_hashtags, normalize_tag
from umt.domain.content.compliance_report import Severity, Violation

#: The shape of a hashtag's word, as the compliance checker recognises it in running text.
_TAG = re.compile(r"\w*[^\W\d_]\w*")
#: No platform keeps a hashtag longer than this (Instagram and X cut near 100-140).
MAX_TAG_LENGTH = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Hashtags:
    """The field tags to publish (no ``#``) and what was wrong with the others."""

    tags: tuple[str, ...]
    violations: tuple[Violation, ...]


def field_hashtags(raw: tuple[str, ...], body: str) -> Hashtags:
    """The ``fields.hashtags`` to append to (or comment under) ``body``: ``#`` stripped, blank
    and duplicate ones dropped silently (nothing is lost), invalid ones dropped with a warning.
    Callers bound ``len(raw)`` beforehand."""
    seen = {normalize_tag(tag) for tag, _, _ in body_hashtags(body)}
    tags: list[str] = []
    found: list[Violation] = []
    for index, item in enumerate(raw):
        tag = item.strip().lstrip("#")
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH or _TAG.fullmatch(tag) is None:
            shown = tag if len(tag) <= MAX_TAG_LENGTH else tag[:MAX_TAG_LENGTH] + "..."
            found.append(
                Violation(
                    code="invalid_hashtag",
                    severity=Severity.WARNING,
                    message=f"#{shown} is not a hashtag (letters, digits and _ only, at least "
                    f"one letter, at most {MAX_TAG_LENGTH}): it is left out",
                    location=f"fields.hashtags[{index}]",
                )
            )
            continue
        key = normalize_tag(tag)
        if key in seen:
            continue
        seen.add(key)
        tags.append(tag)
    return Hashtags(tags=tuple(tags), violations=tuple(found))


def hashtag_line(tags: tuple[str, ...]) -> str:
    """``#a #b #c``."""
    return " ".join(f"#{tag}" for tag in tags)
