"""The AlertRuleRepository port: the threshold alert rules of brands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from umt.domain.analytics.insights.alert_rule import AlertRule


class AlertRuleRepository(Protocol):
    async def get(self, organization_id: UUID, rule_id: UUID) -> AlertRule | None: ...

    async def add(self, rule: AlertRule) -> None: ...

    async def save(self, rule: AlertRule) -> None:
        """Raises ``StaleVersion`` if another writer saved it since it was loaded here."""
        ...

    async def remove(self, rule: AlertRule) -> None:
        """Delete it (the insights it raised stay); its events are still committed."""
        ...

    async def list(self, organization_id: UUID, brand_id: UUID) -> Sequence[AlertRule]:
        """The brand's rules, oldest first."""
        ...
