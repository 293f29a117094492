"""Which errors mean "the dependency is down" (they count against a breaker), and which of
those are worth retrying at once (transient)."""

from __future__ import annotations

from umt.ports.errors import DependencyUnavailable, SchemaMissing, StorageUnavailable

# PostgreSQL SQLSTATEs after which the server rolled the whole transaction back, so running
# the same statement again is safe: serialization_failure and deadlock_detected.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
# Libraries whose errors at a publish mean the connection or channel is gone (aio-pika
# reconnects robustly underneath; its errors are not translated by the adapter yet).
_BROKER_LIBRARIES = ("aiormq.", "aio_pika.")


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:  # a bounded walk
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def is_serialization_failure(exc: BaseException) -> bool:
    """The server rolled the transaction back because of a concurrent one; safe to rerun."""
    return any(getattr(e, "sqlstate", None) in RETRYABLE_SQLSTATES for e in _causes(exc))


def is_outage(exc: BaseException) -> bool:
    """The dependency could not be reached, reset the connection or timed out.

    Port-level ``StorageUnavailable`` (what adapters raise) plus the raw ``OSError`` family
    (``ConnectionRefusedError``, ``ConnectionResetError``, ``TimeoutError``) in case an adapter
    let one through. A refusal by an open breaker is not a new failure of the dependency, and
    a missing schema is a database that answered (it needs migrating, not waiting for).
    """
    if isinstance(exc, DependencyUnavailable | SchemaMissing):
        return False
    return isinstance(exc, StorageUnavailable | OSError)


def is_broker_outage(exc: BaseException) -> bool:
    """``is_outage``, plus the connection and channel errors of aio-pika/aiormq that the
    RabbitMQ adapter passes through. ``Unroutable`` (a message nothing takes) is not one."""
    if is_outage(exc):
        return True
    module = type(exc).__module__ + "."
    return module.startswith(_BROKER_LIBRARIES) and "Channel" in type(exc).__name__


def is_transient(exc: BaseException) -> bool:
    """Worth an immediate, bounded retry: an outage or a serialization failure.

    An open breaker is never retried (it will still be open in a few milliseconds).
    """
    if isinstance(exc, DependencyUnavailable):
        return False
    return is_outage(exc) or is_serialization_failure(exc)
