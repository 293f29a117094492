"""ConnectWithForm: connect a platform that authenticates with an API key or an application
password; the connector validates the form against the platform before anything is stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from umt.application.integration.config import IntegrationConfig
from umt.application.integration.vault import connector_for, parse_platform, save_connection
from umt.application.services import Context
from umt.application.use_case import UseCase
from umt.domain.identity.permissions import Permission
from umt.domain.integration.errors import WrongAuthMethod
from umt.domain.integration.integration import Integration
from umt.domain.integration.platforms import AuthMethod, Platform
from umt.domain.shared.errors import InvalidValue
from umt.ports.clock import Clock
from umt.ports.credential_cipher import CredentialCipher
from umt.ports.id_generator import IdGenerator
from umt.ports.platform_connector import PlatformConnector

MAX_VALUE = 4096


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectWithForm:
    use_case: ClassVar = UseCase(Permission.INTEGRATIONS_MANAGE)
    platform: str
    fields: Mapping[str, str]

    def __repr__(self) -> str:  # the fields hold an API key or a password
        return f"ConnectWithForm(platform={self.platform!r}, fields={sorted(self.fields)!r})"


async def connect_with_form(
    cmd: ConnectWithForm,
    ctx: Context,
    *,
    platforms: Mapping[Platform, PlatformConnector],
    credential_cipher: CredentialCipher | None,
    clock: Clock,
    ids: IdGenerator,
    integrations: IntegrationConfig,
) -> Integration:
    actor = ctx.actor()
    actor.require(ConnectWithForm.use_case.permission)
    platform = parse_platform(cmd.platform)
    connector = connector_for(platforms, credential_cipher, platform)
    if connector.auth_method is AuthMethod.OAUTH2:
        raise WrongAuthMethod(
            f"{platform.value} connects through OAuth: POST .../authorize", field="platform"
        )
    expected = {f.name for f in connector.form_fields}
    unknown = sorted(set(cmd.fields) - expected)
    if unknown:
        raise InvalidValue(f"unknown fields: {unknown}", field=f"fields.{unknown[0]}")
    for name in sorted(expected):
        value = cmd.fields.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(f"{name} is required", field=f"fields.{name}")
        if len(value) > MAX_VALUE:
            raise InvalidValue(f"{name} is too long", field=f"fields.{name}")
    credentials = await connector.connect_with_form(dict(cmd.fields))
    account = await connector.test_connection(credentials)
    return await save_connection(
        ctx,
        actor=actor,
        platform=platform,
        credentials=credentials,
        account=account,
        clock=clock,
        ids=ids,
        credential_cipher=credential_cipher,
        integrations=integrations,
    )
