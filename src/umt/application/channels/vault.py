"""A channel account's own token in the vault: sealed for (organization, account id) with
the integrations' cipher, opened only right before a platform call. Never returned by a use
case, never logged (``Credentials`` has no readable repr)."""

from __future__ import annotations

from umt.application.integration.vault import CredentialsMissing
from umt.domain.publishing.channel_account import ChannelAccount
from umt.ports.credential_cipher import CredentialCipher, CredentialUnreadable
from umt.ports.platform_connector import Credentials
from umt.ports.unit_of_work import UnitOfWork


async def store_own_credentials(
    uow: UnitOfWork, cipher: CredentialCipher, account: ChannelAccount, credentials: Credentials
) -> None:
    sealed = cipher.seal(
        credentials.to_bytes(), organization_id=account.organization_id, integration_id=account.id
    )
    await uow.account_credentials.put(account.organization_id, account.id, sealed)


async def open_own_credentials(
    uow: UnitOfWork, cipher: CredentialCipher, account: ChannelAccount
) -> Credentials:
    sealed = await uow.account_credentials.get(account.organization_id, account.id)
    if sealed is None:
        raise CredentialsMissing(f"channel account {account.id} has no stored token")
    try:
        plaintext = cipher.open(
            sealed, organization_id=account.organization_id, integration_id=account.id
        )
    except CredentialUnreadable:
        raise CredentialsMissing(
            f"the token of channel account {account.id} cannot be opened"
        ) from None
    return Credentials.from_bytes(plaintext)
