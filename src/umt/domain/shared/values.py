"""Clock-free value objects of the shared kernel. Each validates itself on construction."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from umt.domain.shared.errors import InvalidValue

_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Deliberately simple: the HTTP edge validates deliverability-free syntax with email-validator;
# the domain only guards the invariants it relies on (one @, a dotted domain, no spaces).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_SLUG_LENGTH = 80
MAX_URL_LENGTH = 2048


@dataclass(frozen=True, slots=True)
class HexColor:
    """A CSS hex color, normalised to lowercase six-digit form (``#aabbcc``)."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or not _HEX_COLOR.match(self.value):
            raise InvalidValue(f"{self.value!r} is not a hex color like #1a2b3c", field="color")
        raw = self.value[1:].lower()
        if len(raw) == 3:
            raw = "".join(ch * 2 for ch in raw)
        object.__setattr__(self, "value", f"#{raw}")

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Url:
    """An absolute http(s) URL with a host."""

    value: str

    def __post_init__(self) -> None:
        text = self.value.strip() if isinstance(self.value, str) else ""
        # split() breaks on exactly the characters str.isspace() accepts, in C: a stripped
        # text splits in two iff it holds whitespace (a per-character generator cost more
        # than the rest of the check on every write with a URL)
        if not text or len(text) > MAX_URL_LENGTH or len(text.split(None, 1)) > 1:
            raise InvalidValue(f"{self.value!r} is not a valid URL", field="url")
        try:
            parts = urlsplit(text)
            scheme, host = parts.scheme, parts.hostname
        except ValueError:  # a bracketed host that is no IPv6 address, a bad port
            scheme, host = "", None
        if scheme not in ("http", "https") or not host:
            raise InvalidValue(
                f"{self.value!r} is not an absolute http(s) URL with a host", field="url"
            )
        object.__setattr__(self, "value", text)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Email:
    """An email address, with its domain lowercased."""

    value: str

    def __post_init__(self) -> None:
        text = self.value.strip() if isinstance(self.value, str) else ""
        if len(text) > 320 or not _EMAIL.match(text):
            raise InvalidValue(f"{self.value!r} is not a valid email address", field="email")
        local, _, domain = text.rpartition("@")
        object.__setattr__(self, "value", f"{local}@{domain.lower()}")

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Slug:
    """A URL-safe identifier: lowercase ASCII letters and digits separated by single hyphens."""

    value: str

    def __post_init__(self) -> None:
        if (
            not isinstance(self.value, str)
            or len(self.value) > MAX_SLUG_LENGTH
            or not _SLUG.match(self.value)
        ):
            raise InvalidValue(
                f"{self.value!r} is not a slug (lowercase letters, digits and single hyphens)",
                field="slug",
            )

    @classmethod
    def from_name(cls, name: str) -> Slug:
        """Derive a slug from a display name (accents folded, punctuation dropped)."""
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        words = re.findall(r"[a-z0-9]+", folded.lower())
        text = "-".join(words)[:MAX_SLUG_LENGTH].strip("-")
        if not text:
            raise InvalidValue(f"cannot derive a slug from {name!r}; give one", field="slug")
        return cls(text)

    @classmethod
    def from_name_or(cls, name: str, *, fallback: str) -> Slug:
        """``from_name``, or ``fallback`` for names with no ASCII letter or digit (株式会社)."""
        try:
            return cls.from_name(name)
        except InvalidValue:
            return cls(fallback)

    def __str__(self) -> str:
        return self.value


def require_text(value: str, *, field: str, max_length: int, allow_empty: bool = False) -> str:
    """Strip and bound a free-text field; raise InvalidValue naming the field."""
    text = value.strip()
    if not text and not allow_empty:
        raise InvalidValue(f"{field} must not be empty", field=field)
    if len(text) > max_length:
        raise InvalidValue(f"{field} must be at most {max_length} characters", field=field)
    return text


def clean_list(
    values: list[str] | tuple[str, ...], *, field: str, max_items: int = 100, max_length: int = 200
) -> tuple[str, ...]:
    """Strip, refuse blanks, drop duplicates (keeping order) and bound a list of short strings."""
    seen: dict[str, None] = {}
    for raw in values:
        item = require_text(raw, field=field, max_length=max_length)
        seen.setdefault(item, None)
    if len(seen) > max_items:
        raise InvalidValue(f"{field} holds at most {max_items} items", field=field)
    return tuple(seen)
