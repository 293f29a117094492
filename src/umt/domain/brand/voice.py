"""The brand's voice guide and visual styling: value objects validated as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from umt.domain.brand.channels import Channel
from umt.domain.brand.errors import VoiceGuideContradiction
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import HexColor, Url, clean_list, require_text

MIN_READING_GRADE = 1
MAX_READING_GRADE = 18
MAX_HASHTAGS = 30


class EmojiPolicy(StrEnum):
    NONE = "none"
    SPARING = "sparing"
    FREE = "free"


class HashtagPolicy(StrEnum):
    NONE = "none"
    BRANDED_ONLY = "branded_only"
    RELEVANT = "relevant"


@dataclass(frozen=True, slots=True, kw_only=True)
class VoiceGuide:
    """How the brand speaks. Empty by default; every list is de-duplicated and bounded."""

    tone: tuple[str, ...] = ()
    phrases_to_use: tuple[str, ...] = ()
    phrases_to_avoid: tuple[str, ...] = ()
    banned_words: tuple[str, ...] = ()
    banned_claims: tuple[str, ...] = ()
    required_disclosures: tuple[str, ...] = ()
    reading_grade: int | None = None
    emoji_policy: EmojiPolicy = EmojiPolicy.SPARING
    hashtag_policy: HashtagPolicy = HashtagPolicy.RELEVANT
    max_hashtags: int = 3
    channel_notes: dict[Channel, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in (
            "tone",
            "phrases_to_use",
            "phrases_to_avoid",
            "banned_words",
            "banned_claims",
            "required_disclosures",
        ):
            object.__setattr__(self, name, clean_list(getattr(self, name), field=f"voice.{name}"))
        if self.reading_grade is not None and not (
            MIN_READING_GRADE <= self.reading_grade <= MAX_READING_GRADE
        ):
            raise InvalidValue(
                f"reading grade must be between {MIN_READING_GRADE} and {MAX_READING_GRADE}",
                field="voice.reading_grade",
            )
        if not 0 <= self.max_hashtags <= MAX_HASHTAGS:
            raise InvalidValue(
                f"max_hashtags must be between 0 and {MAX_HASHTAGS}", field="voice.max_hashtags"
            )
        notes = {
            Channel(channel): require_text(note, field="voice.channel_notes", max_length=2000)
            for channel, note in self.channel_notes.items()
        }
        object.__setattr__(self, "channel_notes", notes)
        self._check_contradictions()

    def _check_contradictions(self) -> None:
        avoid = {p.casefold() for p in self.phrases_to_avoid}
        banned = {w.casefold() for w in self.banned_words}
        for phrase in self.phrases_to_use:
            folded = phrase.casefold()
            if folded in avoid:
                raise VoiceGuideContradiction(
                    f"{phrase!r} is both a phrase to use and a phrase to avoid",
                    field="voice.phrases_to_use",
                )
            hits = banned.intersection(folded.split())
            if hits:
                raise VoiceGuideContradiction(
                    f"phrase to use {phrase!r} contains the banned word {sorted(hits)[0]!r}",
                    field="voice.phrases_to_use",
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class PaletteColor:
    role: str
    color: HexColor

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "role", require_text(self.role, field="styling.palette.role", max_length=50)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Font:
    role: str
    family: str

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "role", require_text(self.role, field="styling.fonts.role", max_length=50)
        )
        object.__setattr__(
            self, "family", require_text(self.family, field="styling.fonts.family", max_length=100)
        )


MAX_PALETTE = 32
MAX_FONTS = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class VisualStyling:
    """Palette (colors with roles such as primary or accent), fonts and the logo."""

    palette: tuple[PaletteColor, ...] = ()
    fonts: tuple[Font, ...] = ()
    logo_url: Url | None = None

    def __post_init__(self) -> None:
        if len(self.palette) > MAX_PALETTE:
            raise InvalidValue(f"a palette holds at most {MAX_PALETTE} colors", field="styling")
        if len(self.fonts) > MAX_FONTS:
            raise InvalidValue(f"at most {MAX_FONTS} fonts", field="styling.fonts")
        _require_unique_roles([c.role for c in self.palette], "styling.palette")
        _require_unique_roles([f.role for f in self.fonts], "styling.fonts")


def _require_unique_roles(roles: list[str], field: str) -> None:
    seen: set[str] = set()
    for role in roles:
        key = role.casefold()
        if key in seen:
            raise InvalidValue(f"role {role!r} appears twice", field=field)
        seen.add(key)
