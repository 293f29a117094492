"""FanOutEvent: a domain event of an organization becomes a delivery for each of its active
subscriptions that wants the event type.

The relay publishes outbox rows on the broker (``umt.events``); the auth-integration agent
follows ``FAN_OUT_PATTERNS`` and runs this for each. Idempotent twice over: the agent's
context claims the message key in the same transaction, and (subscription, event id) is
unique, so a redelivered event never makes a second delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from umt.application.messaging.envelope import EventMessage, iso_millis
from umt.application.services import Context
from umt.domain.integration.deliveries import WebhookDelivery
from umt.ports.clock import Clock
from umt.ports.id_generator import IdGenerator

# the contexts whose events organizations can subscribe to (broker topic patterns)
FAN_OUT_PATTERNS = (
    "brand.#",
    "project.#",
    "identity.#",
    "integration.#",
    "content.#",  # the content library
    "template.#",
    "channel_account.#",
    # the calendar's outcomes; not publication.due, the scheduler's hand-over to the agent
    "publication.scheduled",
    "publication.rescheduled",
    "publication.cancelled",
    "publication.published",
    "publication.failed",
    "publication.missed",
    "publication.taken_down",
    "schedule.#",
    "evergreen_rule.#",  # a brand's evergreen rule set, changed or deleted
    "evergreen.#",  # evergreen.recycled: a winner scheduled again, and why
    "campaign.#",
    "budget.#",
    "budget_cap.#",
    "ad_rule.#",
    "metrics.#",
    "research.#",  # research.completed: a competitor crawl finished
    "insight.#",  # insight.detected: an anomaly, a trend change or an alert rule held
    "report.#",  # report.ready: a scheduled report was delivered (its file to fetch)
    "report_schedule.#",  # a scheduled report created, changed or deleted
    "recommendation.#",  # a recommendation accepted or dismissed
    "calendar_proposal.#",  # a calendar proposal proposed, accepted or rejected
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FanOutEvent:
    event_id: UUID
    event_type: str
    organization_id: UUID
    occurred_at: datetime
    data: dict[str, Any]
    # the id of what the event happened to (its aggregate: the publication, the campaign):
    # an event's data name the things around it (its brand, its account), not always itself
    subject_id: str | None = None


def delivery_body(event: FanOutEvent) -> dict[str, Any]:
    """What a subscriber receives: Standard Webhooks' ``type``/``timestamp``/``data``, plus
    the event id (stable across retries and replays), the organization and the id of what
    the event happened to (``subject_id``: the publication, the campaign, the brand)."""
    body: dict[str, Any] = {
        "id": str(event.event_id),
        "type": event.event_type,
        "timestamp": iso_millis(event.occurred_at),
        "organization_id": str(event.organization_id),
        "data": event.data,
    }
    if event.subject_id:
        body["subject_id"] = event.subject_id
    return body


async def fan_out_event(
    cmd: FanOutEvent, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> list[WebhookDelivery]:
    """The deliveries made (none for an organization without a matching subscription)."""
    created: list[WebhookDelivery] = []
    async with ctx.uow as uow:
        subscriptions = await uow.webhook_subscriptions.list(cmd.organization_id)
        now = clock.now()
        for subscription in subscriptions:
            if not subscription.wants(cmd.event_type):
                continue
            delivery = WebhookDelivery.for_event(
                id=ids.new_id(),
                subscription=subscription,
                event_id=cmd.event_id,
                event_type=cmd.event_type,
                payload=delivery_body(cmd),
                now=now,
            )
            if await uow.webhook_deliveries.add(delivery):
                created.append(delivery)
        if created:  # nothing to write, nothing to remember: a redelivery is harmless
            await uow.commit()
    return created


async def on_domain_event(
    event: EventMessage, ctx: Context, *, clock: Clock, ids: IdGenerator
) -> None:
    """The agent's handler for every event matching ``FAN_OUT_PATTERNS``."""
    try:
        organization_id = UUID(str(event.payload.get("organization_id")))
    except ValueError:
        return  # not an organization's event: nobody can have subscribed to it
    data = event.payload.get("data")
    subject_id = event.payload.get("aggregate_id")
    await fan_out_event(
        FanOutEvent(
            event_id=event.header.message_id,
            event_type=event.event_type,
            organization_id=organization_id,
            occurred_at=event.source_timestamp or event.header.timestamp,
            data=data if isinstance(data, dict) else {},
            subject_id=str(subject_id) if subject_id else None,
        ),
        ctx,
        clock=clock,
        ids=ids,
    )
