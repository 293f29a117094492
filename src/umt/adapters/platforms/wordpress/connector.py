"""WordPressConnector: the PlatformConnector of a self-hosted or hosted WordPress site.

WordPress (5.6+) authenticates REST API calls with application passwords over HTTP Basic
auth. Connecting checks the form, then ``GET /wp-json/wp/v2/users/me?context=edit`` proves the
password works and that the user may publish (``capabilities.publish_posts``). There is no
token to refresh and no API to withdraw an application password from outside: the user
revokes it in wp-admin (Users → Profile → Application Passwords).

Publishing (``ChannelDiscovery`` and ``Publisher``: the site, its posts and comments) lives in
``posts.py``; WordPress has no metrics API, so the connector is no ``MetricSource``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from umt.adapters.platforms.connector_support import connects_with_form, option_enabled
from umt.adapters.platforms.http import PlatformHttp, json_or_empty, short_text
from umt.adapters.platforms.wordpress.posts import WordPressPosts
from umt.adapters.platforms.wordpress.site_url import FIELD, PLATFORM, normalize_site_url
from umt.domain.integration.errors import (
    AddressRefused,
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

# The REST API's error codes for a refused login (WP_REST_Server, wp_authenticate).
LOGIN_ERRORS = frozenset(
    {
        "rest_not_logged_in",
        "incorrect_password",
        "invalid_username",
        "invalid_email",
        "application_passwords_disabled",
        "application_passwords_disabled_for_user",
    }
)
FORBIDDEN_ERRORS = frozenset({"rest_forbidden", "rest_forbidden_context", "rest_cannot_view"})


def classify_wordpress(response: httpx.Response, body: dict[str, Any]) -> PlatformError | None:
    """WordPress REST errors are ``{"code", "message", "data": {"status"}}``."""
    status = response.status_code
    if response.is_redirect:
        # Redirects are not followed (a site could send the password elsewhere); the user
        # gives the address the site redirects to.
        target = short_text(response.headers.get("location", "another address"))
        return PlatformRejected(
            f"the site redirects to {target}: enter that address", platform=PLATFORM, status=status
        )
    code = str(body.get("code", ""))
    message = short_text(body.get("message") or code or status)
    if status == httpx.codes.UNAUTHORIZED or code in LOGIN_ERRORS:
        return InvalidCredentials(
            f"wordpress refused the user name or application password: {message}",
            platform=PLATFORM,
            status=status,
        )
    if status == httpx.codes.FORBIDDEN or code in FORBIDDEN_ERRORS:
        return MissingScope(
            f"wordpress user may not do this: {message}", platform=PLATFORM, status=status
        )
    if status == httpx.codes.NOT_FOUND:
        return PlatformRejected(
            "no WordPress REST API at that address (is it the site's address, "
            "and are permalinks and the REST API enabled?)",
            platform=PLATFORM,
            status=status,
        )
    return None


class WordPressConnector(WordPressPosts, PlatformConnector):
    """WordPress sites through the REST API with application passwords.

    Options: ``trash_on_delete`` (deleting a post moves it to the trash instead of removing
    it), ``allow_private_hosts`` (call sites on loopback or private addresses, for an
    intranet WordPress or a test server; they may then use plain http; the composition root
    opens the platform client's egress guard to match) and ``allow_http``
    (accept plain-http sites anywhere; application passwords then cross the network in clear).
    """

    platform = Platform.WORDPRESS
    auth_method = AuthMethod.APP_PASSWORD
    capabilities = frozenset(
        {Capability.PUBLISH_TEXT, Capability.PUBLISH_IMAGES, Capability.SCHEDULE_NATIVELY}
    )
    default_scopes: tuple[str, ...] = ()
    form_fields = (
        FormField(name="site_url", label="Site address (https://…)"),
        FormField(name="username", label="User name"),
        FormField(name="application_password", label="Application password", secret=True),
    )

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        options: Mapping[str, str] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        # ``now`` decides whether a post is scheduled (``future``) or published now.
        options = options or {}
        self._now = now or (lambda: datetime.now(UTC))
        self._trash_on_delete = option_enabled(options, "trash_on_delete")
        self._http = PlatformHttp(platform=PLATFORM, client=client, classify=classify_wordpress)
        self._allow_http = option_enabled(options, "allow_http")
        self._allow_private = option_enabled(options, "allow_private_hosts")

    def authorization_url(self, request: AuthorizationRequest) -> str:
        raise connects_with_form(PLATFORM)

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> Credentials:
        raise connects_with_form(PLATFORM)

    async def refresh(self, credentials: Credentials) -> Credentials:
        return credentials  # application passwords do not expire

    async def connect_with_form(self, fields: Mapping[str, str]) -> Credentials:
        site_url = self._site_url(fields.get("site_url", ""))
        username = fields.get("username", "").strip()
        # WordPress shows application passwords in groups of four and ignores the spaces.
        password = "".join(fields.get("application_password", "").split())
        if not username:
            raise InvalidCredentials(
                "wordpress user name is required", platform=PLATFORM, status=422
            )
        if not password:
            raise InvalidCredentials(
                "wordpress application password is required", platform=PLATFORM, status=422
            )
        credentials = Credentials(
            access_token=password, extra={"site_url": site_url, "username": username}
        )
        await self.test_connection(credentials)
        return credentials

    async def test_connection(self, credentials: Credentials) -> AccountInfo:
        site_url = self._site_url(credentials.extra.get("site_url", ""))
        username = credentials.extra.get("username", "")
        try:
            response = await self._http.send(
                "GET",
                f"{site_url}/wp-json/wp/v2/users/me",
                params={"context": "edit"},
                auth=(username, credentials.access_token),
            )
        except AddressRefused as exc:  # the site's name resolves to an internal address
            raise AddressRefused(exc.message, platform=PLATFORM, field=FIELD) from None
        user = json_or_empty(response)
        if "id" not in user:
            raise PlatformRejected(
                "that address answered, but not as a WordPress REST API", platform=PLATFORM
            )
        capabilities = user.get("capabilities")
        if not isinstance(capabilities, dict) or capabilities.get("publish_posts") is not True:
            raise MissingScope(
                "wordpress user may not publish posts: use an Author, Editor or Administrator",
                platform=PLATFORM,
                status=403,
            )
        return AccountInfo(
            external_id=f"{site_url}#user-{user['id']}",
            name=f"{short_text(user.get('name') or username)} ({site_url})",
        )

    async def revoke(self, credentials: Credentials) -> None:
        # The REST API can only delete an application password while authenticated by a
        # cookie or another password; the user revokes this one in wp-admin.
        return

    def _site_url(self, raw: str) -> str:
        return normalize_site_url(
            raw, allow_http=self._allow_http, allow_private_hosts=self._allow_private
        )
