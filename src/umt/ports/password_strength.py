"""The PasswordStrength port: how easy a chosen password is to guess."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class PasswordStrength(Protocol):
    def weakness(self, password: str, *, user_inputs: Sequence[str]) -> str | None:
        """Why ``password`` is too easy to guess (a sentence for the person choosing it), or
        None when it is strong enough. ``user_inputs`` are words an attacker would try first
        (the email, the names). Callers bound the length; the answer comes in milliseconds."""
        ...
