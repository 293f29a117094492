"""Reading the values of a batch (JSON items or CSV cells) while collecting every problem:
a batch is refused with all its bad values listed, not only the first."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ParamSpec, TypeVar

from umt.domain.attribution.errors import RowProblem
from umt.domain.shared.errors import InvalidValue

T = TypeVar("T")
P = ParamSpec("P")


class Problems:
    """The problems found so far, each under the field it is about."""

    def __init__(self) -> None:
        self.found: list[RowProblem] = []

    def add(self, field: str, message: str) -> None:
        self.found.append(RowProblem(field, message))

    def attempt(
        self, field: str, make: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        """``make(*args, **kwargs)``, or None with its ``InvalidValue`` noted under ``field``
        (joined with the field the error names, when it names one)."""
        try:
            return make(*args, **kwargs)
        except InvalidValue as exc:
            where = f"{field}.{exc.field}" if field and exc.field else field or exc.field or ""
            self.add(where, exc.message)
            return None

    def fields_of(
        self, item: Any, where: str, allowed: frozenset[str], what: str
    ) -> Mapping[str, Any] | None:
        """``item`` if it is an object naming only ``allowed`` fields; else None, noted."""
        if not isinstance(item, Mapping):
            self.add(where, f"{what} is an object")
            return None
        unknown = sorted(set(item) - allowed)
        if unknown:
            self.add(where, f"unknown field(s) {', '.join(unknown)}")
            return None
        return item

    def __bool__(self) -> bool:
        return bool(self.found)


def text(value: Any, field: str, *, limit: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(f"{field} is text", field=field)
    stripped = value.strip()
    if required and not stripped:
        raise InvalidValue(f"{field} is required", field=field)
    if len(stripped) > limit:
        raise InvalidValue(f"{field} is longer than {limit} characters", field=field)
    return stripped


def instant(value: Any, field: str) -> datetime:
    """An ISO 8601 time with its UTC offset (``2026-03-01T09:00:00Z``)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValue(
                f"{field} is an ISO 8601 time like 2026-03-01T09:00:00Z", field=field
            ) from None
    else:
        raise InvalidValue(f"{field} is required", field=field)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidValue(f"{field} needs its UTC offset (Z or +01:00)", field=field)
    return parsed.astimezone(UTC)


def amount(value: Any, field: str) -> Decimal:
    """A conversion value: a decimal string or a JSON number (0 when absent)."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise InvalidValue(f'{field} is a number like "19.90"', field=field)
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidValue(f"{value!r} is not a number", field=field) from None
    if not parsed.is_finite() or parsed < 0:
        raise InvalidValue(f"{field} is a number of 0 or more", field=field)
    return parsed
