"""The app hashes passwords with Argon2id at the OWASP cost. The HTTP tests' app hashes them at
Argon2's minimum cost (tests/support/services.py), so this is where the production one is held."""

from __future__ import annotations

from tests.support.services import FAST_PASSWORD_HASHER

from umt.entrypoints.container import build_container
from umt.entrypoints.settings import Settings

PASSWORD = "correct horse battery staple"


def test_the_container_hashes_passwords_with_argon2id_at_the_owasp_cost() -> None:
    settings = Settings(_env_file=None, database_url="memory://", broker_url="", redis_url="")
    hasher = build_container(settings).security.password_hasher()
    encoded = hasher.hash(PASSWORD)
    assert encoded.startswith("$argon2id$v=19$m=47104,t=1,p=1$")
    assert hasher.verify(encoded, PASSWORD)
    assert not hasher.verify(encoded, PASSWORD.upper())
    assert not hasher.needs_rehash(encoded)
    # a hash of a cheaper cost (the tests' one) would be upgraded at the next sign-in
    assert hasher.needs_rehash(FAST_PASSWORD_HASHER.hash(PASSWORD))
