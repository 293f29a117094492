"""The services a handler gets, for tests on the in-memory adapters: every collaborator wired,
as the composition root wires them, so a bus over every context's handlers starts."""

from __future__ import annotations

import os
from datetime import timedelta

from tests.support.mail import RecordingMail
from tests.support.research import research_tools

from umt.adapters.crypto.argon2_hasher import Argon2PasswordHasher
from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
from umt.adapters.crypto.key_ring import AesGcmKeyRing
from umt.adapters.exports.report_files import TabularReportFiles
from umt.adapters.jinja.renderer import JinjaTemplateRenderer
from umt.adapters.memory.brand_reader import InMemoryBrandReader
from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.adapters.memory.job_store import InMemoryJobStore
from umt.adapters.memory.session_revocations import InMemorySessionRevocations
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.offline.generator import OfflineContentGenerator
from umt.adapters.system.ids import UuidV7Generator
from umt.adapters.zxcvbn.password_strength import ZxcvbnPasswordStrength
from umt.application.agents.progress import JobProgress
from umt.application.audit.entries import entry_for_event
from umt.application.channels.credentials import VaultChannelCredentials
from umt.application.content.generation.config import GenerationConfig
from umt.application.integration.config import IntegrationConfig
from umt.application.services import Services
from umt.application.webhooks.config import WebhookConfig
from umt.ports.clock import Clock

# Argon2id at its minimum cost (about 0.1 ms instead of the production ~50 ms): hashing is not
# what these tests are about, and they register and sign in thousands of times. The production
# parameters are checked in tests/unit/entrypoints/container/test_password_hashing.py.
FAST_PASSWORD_HASHER = Argon2PasswordHasher(memory_kib=8, time_cost=1)

# One renderer (and its worker processes, started on first use) for every test in the session:
# it is not tied to an event loop, and its workers are killed when the interpreter exits.
TEMPLATE_RENDERER = JinjaTemplateRenderer()


# seals webhook subscriptions' signing secrets (the integrations' vault has no key ring here)
WEBHOOK_KEYS = AesGcmKeyRing({"test": os.urandom(32)})


def in_memory_services(store: InMemoryStore, clock: Clock) -> Services:
    """Every collaborator, on the in-memory adapters: no credential key ring (a test of the
    integrations passes one) and no platform (a test of one passes its connector, and the
    publishers and channel credentials over it)."""
    ids = UuidV7Generator()
    return Services(
        clock=clock,
        ids=ids,
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
        credential_cipher=None,
        sign_in_lockout=None,  # no lockout (test_sign_in_guard.py tests one)
        mail_sender=RecordingMail(),
        webhooks=WebhookConfig(cipher=lambda: WEBHOOK_KEYS, replay_cache=InMemoryCache()),
        content_generator=OfflineContentGenerator(),
        generation=GenerationConfig(ledger=InMemoryGenerationUsage()),
        template_renderer=TEMPLATE_RENDERER,
        report_files=TabularReportFiles(),
        channel_credentials=VaultChannelCredentials(
            uow_factory=lambda: InMemoryUnitOfWork(store, ids, audit=entry_for_event),
            credential_cipher=None,
            platforms={},
            clock=clock,
            integrations=IntegrationConfig(),
        ),
        publishers={},
        job_progress=JobProgress(InMemoryJobStore(), clock),
        research=research_tools(),
    )
