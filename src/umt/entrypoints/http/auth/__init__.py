"""The identity context's sign-in: registration, tokens, sessions and the current user."""

from __future__ import annotations

from umt.domain.identity.errors import SignInLocked
from umt.entrypoints.http.auth.browser_session import BrowserSessionController
from umt.entrypoints.http.auth.controllers import AuthController, MeController
from umt.entrypoints.http.domain_problems import ProblemMapping
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(
    route_handlers=(AuthController, BrowserSessionController, MeController),
    problems=(
        # too many failed sign-ins: wait until the lock lapses
        ProblemMapping(SignInLocked, 429, retry_after=lambda exc: exc.retry_after_seconds),
    ),
)
