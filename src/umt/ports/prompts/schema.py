"""The structured output a model must return, per content type, and its parsing into a Draft.

The schema is strict in OpenAI's sense (every property required, no other property), so it
can be sent as ``response_format={"type": "json_schema", "json_schema": {..., "strict": true}}``
and the reply always parses on servers that enforce it (OpenAI, Azure OpenAI, vLLM, Ollama, LM
Studio). Servers that only approximate it are covered by ``parse_output``, which checks the
reply against the same field list.
"""

from __future__ import annotations

import json
from typing import Any

from umt.domain.content.draft import ContentFields, ContentType, Draft
from umt.ports.content_generator import GenerationRequest

TEXT_FIELDS = frozenset({"subject", "preheader", "call_to_action", "slug", "meta_description"})
LIST_FIELDS = frozenset({"headlines", "descriptions", "hashtags", "mentions", "links", "keywords"})

# Which ContentFields a content type fills (the others stay empty).
FIELDS_BY_TYPE: dict[ContentType, tuple[str, ...]] = {
    ContentType.SOCIAL_POST: ("hashtags", "mentions", "links", "call_to_action"),
    ContentType.EMAIL: ("subject", "preheader", "call_to_action"),
    ContentType.AD_COPY: ("headlines", "descriptions", "call_to_action"),
    ContentType.BLOG_POST: ("slug", "meta_description", "keywords"),
    ContentType.LANDING_PAGE: ("slug", "meta_description", "keywords", "call_to_action"),
    ContentType.VIDEO_SCRIPT: ("hashtags", "call_to_action"),
}

_DESCRIPTIONS = {
    "title": "The headline or title of the piece (may be empty for a social post).",
    "body": "The full text of the piece, plain text with blank lines between paragraphs.",
    "subject": "The email subject line.",
    "preheader": "The email preheader shown after the subject in the inbox.",
    "headlines": "Ad headlines, each a complete alternative.",
    "descriptions": "Ad descriptions, each a complete alternative.",
    "hashtags": "Hashtags without the leading #.",
    "mentions": "Accounts to mention, without the leading @.",
    "links": "Absolute URLs the piece links to.",
    "call_to_action": "The call to action, as worded in the piece.",
    "slug": "URL slug: lowercase words joined by hyphens.",
    "meta_description": "The search-result description of the page.",
    "keywords": "Search keywords the piece targets.",
}


class MalformedOutput(ValueError):
    """A model's reply is not the JSON object the schema asks for."""


def schema_name(content_type: ContentType) -> str:
    return f"umt_{content_type.value}_draft"


def output_schema(content_type: ContentType) -> dict[str, Any]:
    """The JSON schema of a ``content_type`` draft: title, body and the fields it uses."""
    names = ("title", "body", *FIELDS_BY_TYPE[content_type])
    properties: dict[str, Any] = {}
    for name in names:
        if name in LIST_FIELDS:
            properties[name] = {
                "type": "array",
                "items": {"type": "string"},
                "description": _DESCRIPTIONS[name],
            }
        else:
            properties[name] = {"type": "string", "description": _DESCRIPTIONS[name]}
    return {
        "type": "object",
        "properties": properties,
        "required": list(names),
        "additionalProperties": False,
    }


def response_format(content_type: ContentType) -> dict[str, Any]:
    """The ``response_format`` argument of a chat completion asking for this schema."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": schema_name(content_type),
            "strict": True,
            "schema": output_schema(content_type),
        },
    }


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise MalformedOutput(f"{name!r} is missing or not a string")
    return value.strip()


def _texts(data: dict[str, Any], name: str) -> tuple[str, ...]:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise MalformedOutput(f"{name!r} is missing or not a list of strings")
    prefix = {"hashtags": "#", "mentions": "@"}.get(name, "")
    cleaned = (
        item.strip().removeprefix(prefix).strip() if prefix else item.strip() for item in value
    )
    return tuple(dict.fromkeys(item for item in cleaned if item))


def parse_output(text: str | None, request: GenerationRequest) -> Draft:
    """The Draft a reply describes; ``MalformedOutput`` when it is not valid JSON, not an
    object, misses a required field, has one of the wrong type, or has an empty body."""
    if not text:
        raise MalformedOutput("the reply is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedOutput(f"the reply is not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise MalformedOutput("the reply is not a JSON object")
    body = _text(data, "body")
    if not body:
        raise MalformedOutput("'body' is empty")
    values: dict[str, Any] = {}
    for name in FIELDS_BY_TYPE[request.content_type]:
        values[name] = _texts(data, name) if name in LIST_FIELDS else _text(data, name)
    return Draft(
        content_type=request.content_type,
        channel=request.channel,
        title=_text(data, "title"),
        body=body,
        fields=ContentFields(**values),
        locale=request.locale,
    )
