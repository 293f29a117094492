"""What the webhook use cases need beyond the unit of work: secrets, cipher, policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from umt.domain.integration.deliveries import RetryPolicy
from umt.domain.integration.webhooks import SealedSigningSecret, WebhookSubscription
from umt.domain.shared.errors import NotFound
from umt.ports.cache import Cache
from umt.ports.credential_cipher import CredentialCipher, SealedSecret


@dataclass(frozen=True, slots=True, kw_only=True)
class InboundSecrets:
    """Each platform's webhook secret; None where it is not configured (the endpoint is then
    absent: 404)."""

    meta_app_secret: str | None = None
    meta_verify_token: str | None = None
    x_consumer_secret: str | None = None
    linkedin_client_secret: str | None = None
    hubspot_client_secret: str | None = None
    tiktok_client_secret: str | None = None
    mailchimp_secret: str | None = None
    sandbox_secret: str | None = None

    def __repr__(self) -> str:  # never a secret in a log line or a traceback
        configured = [name for name in self.__slots__ if getattr(self, name)]
        return f"InboundSecrets(configured={configured})"


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookConfig:
    # built on first use: the key ring is only required once a webhook secret is sealed
    cipher: Callable[[], CredentialCipher]
    replay_cache: Cache
    inbound: InboundSecrets = field(default_factory=InboundSecrets)
    tolerance_seconds: int = 300
    allow_private_urls: bool = False
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # scheme and host the platforms call, when a proxy changes them (HubSpot signs the URL)
    public_base_url: str = ""


class WebhookEndpointNotFound(NotFound):
    """umt takes no webhooks from this platform, or its secret is not configured."""

    code = "webhook_endpoint_not_found"


def seal_secret(
    config: WebhookConfig, secret: str, *, organization_id: UUID, subscription_id: UUID
) -> SealedSigningSecret:
    """The signing secret sealed for this subscription alone (the ids are the AAD)."""
    sealed = config.cipher().seal(
        secret.encode(), organization_id=organization_id, integration_id=subscription_id
    )
    return SealedSigningSecret(sealed.key_id, sealed.ciphertext)


def open_secret(config: WebhookConfig, subscription: WebhookSubscription) -> str:
    """The plaintext signing secret; ``CredentialUnreadable`` if it was moved or tampered."""
    sealed = SealedSecret(subscription.secret.key_id, subscription.secret.ciphertext)
    return (
        config.cipher()
        .open(
            sealed,
            organization_id=subscription.organization_id,
            integration_id=subscription.id,
        )
        .decode()
    )
