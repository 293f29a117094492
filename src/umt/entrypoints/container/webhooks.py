"""Webhooks (docs/webhooks.md): the inbound secrets and policy, and the outbound sender and
its dispatcher loop."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from dependency_injector import containers, providers
from pydantic import SecretStr

from umt.adapters.system.clock import SystemClock
from umt.application.webhooks.config import InboundSecrets, WebhookConfig
from umt.application.webhooks.dispatcher import WebhookDispatcher
from umt.domain.integration.deliveries import RetryPolicy
from umt.entrypoints.settings import Settings
from umt.ports.cache import Cache
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.unit_of_work import UnitOfWork
from umt.ports.webhook_sender import WebhookSender


def _revealed(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def webhook_config(
    settings: Settings, cipher: Callable[[], CredentialCipher], cache: Cache
) -> WebhookConfig:
    """Webhook secrets and policy; the cipher is built on first use (production refuses to
    start it without UMT_CREDENTIAL_KEYS, and only webhook subscriptions need it here)."""
    webhooks = settings.webhooks
    return WebhookConfig(
        cipher=cipher,
        replay_cache=cache,
        inbound=InboundSecrets(
            meta_app_secret=_revealed(webhooks.meta_app_secret),
            meta_verify_token=_revealed(webhooks.meta_verify_token),
            x_consumer_secret=_revealed(webhooks.x_consumer_secret),
            linkedin_client_secret=_revealed(webhooks.linkedin_client_secret),
            hubspot_client_secret=_revealed(webhooks.hubspot_client_secret),
            tiktok_client_secret=_revealed(webhooks.tiktok_client_secret),
            mailchimp_secret=_revealed(webhooks.mailchimp_secret),
            sandbox_secret=_revealed(webhooks.sandbox_secret),
        ),
        tolerance_seconds=webhooks.tolerance_seconds,
        allow_private_urls=webhooks.allow_private_urls,
        retry=RetryPolicy(
            max_attempts=webhooks.max_attempts,
            base_seconds=webhooks.retry_base_seconds,
            max_seconds=webhooks.retry_max_seconds,
        ),
        public_base_url=webhooks.public_url,
    )


async def webhook_sender(settings: Settings) -> AsyncIterator[WebhookSender]:
    """httpx with the delivery timeout; its connection pool is closed at shutdown."""
    # imported here: only the processes that deliver webhooks load httpx for it
    from umt.adapters.httpx.webhook_sender import HttpxWebhookSender

    sender = HttpxWebhookSender(
        timeout_seconds=settings.webhooks.timeout_seconds,
        allow_private=settings.webhooks.allow_private_urls,
    )
    try:
        yield sender
    finally:
        await sender.close()


def webhook_dispatcher(
    settings: Settings,
    uow_factory: Callable[[], UnitOfWork],
    sender: WebhookSender,
    config: WebhookConfig,
    clock: SystemClock,
) -> WebhookDispatcher:
    return WebhookDispatcher(
        uow_factory,
        sender,
        config,
        clock,
        idle_seconds=settings.webhooks.poll_seconds,
        # a lease outlives any one attempt: a sender that died releases its rows after it
        lease_seconds=settings.webhooks.timeout_seconds * 2 + 30,
    )


def sending_dispatcher(
    settings: Settings, dispatcher: Callable[[], WebhookDispatcher]
) -> WebhookDispatcher | None:
    """The dispatcher the webhook-sender loop runs; None where sending is switched off (then
    neither it nor its HTTP client is built)."""
    return dispatcher() if settings.webhooks.run_sender else None


class Webhooks(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)
    clock: Any = providers.Dependency()
    credential_cipher: Any = providers.Dependency()
    cache: Any = providers.Dependency()
    unit_of_work_factory: Any = providers.Dependency()

    config: Any = providers.Singleton(webhook_config, settings, credential_cipher.provider, cache)
    sender: Any = providers.Resource(webhook_sender, settings)
    dispatcher: Any = providers.Singleton(
        webhook_dispatcher, settings, unit_of_work_factory, sender, config, clock
    )
    sending: Any = providers.Singleton(sending_dispatcher, settings, dispatcher.provider)
