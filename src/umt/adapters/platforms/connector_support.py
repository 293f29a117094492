"""Small pieces the platform connectors share: endpoint overrides, options, refusals.

Kept apart from ``http.py`` and ``oauth2.py`` (transport and the OAuth flow) because these are
about a connector's configuration and about the half of the port a platform does not use.
"""

from __future__ import annotations

from collections.abc import Mapping

from umt.domain.integration.errors import PlatformRejected

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def base_url(override: str | None, default: str) -> str:
    """The documented base URL, or the configured override, without a trailing slash."""
    return (override or default).rstrip("/")


def option_enabled(options: Mapping[str, str], name: str) -> bool:
    """A boolean option (``"true"``, ``"1"``, ``"yes"``, ``"on"``); absent means off."""
    return options.get(name, "").strip().lower() in TRUE_WORDS


def scopes_option(options: Mapping[str, str], default: tuple[str, ...]) -> tuple[str, ...]:
    """The ``scopes`` option (space- or comma-separated) replaces a platform's default scopes,
    for apps registered with a narrower or wider set."""
    raw = options.get("scopes", "").replace(",", " ").split()
    return tuple(raw) or default


def connects_with_form(platform: str) -> PlatformRejected:
    """The refusal of an OAuth call on a platform that connects with a credentials form."""
    return PlatformRejected(f"{platform} connects with a form, not OAuth", platform=platform)


def connects_with_oauth(platform: str) -> PlatformRejected:
    """The refusal of a credentials form on a platform that connects with OAuth."""
    return PlatformRejected(f"{platform} connects with OAuth, not a form", platform=platform)


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of an OAuth 2.0 bearer token (RFC 6750)."""
    return {"authorization": f"Bearer {token}"}
