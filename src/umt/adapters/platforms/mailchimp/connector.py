"""MailchimpConnector: the PlatformConnector of a Mailchimp account (Marketing API 3.0).

A Mailchimp API key ends in its account's data centre (``…-us21``), and every call goes to
that data centre's host, ``https://<dc>.api.mailchimp.com/3.0``, with HTTP Basic auth (any
user name, the key as password). Connecting checks the key's form, pings the API, and reads
the account root (``GET /3.0/``) for the account's id and name. Mailchimp errors are RFC 7807
problem documents: ``{type, title, status, detail, instance}``.

Mailchimp also offers OAuth 2 for multi-account apps; umt connects with API keys, which the
account owner creates (and revokes) under Account → Extras → API keys.

Audiences, email campaigns and reports (``ChannelDiscovery``, ``Publisher``, ``MetricSource``)
live in ``campaigns.py``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from umt.adapters.platforms.connector_support import base_url, connects_with_form
from umt.adapters.platforms.http import PlatformHttp, json_or_empty, short_text
from umt.adapters.platforms.mailchimp.campaigns import MailchimpCampaigns
from umt.adapters.platforms.mailchimp.limits import (
    MAX_CONNECTIONS,
    PROCESS_SLOTS,
    ConnectionSlots,
)
from umt.domain.integration.errors import (
    InvalidCredentials,
    MissingScope,
    PlatformError,
    PlatformRejected,
)
from umt.domain.integration.platforms import AuthMethod, Capability, Platform
from umt.ports.platform_connector import (
    AccountInfo,
    AuthorizationRequest,
    Credentials,
    FormField,
    PlatformConnector,
)

PLATFORM = "mailchimp"
DEFAULT_API_BASE = "https://{dc}.api.mailchimp.com"
# 32 hex digits, a dash, the data centre: letters then digits (us1 … us21). The data centre
# becomes part of a host name, so nothing else may pass.
API_KEY = re.compile(r"^[0-9a-f]{32}-(?P<dc>[a-z]{2,5}[0-9]{1,3})$")
# 403s whose cause is the key itself, not what it may do (Mailchimp's error glossary).
KEY_REFUSALS = frozenset({"user disabled", "wrong datacenter", "api key invalid"})


def data_centre(api_key: str) -> str:
    """The data centre an API key belongs to, or ``InvalidCredentials`` for a malformed key."""
    match = API_KEY.fullmatch(api_key)
    if match is None:
        raise InvalidCredentials(
            "mailchimp API key must look like 32 hexadecimal digits, a dash and the data "
            "centre (…-us21)",
            platform=PLATFORM,
            status=422,
        )
    return match["dc"]


def classify_mailchimp(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """Mailchimp's problem+json errors onto the typed errors (429 and 5xx: generic)."""
    status = response.status_code
    title = str(body.get("title", ""))
    detail = short_text(body.get("detail") or title or status)
    if status == httpx.codes.UNAUTHORIZED or (
        status == httpx.codes.FORBIDDEN and title.lower() in KEY_REFUSALS
    ):
        return InvalidCredentials(
            f"mailchimp refused the API key: {detail}", platform=PLATFORM, status=status
        )
    if status == httpx.codes.FORBIDDEN:
        return MissingScope(
            f"mailchimp API key may not do this: {detail}", platform=PLATFORM, status=status
        )
    if status == httpx.codes.NOT_FOUND:
        return PlatformRejected(
            f"mailchimp has no such resource: {detail}", platform=PLATFORM, status=status
        )
    return None


def connection_limit(options: Mapping[str, str]) -> int:
    """The ``max_connections`` option: 1 to 10 (ValueError otherwise, at start-up)."""
    raw = options.get("max_connections", "").strip()
    if not raw:
        return MAX_CONNECTIONS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_CONNECTIONS:
        raise ValueError(f"mailchimp max_connections must be 1 to {MAX_CONNECTIONS}")
    return int(raw)


class MailchimpConnector(MailchimpCampaigns, PlatformConnector):
    """Mailchimp accounts through the Marketing API with an API key.

    ``api_base_url`` overrides ``https://{dc}.api.mailchimp.com`` (keep the ``{dc}``
    placeholder, which becomes the key's data centre). Option ``max_connections``: requests
    in flight per API key from this connector (default and maximum 10, Mailchimp's limit);
    whatever it says, every connector of the process shares ``slots`` (``PROCESS_SLOTS``):
    at most ten requests per account in flight from the process (``limits.py``).
    """

    platform = Platform.MAILCHIMP
    auth_method = AuthMethod.API_KEY
    capabilities = frozenset(
        {Capability.EMAIL_CAMPAIGNS, Capability.SCHEDULE_NATIVELY, Capability.ANALYTICS}
    )
    default_scopes: tuple[str, ...] = ()
    form_fields = (FormField(name="api_key", label="API key", secret=True),)

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        api_base_url: str | None = None,
        options: Mapping[str, str] | None = None,
        now: Callable[[], datetime] | None = None,
        slots: ConnectionSlots = PROCESS_SLOTS,
    ) -> None:
        # ``now`` decides between scheduling a campaign and sending it now.
        options = options or {}
        self._now = now or (lambda: datetime.now(UTC))
        self._max_connections = connection_limit(options)
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._process_slots = slots
        self._http = PlatformHttp(platform=PLATFORM, client=client, classify=classify_mailchimp)
        self._base = base_url(api_base_url, DEFAULT_API_BASE)

    def authorization_url(self, request: AuthorizationRequest) -> str:
        raise connects_with_form(PLATFORM)

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        raise connects_with_form(PLATFORM)

    async def refresh(self, credentials: Credentials) -> Credentials:
        return credentials  # API keys do not expire

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        api_key = fields.get("api_key", "").strip()
        dc = data_centre(api_key)
        credentials = Credentials(access_token=api_key, extra={"dc": dc})
        # /ping is Mailchimp's documented health check; it also refuses a bad key cheaply.
        await self._get(credentials, "/ping")
        await self.test_connection(credentials)
        return credentials

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        root = await self._get(
            credentials, "/", params={"fields": "account_id,account_name,login_id"}
        )
        account_id = root.get("account_id")
        if not account_id:
            raise PlatformRejected("mailchimp account root has no account id", platform=PLATFORM)
        return AccountInfo(
            external_id=str(account_id), name=short_text(root.get("account_name") or account_id)
        )

    async def revoke(self, credentials: Credentials) -> None:
        # The Marketing API cannot delete an API key; the account owner does, in Mailchimp.
        return

    async def _get(
        self, credentials: Credentials, path: str, params: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        dc = data_centre(credentials.access_token)
        url = f"{self._base.format(dc=dc)}/3.0{path}"
        return json_or_empty(await self._send(credentials, "GET", url, params=params))
