"""What a production deployment must not run on: the embedded defaults that keep their state
inside one process or on one host's disk (docs/operations.md, "State in one process's data
directory").

``umt serve``, ``umt worker``, ``umt relay`` and ``umt scheduler`` refuse to start with
``UMT_ENVIRONMENT=production`` and any of these, each named with what to set instead, unless
``UMT_ALLOW_DEVELOPMENT_BACKENDS=true`` says the operator knows (a one-host trial, a demo). The
generated development secrets are refused apart, by ``Settings.resolved_jwt_secret`` (and an
absent credential key ring turns integrations off): they never get an override.
"""

from __future__ import annotations

from umt.entrypoints.schema import is_embedded_sqlite
from umt.entrypoints.settings import ConfigurationError, Settings


def development_backends(settings: Settings) -> list[str]:
    """Each development-only backend the settings select, as a sentence saying why and what
    to set instead (empty when there is none)."""
    found = []
    if settings.database.in_memory:
        found.append(
            "UMT_DATABASE_URL=memory:// keeps every record in this process's memory, lost when "
            "it stops: set UMT_DATABASE_URL=postgresql+asyncpg://..."
        )
    elif is_embedded_sqlite(settings):
        found.append(
            "the database is SQLite, a file on this host's disk that no other instance can "
            "share: set UMT_DATABASE_URL=postgresql+asyncpg://..."
        )
    if settings.broker.in_process:
        found.append(
            "the in-process broker holds queued tasks and dead letters in this process's "
            "memory (lost with it) and reaches no other process: set UMT_BROKER_URL=amqp://..."
        )
    if settings.mail.backend == "file":
        found.append(
            f"UMT_MAIL_BACKEND=file writes mails to {settings.data_dir / 'mail'} on this host "
            "instead of sending them: set UMT_MAIL_BACKEND=smtp and UMT_SMTP_*"
        )
    if settings.platforms.sandbox_lost_response_rate > 0:
        found.append(
            "UMT_SANDBOX_LOST_RESPONSE_RATE injects faults into the sandbox platform (for "
            "reliability tests): set it to 0"
        )
    return found


def refuse_development_backends(settings: Settings) -> None:
    """Raise ConfigurationError in production on a development-only backend, unless allowed."""
    if not settings.is_production or settings.allow_development_backends:
        return
    found = development_backends(settings)
    if found:
        reasons = "".join(f"\n  - {reason}" for reason in found)
        raise ConfigurationError(
            "UMT_ENVIRONMENT=production refuses development-only backends:"
            f"{reasons}\n(UMT_ALLOW_DEVELOPMENT_BACKENDS=true starts anyway, for a one-host"
            " trial)"
        )
