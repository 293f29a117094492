"""Errors that adapters raise at port level, translated from their libraries' exceptions."""

from __future__ import annotations


class StorageUnavailable(Exception):
    """The database (or another store) cannot be reached or timed out; retry later.

    ``retry_after`` is the number of seconds after which a retry has a fair chance; the HTTP
    layer sends it as ``Retry-After`` with its 503.
    """

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SchemaMissing(StorageUnavailable):
    """The database answered, but umt's tables are not there (never migrated) or are older
    than this code's migrations. Waiting does not help: an operator has to migrate, so this is
    not an outage (no breaker counts it, no retry repeats it). The message says what to run.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, retry_after=60)


class AlreadyProcessed(Exception):
    """The message whose key a unit of work claimed was processed before: nothing committed."""

    def __init__(self, key: str) -> None:
        super().__init__(f"message {key!r} was already processed")
        self.key = key


class CorruptData(Exception):
    """Stored data cannot be read back into the model: a worker must stop, not retry."""


class DependencyUnavailable(StorageUnavailable):
    """A dependency's circuit breaker is open: the call was refused without being attempted.

    Raised at once (no connect timeout is waited for), naming the ``dependency`` (the
    breaker's name, e.g. ``database``) and the seconds until the breaker lets a trial call
    through (``retry_after_seconds``, also ``retry_after``).
    """

    def __init__(self, dependency: str, *, retry_after_seconds: int) -> None:
        super().__init__(
            f"{dependency} is unavailable (circuit open); retry in {retry_after_seconds} s",
            retry_after=retry_after_seconds,
        )
        self.dependency = dependency

    @property
    def retry_after_seconds(self) -> int:
        return self.retry_after
