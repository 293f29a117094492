"""The sandbox's settings: the public base URL and the redirect URIs it accepts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from umt.entrypoints.settings import Settings


def test_the_public_base_url_defaults_to_host_and_port() -> None:
    settings = Settings(_env_file=None, host="127.0.0.1", port=8123, public_base_url="")
    assert settings.http.resolved_public_base_url == "http://127.0.0.1:8123"
    assert settings.allowed_sandbox_redirect_uris == {
        "http://127.0.0.1:8123/api/v1/integrations/sandbox/callback"
    }


def test_extra_redirect_uris_are_exact_entries() -> None:
    settings = Settings(
        _env_file=None,
        public_base_url="https://umt.example/",
        sandbox_redirect_uris=" https://a.example/cb , ,http://localhost:3000/cb",
    )
    assert settings.http.resolved_public_base_url == "https://umt.example"
    assert settings.allowed_sandbox_redirect_uris == {
        "https://umt.example/api/v1/integrations/sandbox/callback",
        "https://a.example/cb",
        "http://localhost:3000/cb",
    }


@pytest.mark.parametrize(
    "url",
    ["umt.example", "ftp://umt.example", "https://umt.example/?x=1", "https://u:p@umt.example"],
)
def test_a_malformed_public_base_url_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="UMT_PUBLIC_BASE_URL"):
        Settings(_env_file=None, public_base_url=url)


@pytest.mark.parametrize("uris", ["javascript:alert(1)", "https://a.example/cb#x", "/relative"])
def test_malformed_extra_redirect_uris_are_refused(uris: str) -> None:
    with pytest.raises(ValidationError, match="UMT_SANDBOX_REDIRECT_URIS"):
        Settings(_env_file=None, sandbox_redirect_uris=uris)
