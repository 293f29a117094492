"""The services a handler gets, for tests on the in-memory adapters."""

from __future__ import annotations

from datetime import timedelta

from umt.adapters.crypto.argon2_hasher import Argon2PasswordHasher
from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
from umt.adapters.jinja.renderer import JinjaTemplateRenderer
from umt.adapters.memory.brand_reader import InMemoryBrandReader
from umt.adapters.memory.session_revocations import InMemorySessionRevocations
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.system.ids import UuidV7Generator
from umt.adapters.zxcvbn.password_strength import ZxcvbnPasswordStrength
from umt.application.services import Services
from umt.ports.clock import Clock

# Argon2id at its minimum cost (about 0.1 ms instead of the production ~50 ms): hashing is not
# what these tests are about, and they register and sign in thousands of times. The production
# parameters are checked in tests/unit/entrypoints/container/test_password_hashing.py.
FAST_PASSWORD_HASHER = Argon2PasswordHasher(memory_kib=8, time_cost=1)

# One renderer (and its worker processes, started on first use) for every test in the session:
# it is not tied to an event loop, and its workers are killed when the interpreter exits.
TEMPLATE_RENDERER = JinjaTemplateRenderer()


def in_memory_services(store: InMemoryStore, clock: Clock) -> Services:
    return Services(
        clock=clock,
        ids=UuidV7Generator(),
        password_hasher=FAST_PASSWORD_HASHER,
        password_strength=ZxcvbnPasswordStrength(),
        access_tokens=JwtAccessTokens(
            secret="s" * 32,
            issuer="umt",
            audience="umt-api",
            lifetime=timedelta(minutes=15),
            clock=clock,
        ),
        refresh_token_lifetime=timedelta(days=30),
        brand_reader=InMemoryBrandReader(store),
        session_revocations=InMemorySessionRevocations(ttl_seconds=15 * 60),
        template_renderer=TEMPLATE_RENDERER,
    )
