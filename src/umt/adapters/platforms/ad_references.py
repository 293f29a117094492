"""Our reference inside an ad object's name, where the ad platforms keep it for us.

Neither the Marketing API nor the Google Ads API takes an idempotency key, so every campaign,
ad set (ad group) and ad umt creates carries ``[umt:<reference>]`` at the end of its name:
after a lost answer the adapter finds the object by that token instead of creating it twice.
The closing bracket is part of the token so that ``ref-1`` never matches ``ref-10``.
"""

from __future__ import annotations

import re

from umt.domain.shared.errors import InvalidValue

_TOKEN = re.compile(r"\[umt:([^\[\]\s]+)\]\s*$")
_REFERENCE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def reference_token(reference: str) -> str:
    """``[umt:<reference>]``; a reference with spaces or brackets is refused."""
    if not _REFERENCE.fullmatch(reference):
        raise InvalidValue(
            "an ad reference is 1-64 letters, digits, '.', '_', ':' or '-'", field="reference"
        )
    return f"[umt:{reference}]"


def name_with_reference(name: str, reference: str) -> str:
    """The name the platform stores: the user's name, then our token."""
    return f"{name.strip()} {reference_token(reference)}".strip()


def reference_in(name: object) -> str | None:
    """Our reference parsed back from a platform name, or None for an object umt did not make."""
    if not isinstance(name, str):
        return None
    match = _TOKEN.search(name)
    return match.group(1) if match else None
