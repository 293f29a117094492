"""The WebhookSender port: one signed HTTP POST of a delivery, reported, never raised."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from umt.domain.integration.deliveries import AttemptResult


class WebhookSender(Protocol):
    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> AttemptResult:
        """POST ``body`` to ``url``. Every outcome is an ``AttemptResult``: a status code, or
        ``status_code=None`` with the error (refused address, DNS, connect, timeout, TLS)."""
        ...

    async def close(self) -> None: ...
