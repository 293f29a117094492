"""Turning plain command inputs (JSON and task payloads) into content value objects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from umt.application.principal import Principal
from umt.application.shared.inputs import enum_value
from umt.domain.brand.channels import Channel
from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.domain.content.review import TextAnchor
from umt.domain.content.version import Author, MediaKind, MediaReference, Provenance
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Url, clean_list, require_text

_TEXT_FIELDS = {
    "subject": 200,
    "preheader": 300,
    "call_to_action": 200,
    "slug": 200,
    "meta_description": 500,
}
_LIST_FIELDS = ("headlines", "descriptions", "hashtags", "mentions", "links", "keywords")


def content_fields(values: Mapping[str, Any] | None) -> ContentFields:
    """Structured fields from a mapping; unknown names are refused, lists cleaned."""
    if not values:
        return ContentFields()
    unknown = set(values) - set(_TEXT_FIELDS) - set(_LIST_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidValue(f"unknown structured field {name!r}", field=f"fields.{name}")
    out: dict[str, Any] = {}
    for name, limit in _TEXT_FIELDS.items():
        if name in values:
            value = values[name]
            if not isinstance(value, str):
                raise InvalidValue(f"{name} must be text", field=f"fields.{name}")
            out[name] = require_text(
                value, field=f"fields.{name}", max_length=limit, allow_empty=True
            )
    for name in _LIST_FIELDS:
        if name in values:
            items = values[name]
            if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
                raise InvalidValue(f"{name} must be a list of text", field=f"fields.{name}")
            out[name] = clean_list(
                list(items), field=f"fields.{name}", max_items=50, max_length=500
            )
    return ContentFields(**out)


def make_draft(
    *,
    content_type: str | ContentType,
    channel: str | Channel,
    title: str,
    body: str,
    fields: Mapping[str, Any] | ContentFields | None,
    locale: str,
) -> Draft:
    return Draft(
        content_type=enum_value(ContentType, content_type, "content_type"),
        channel=enum_value(Channel, channel, "channel"),
        title=title,
        body=body,
        fields=fields if isinstance(fields, ContentFields) else content_fields(fields),
        locale=locale,
    )


def media(values: Sequence[Mapping[str, Any]] | None) -> tuple[MediaReference, ...] | None:
    if values is None:
        return None
    out = []
    for item in values:
        try:
            url = Url(str(item.get("url", "")))
        except InvalidValue as exc:
            raise InvalidValue(exc.message, field="media.url") from None
        out.append(
            MediaReference(
                url=url,
                kind=enum_value(MediaKind, item.get("kind", ""), "media.kind"),
                alt_text=str(item.get("alt_text", "")),
            )
        )
    return tuple(out)


def provenance(values: Mapping[str, Any] | None) -> Provenance | None:
    if values is None:
        return None
    known = {
        "adapter",
        "model",
        "prompt_version",
        "input_tokens",
        "output_tokens",
        "cost",
        "latency_ms",
        "seed",
    }
    unknown = set(values) - known
    if unknown:
        raise InvalidValue(f"unknown provenance {sorted(unknown)[0]!r}", field="provenance")
    if not isinstance(values.get("adapter"), str):
        raise InvalidValue("provenance needs an adapter name", field="provenance.adapter")
    for name in ("input_tokens", "output_tokens", "latency_ms", "seed"):
        value = values.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise InvalidValue(f"{name} must be an integer", field=f"provenance.{name}")
    cost = values.get("cost")
    if cost is not None and (not isinstance(cost, int | float) or isinstance(cost, bool)):
        raise InvalidValue("cost must be a number", field="provenance.cost")
    for name in ("model", "prompt_version"):
        value = values.get(name)
        if value is not None and not isinstance(value, str):
            raise InvalidValue(f"{name} must be text", field=f"provenance.{name}")
    return Provenance(
        adapter=values["adapter"],
        model=values.get("model"),
        prompt_version=values.get("prompt_version"),
        input_tokens=values.get("input_tokens"),
        output_tokens=values.get("output_tokens"),
        cost=float(cost) if cost is not None else None,
        latency_ms=values.get("latency_ms"),
        seed=values.get("seed"),
    )


def author(actor: Principal, agent: str | None) -> Author:
    """The acting user, or the named agent when an agent writes on a member's behalf."""
    return Author.named_agent(agent) if agent else Author.user(actor.user_id)


def anchor(values: Mapping[str, Any] | None) -> TextAnchor | None:
    if values is None:
        return None
    try:
        return TextAnchor(
            field=str(values["field"]), start=int(values["start"]), end=int(values["end"])
        )
    except (KeyError, TypeError, ValueError):
        raise InvalidValue("an anchor needs field, start and end", field="anchor") from None


def optional_uuid(value: UUID | str | None, field: str) -> UUID | None:
    if value is None or isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidValue(f"{value!r} is not an id", field=field) from None
