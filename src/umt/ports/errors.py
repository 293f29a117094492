"""Errors that adapters raise at port level, translated from their libraries' exceptions."""

from __future__ import annotations


class StorageUnavailable(Exception):
    """The database (or another store) cannot be reached or timed out; retry later."""

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AlreadyProcessed(Exception):
    """The message whose key a unit of work claimed was processed before: nothing committed."""

    def __init__(self, key: str) -> None:
        super().__init__(f"message {key!r} was already processed")
        self.key = key


class CorruptData(Exception):
    """Stored data cannot be read back into the model: a worker must stop, not retry."""
