"""Turning plain command data (JSON-shaped, as from HTTP, the library or a task payload) into
domain value objects. Structural typing is checked at the edge; values are checked here and in
the domain, so every entrypoint gets the same rules and the same named errors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from umt.application.shared.inputs import enum_value
from umt.domain.brand.audience import AgeRange
from umt.domain.brand.channels import Channel
from umt.domain.brand.project import Goal, ProjectType
from umt.domain.brand.voice import (
    EmojiPolicy,
    Font,
    HashtagPolicy,
    PaletteColor,
    VisualStyling,
    VoiceGuide,
)
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.ids import UserId
from umt.domain.shared.values import HexColor, Slug, Url

_VOICE_LISTS = (
    "tone",
    "phrases_to_use",
    "phrases_to_avoid",
    "banned_words",
    "banned_claims",
    "required_disclosures",
)


def user_id(value: UUID | str, field: str) -> UserId:
    """A user id from a UUID or its text form (JSON and task payloads carry strings)."""
    try:
        return UserId(value if isinstance(value, UUID) else UUID(str(value)))
    except ValueError:
        raise InvalidValue(f"{value!r} is not a user id", field=field) from None


def url_or_none(value: str | None, field: str) -> Url | None:
    if value is None or value == "":
        return None
    try:
        return Url(value)
    except InvalidValue as exc:
        raise InvalidValue(exc.message, field=field) from None


def channels(values: list[str] | tuple[str, ...], field: str) -> tuple[Channel, ...]:
    return tuple(enum_value(Channel, v, field) for v in values)


_DEFAULT_VOICE = VoiceGuide()  # immutable: one shared instance spares the validation per call
_DEFAULT_STYLING = VisualStyling()


def voice_guide(data: Mapping[str, Any] | None) -> VoiceGuide:
    if not data:
        return _DEFAULT_VOICE
    args: dict[str, Any] = {k: tuple(data[k]) for k in _VOICE_LISTS if k in data}
    if data.get("reading_grade") is not None:
        args["reading_grade"] = int(data["reading_grade"])
    if "emoji_policy" in data:
        args["emoji_policy"] = enum_value(EmojiPolicy, data["emoji_policy"], "voice.emoji_policy")
    if "hashtag_policy" in data:
        args["hashtag_policy"] = enum_value(
            HashtagPolicy, data["hashtag_policy"], "voice.hashtag_policy"
        )
    if "max_hashtags" in data:
        args["max_hashtags"] = int(data["max_hashtags"])
    if data.get("channel_notes"):
        args["channel_notes"] = {
            enum_value(Channel, k, "voice.channel_notes"): v
            for k, v in data["channel_notes"].items()
        }
    return VoiceGuide(**args)


def visual_styling(data: Mapping[str, Any] | None) -> VisualStyling:
    if not data:
        return _DEFAULT_STYLING
    palette = []
    for index, entry in enumerate(data.get("palette") or ()):
        try:
            color = HexColor(entry["color"])
        except InvalidValue as exc:
            raise InvalidValue(exc.message, field=f"styling.palette[{index}].color") from None
        palette.append(PaletteColor(role=entry["role"], color=color))
    fonts = tuple(Font(role=f["role"], family=f["family"]) for f in data.get("fonts") or ())
    return VisualStyling(
        palette=tuple(palette),
        fonts=fonts,
        logo_url=url_or_none(data.get("logo_url"), "styling.logo_url"),
    )


def brand_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Convert a PATCH body of brand fields into domain values (only the keys given)."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "slug":
            out[key] = Slug(value)
        elif key == "website":
            out[key] = url_or_none(value, "website")
        elif key == "voice":
            out[key] = voice_guide(value)
        elif key == "styling":
            out[key] = visual_styling(value)
        elif key == "blackout_dates":
            out[key] = dates(value, key)
        elif key in ("industry", "description"):
            out[key] = value if value is not None else ""
        else:
            out[key] = value
    return out


def dates(values: Any, field: str) -> tuple[date, ...]:
    """ISO dates (or dates) as dates; ``InvalidValue`` naming ``field`` otherwise."""
    if not isinstance(values, list | tuple):
        raise InvalidValue(f"{field} is a list of dates", field=field)
    out: list[date] = []
    for value in values:
        if isinstance(value, date) and not isinstance(value, datetime):
            out.append(value)
            continue
        try:
            out.append(date.fromisoformat(str(value)))
        except ValueError:
            raise InvalidValue(f"{value!r} is not a date like 2026-12-24", field=field) from None
    return tuple(out)


def age_range(data: Mapping[str, Any] | None) -> AgeRange | None:
    if data is None:
        return None
    return AgeRange(int(data["min"]), int(data["max"]))


def audience_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "age_range":
            out[key] = age_range(value)
        elif key == "preferred_channels":
            out[key] = channels(value or (), "preferred_channels")
        elif key in ("locations", "interests", "pain_points", "goals"):
            out[key] = tuple(value or ())
        else:
            out[key] = value
    return out


def competitor_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "website":
            out[key] = url_or_none(value, "website")
        elif key == "feed_urls":
            out[key] = tuple(_feed(v, i) for i, v in enumerate(value or ()))
        elif key == "notes":
            out[key] = value or ""
        else:
            out[key] = value
    return out


def _feed(value: str, index: int) -> Url:
    url = url_or_none(value, f"feed_urls[{index}]")
    if url is None:
        raise InvalidValue("a feed URL must not be empty", field=f"feed_urls[{index}]")
    return url


def goals(values: list[Mapping[str, Any]] | None) -> tuple[Goal, ...]:
    return tuple(
        Goal(
            kpi=g["kpi"],
            target=float(g["target"]),
            unit=g.get("unit") or "",
            description=g.get("description") or "",
        )
        for g in values or ()
    )


def project_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "project_type":
            out[key] = enum_value(ProjectType, value, "project_type")
        elif key == "goals":
            out[key] = goals(value)
        elif key == "channels":
            out[key] = channels(value or (), "channels")
        elif key in ("start_date", "end_date"):
            out[key] = _date(value, key)
        elif key in ("description", "custom_type"):
            out[key] = value or ""
        else:
            out[key] = value
    return out


def _date(value: Any, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{value!r} is not a date (YYYY-MM-DD)", field=field) from None
