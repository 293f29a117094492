"""CheckSession: is the sign-in an access token belongs to still live? Asked on every
authenticated request, so an ended sign-in's access tokens stop working at once.

One lookup in the SessionRevocations. When that store is down, the refresh-token table knows
the same (a family with a revoked token has ended): one indexed query through the unit of
work. Only when both are down does the request fail, with 503 — closed, never open: a token
that may have been revoked is not honoured.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from umt.application.services import Context
from umt.domain.shared.errors import AuthenticationFailed
from umt.ports.errors import StorageUnavailable
from umt.ports.session_revocations import SessionRevocations

log = logging.getLogger("umt.identity")


@dataclass(frozen=True, slots=True)
class CheckSession:
    session_id: str


async def check_session(
    query: CheckSession, ctx: Context, *, session_revocations: SessionRevocations
) -> None:
    try:
        ended = await session_revocations.is_revoked(query.session_id)
    except StorageUnavailable:
        log.warning("session revocations unavailable: checking the refresh-token table")
        async with ctx.uow as uow:
            ended = await uow.refresh_tokens.family_revoked(query.session_id)
    if ended:
        raise AuthenticationFailed("this sign-in has ended (logged out or revoked)")
