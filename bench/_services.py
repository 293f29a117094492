"""The services a benchmark's message bus runs its use cases with, on the SQL storage: the
minimum password cost, an in-memory session list, the database's brand reader, and the
analytics context's own collaborators (the benchmarks run it whole)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from umt.adapters.crypto.argon2_hasher import Argon2PasswordHasher
from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
from umt.adapters.exports.report_files import TabularReportFiles
from umt.adapters.memory.session_revocations import InMemorySessionRevocations
from umt.adapters.sql.brand.brand_reader import SqlBrandReader
from umt.adapters.system.clock import SystemClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.analytics.config import AnalyticsConfig
from umt.application.services import Services


def sql_services(engine: Any, *, analytics: AnalyticsConfig | None = None) -> Services:
    clock = SystemClock()
    return Services(
        clock=clock,
        ids=UuidV7Generator(),
        password_hasher=Argon2PasswordHasher(memory_kib=8, time_cost=1),
        access_tokens=JwtAccessTokens(
            secret="s" * 32,
            issuer="umt",
            audience="umt-api",
            lifetime=timedelta(minutes=15),
            clock=clock,
        ),
        refresh_token_lifetime=timedelta(days=30),
        brand_reader=SqlBrandReader(engine, pool_size=1),
        session_revocations=InMemorySessionRevocations(ttl_seconds=15 * 60),
        credential_cipher=None,
        sign_in_lockout=None,
        analytics=analytics or AnalyticsConfig(),
        report_files=TabularReportFiles(),
    )
