"""A sentinel for "field not given" in partial updates, distinct from an explicit ``None``."""

from __future__ import annotations

from enum import Enum
from typing import Final, Literal


class _Unset(Enum):
    UNSET = "UNSET"

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset.UNSET
Unset = Literal[_Unset.UNSET]
