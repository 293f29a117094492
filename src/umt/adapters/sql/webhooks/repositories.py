"""The SQL repositories of webhooks, with their row mappers.

``claim_due`` leases due deliveries in one statement: ``UPDATE … WHERE id IN (SELECT … FOR
UPDATE SKIP LOCKED) RETURNING …`` on PostgreSQL, so concurrent senders each take different
rows and never wait on each other; SQLite ignores the locking clause but serializes writers,
and the UPDATE takes its write lock before choosing rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, Table, UniqueConstraint, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from umt.adapters.sql.base import SqlRepository
from umt.adapters.sql.webhooks.tables import (
    inbound_webhooks,
    webhook_deliveries,
    webhook_delivery_attempts,
    webhook_subscriptions,
)
from umt.domain.integration.deliveries import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from umt.domain.integration.inbound import InboundWebhook
from umt.domain.integration.platforms import Platform
from umt.domain.integration.webhooks import SealedSigningSecret, WebhookSubscription
from umt.domain.shared.errors import StaleVersion
from umt.ports.inbound_webhook_repository import InboundWebhookRepository
from umt.ports.webhook_delivery_repository import WebhookDeliveryRepository
from umt.ports.webhook_subscription_repository import WebhookSubscriptionRepository

_DELIVERY_UNIQUE = "uq_webhook_deliveries_subscription_id_source_key"
_INBOUND_UNIQUE = "uq_inbound_webhooks_platform_digest"


class _InsertNew(SqlRepository):
    async def _insert_new(self, table: Table, row: dict[str, Any], constraint: str) -> bool:
        """INSERT … ON CONFLICT DO NOTHING on ``constraint``: True when the row was new.

        Not a caught unique violation: on PostgreSQL that would abort the whole transaction.
        """
        if self._dialect == "postgresql":
            pg = pg_insert(table).values(row).on_conflict_do_nothing(constraint=constraint)
            result = await self._execute(pg)
        else:
            columns = next(
                [column.name for column in c.columns]
                for c in table.constraints
                if isinstance(c, UniqueConstraint) and c.name == constraint
            )
            lite = sqlite_insert(table).values(row).on_conflict_do_nothing(index_elements=columns)
            result = await self._execute(lite)
        return bool(result.rowcount)


def subscription_from_row(row: RowMapping) -> WebhookSubscription:
    return WebhookSubscription(
        id=row["id"],
        organization_id=row["organization_id"],
        url=row["url"],
        event_types=tuple(row["event_types"]),
        description=row["description"],
        active=bool(row["active"]),
        secret=SealedSigningSecret(row["secret_key_id"], bytes(row["secret_ciphertext"])),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


def subscription_to_row(subscription: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": subscription.id,
        "organization_id": subscription.organization_id,
        "url": subscription.url,
        "event_types": list(subscription.event_types),
        "description": subscription.description,
        "active": subscription.active,
        "secret_key_id": subscription.secret.key_id,
        "secret_ciphertext": subscription.secret.ciphertext,
        "created_at": subscription.created_at,
        "updated_at": subscription.updated_at,
        "version": subscription.version,
    }


def delivery_from_row(row: RowMapping, attempts: Iterable[DeliveryAttempt] = ()) -> WebhookDelivery:
    return WebhookDelivery(
        id=row["id"],
        organization_id=row["organization_id"],
        subscription_id=row["subscription_id"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        payload=dict(row["payload"]),
        source_key=row["source_key"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_status_code=row["last_status_code"],
        last_error=row["last_error"],
        replay_of=row["replay_of"],
        attempt_log=list(attempts),
    )


def _delivery_state(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "updated_at": delivery.updated_at,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
    }


def _delivery_row(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "organization_id": delivery.organization_id,
        "subscription_id": delivery.subscription_id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "payload": delivery.payload,
        "source_key": delivery.source_key,
        "created_at": delivery.created_at,
        "replay_of": delivery.replay_of,
        **_delivery_state(delivery),
    }


def _attempt_from_row(row: RowMapping) -> DeliveryAttempt:
    return DeliveryAttempt(
        delivery_id=row["delivery_id"],
        number=row["number"],
        attempted_at=row["attempted_at"],
        duration_ms=row["duration_ms"],
        status_code=row["status_code"],
        response_excerpt=row["response_excerpt"],
        error=row["error"],
    )


class SqlWebhookSubscriptionRepository(SqlRepository, WebhookSubscriptionRepository):
    async def add(self, subscription: WebhookSubscription) -> None:
        await self._execute(insert(webhook_subscriptions), subscription_to_row(subscription))

    async def get(self, organization_id: UUID, subscription_id: UUID) -> WebhookSubscription | None:
        result = await self._execute(
            select(webhook_subscriptions).where(
                webhook_subscriptions.c.id == subscription_id,
                webhook_subscriptions.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        return subscription_from_row(row) if row is not None else None

    async def list(self, organization_id: UUID) -> list[WebhookSubscription]:
        result = await self._execute(
            select(webhook_subscriptions)
            .where(webhook_subscriptions.c.organization_id == organization_id)
            .order_by(webhook_subscriptions.c.created_at, webhook_subscriptions.c.id)
        )
        return [subscription_from_row(row) for row in result.mappings()]

    async def save(self, subscription: WebhookSubscription) -> None:
        row = subscription_to_row(subscription)
        for key in ("id", "organization_id", "created_at"):
            row.pop(key)
        result = await self._execute(
            update(webhook_subscriptions)
            .where(
                webhook_subscriptions.c.id == subscription.id,
                webhook_subscriptions.c.version == subscription.version - 1,
            )
            .values(**row)
        )
        if result.rowcount == 0:
            raise StaleVersion("the webhook subscription was changed or deleted by someone else")

    async def remove(self, subscription: WebhookSubscription) -> None:
        owned = select(webhook_deliveries.c.id).where(
            webhook_deliveries.c.subscription_id == subscription.id
        )
        await self._execute(
            delete(webhook_delivery_attempts).where(
                webhook_delivery_attempts.c.delivery_id.in_(owned)
            )
        )
        await self._execute(
            delete(webhook_deliveries).where(
                webhook_deliveries.c.subscription_id == subscription.id
            )
        )
        await self._execute(
            delete(webhook_subscriptions).where(webhook_subscriptions.c.id == subscription.id)
        )


class SqlWebhookDeliveryRepository(_InsertNew, WebhookDeliveryRepository):
    async def add(self, delivery: WebhookDelivery) -> bool:
        return await self._insert_new(webhook_deliveries, _delivery_row(delivery), _DELIVERY_UNIQUE)

    async def _attempts(self, ids: list[UUID]) -> dict[UUID, list[DeliveryAttempt]]:
        found: dict[UUID, list[DeliveryAttempt]] = {i: [] for i in ids}
        if not ids:
            return found
        result = await self._execute(
            select(webhook_delivery_attempts)
            .where(webhook_delivery_attempts.c.delivery_id.in_(ids))
            .order_by(webhook_delivery_attempts.c.delivery_id, webhook_delivery_attempts.c.number)
        )
        for row in result.mappings():
            found[row["delivery_id"]].append(_attempt_from_row(row))
        return found

    async def get(self, organization_id: UUID, delivery_id: UUID) -> WebhookDelivery | None:
        result = await self._execute(
            select(webhook_deliveries).where(
                webhook_deliveries.c.id == delivery_id,
                webhook_deliveries.c.organization_id == organization_id,
            )
        )
        row = result.mappings().first()
        if row is None:
            return None
        attempts = await self._attempts([delivery_id])
        return delivery_from_row(row, attempts[delivery_id])

    async def list_for_subscription(
        self, organization_id: UUID, subscription_id: UUID, *, limit: int
    ) -> list[WebhookDelivery]:
        result = await self._execute(
            select(webhook_deliveries)
            .where(
                webhook_deliveries.c.organization_id == organization_id,
                webhook_deliveries.c.subscription_id == subscription_id,
            )
            .order_by(webhook_deliveries.c.created_at.desc(), webhook_deliveries.c.id.desc())
            .limit(limit)
        )
        rows = list(result.mappings())
        attempts = await self._attempts([row["id"] for row in rows])
        return [delivery_from_row(row, attempts[row["id"]]) for row in rows]

    async def claim_due(
        self, now: datetime, *, limit: int, lease_until: datetime
    ) -> list[WebhookDelivery]:
        due = (
            select(webhook_deliveries.c.id)
            .where(
                webhook_deliveries.c.status == DeliveryStatus.PENDING.value,
                webhook_deliveries.c.next_attempt_at <= now,
            )
            .order_by(webhook_deliveries.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        result = await self._execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id.in_(due.scalar_subquery()))
            .values(next_attempt_at=lease_until)
            .returning(*webhook_deliveries.c)
        )
        rows = list(result.mappings())
        attempts = await self._attempts([row["id"] for row in rows])
        claimed = [delivery_from_row(row, attempts[row["id"]]) for row in rows]
        return sorted(claimed, key=lambda d: (d.created_at, d.id))

    async def save(self, delivery: WebhookDelivery, attempt: DeliveryAttempt | None) -> None:
        result = await self._execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id == delivery.id)
            .values(**_delivery_state(delivery))
        )
        # gone meanwhile (its subscription was deleted): nothing to record the attempt against
        if attempt is not None and result.rowcount:
            await self._execute(
                insert(webhook_delivery_attempts),
                {
                    "delivery_id": attempt.delivery_id,
                    "number": attempt.number,
                    "attempted_at": attempt.attempted_at,
                    "duration_ms": attempt.duration_ms,
                    "status_code": attempt.status_code,
                    "response_excerpt": attempt.response_excerpt,
                    "error": attempt.error,
                },
            )


class SqlInboundWebhookRepository(_InsertNew, InboundWebhookRepository):
    async def add(self, webhook: InboundWebhook) -> bool:
        row = {
            "id": webhook.id,
            "platform": webhook.platform.value,
            "received_at": webhook.received_at,
            "scheme": webhook.scheme,
            "digest": webhook.digest,
            "headers": webhook.headers,
            "body": webhook.body,
        }
        return await self._insert_new(inbound_webhooks, row, _INBOUND_UNIQUE)

    async def get(self, webhook_id: UUID) -> InboundWebhook | None:
        result = await self._execute(
            select(inbound_webhooks).where(inbound_webhooks.c.id == webhook_id)
        )
        row = result.mappings().first()
        if row is None:
            return None
        return InboundWebhook(
            id=row["id"],
            platform=Platform(row["platform"]),
            received_at=row["received_at"],
            scheme=row["scheme"],
            digest=row["digest"],
            headers=dict(row["headers"]),
            body=bytes(row["body"]),
        )
