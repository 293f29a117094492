"""structlog configuration: JSON in production, console in development; secrets redacted."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

from umt.adapters.imports import hiding
from umt.application.log_context import merge_request_context

# structlog imports rich, when installed, for pretty tracebacks; umt renders plain ones
# (below), so rich (4 MiB) stays out of every process
with hiding("rich"):
    import structlog
from umt.entrypoints.settings import LogFormat, Settings

_SECRET_KEYS = re.compile(r"pass(word)?|secret|token|authorization|api[_-]?key|cookie", re.I)
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.I)
REDACTED = "[redacted]"


def redact_secrets(
    _: Any, __: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Drop the value of any key that names a secret, and bearer tokens inside strings."""
    for key, value in list(event_dict.items()):
        if _SECRET_KEYS.search(key):
            event_dict[key] = REDACTED
        elif isinstance(value, str) and "bearer" in value.lower():
            event_dict[key] = _BEARER.sub(r"\1" + REDACTED, value)
    return event_dict


def configure_logging(settings: Settings) -> None:
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        merge_request_context,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_secrets,
    ]
    renderer: Any
    if settings.resolved_log_format() is LogFormat.JSON:
        renderer = structlog.processors.JSONRenderer(default=str)
        shared.append(structlog.processors.format_exc_info)
    else:
        # plain tracebacks: the default (rich, when installed) prints every frame's local
        # variables, request bodies and passwords included, and runs to hundreds of lines
        renderer = structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *shared],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.observability.log_level.upper())
    for noisy in ("uvicorn.access", "sqlalchemy.engine", "aiosqlite", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
