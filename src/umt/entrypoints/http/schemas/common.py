"""Schema building blocks shared by every context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from msgspec import Meta

T = TypeVar("T")
C = TypeVar("C", bound=type)

Name = Annotated[str, Meta(min_length=1, max_length=200)]
ShortText = Annotated[str, Meta(max_length=200)]
LongText = Annotated[str, Meta(max_length=5000)]
UrlText = Annotated[str, Meta(max_length=2048)]
ItemList = Annotated[list[ShortText], Meta(max_length=100)]
TimeZoneText = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=64,
        examples=["Europe/Berlin"],
        description="An IANA time zone name (an unknown one is a 422)",
    ),
]


def published_as(name: str) -> Callable[[C], C]:
    """Keep the OpenAPI component a schema class was published under after a rename in code.

    Litestar keys a component by the class's module and qualified name (two classes of one
    name become ``content_FieldsOut`` and ``generation_FieldsOut``) and titles it with the
    class name; clients generated from the document depend on both, so a class renamed for
    the code's sake states the name it was published under."""

    def keep(cls: C) -> C:
        cls.__qualname__ = name
        cls.__schema_name__ = name  # type: ignore[attr-defined]  # Litestar's title override
        return cls

    return keep


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies: unknown fields are an error, not silently dropped."""


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class FieldError(msgspec.Struct):
    field: str
    message: str


class Problem(msgspec.Struct, omit_defaults=True):
    """RFC 9457 problem details, as every error response carries them."""

    type: str
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    code: str = ""
    errors: list[FieldError] = msgspec.field(default_factory=list)
    request_id: str = ""


def given(body: msgspec.Struct) -> dict[str, Any]:
    """The fields a body actually carried (UNSET ones are left out), as plain data."""
    # to_builtins drops UNSET fields itself, in one pass in C
    data: dict[str, Any] = msgspec.to_builtins(body)
    return data
