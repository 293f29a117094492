"""The InboundWebhookRepository port: verified platform webhooks, stored before answering."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from umt.domain.integration.inbound import InboundWebhook


class InboundWebhookRepository(Protocol):
    async def add(self, webhook: InboundWebhook) -> bool:
        """Store it; False (nothing written) when one with the same platform and digest is
        already stored: the same delivery again."""
        ...

    async def get(self, webhook_id: UUID) -> InboundWebhook | None: ...
