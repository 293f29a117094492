"""Re-authentication: an owner gives their password again before granting the owner role.

The password is checked like a sign-in (the same hasher, and the sign-in lockout counts a
wrong one), so a stolen access token cannot be turned into a second owner by guessing it.
"""

from __future__ import annotations

from dataclasses import replace

from umt.application.identity.lockout import SignInGuard
from umt.application.principal import Principal
from umt.application.services import Context
from umt.domain.identity.errors import ReauthenticationRequired
from umt.domain.identity.members import Authority
from umt.ports.password_hasher import PasswordHasher
from umt.ports.sign_in_lockout import SignInLockout
from umt.ports.unit_of_work import UnitOfWork


async def reauthenticate(
    ctx: Context,
    uow: UnitOfWork,
    actor: Principal,
    authority: Authority,
    password: str | None,
    *,
    sign_in_lockout: SignInLockout | None,
    password_hasher: PasswordHasher,
) -> Authority:
    """``authority`` marked re-authenticated when ``password`` is the acting owner's.

    Nothing is checked for anyone but an owner in person, or without a password: the owner
    rules (``ensure_may_grant``) refuse them whatever a password would say.
    """
    if not authority.is_owner or password is None:
        return authority
    user = await uow.users.get(actor.user_id)
    if user is None:
        raise ReauthenticationRequired("the password does not match", field="password")
    guard = SignInGuard(sign_in_lockout, user.email.value)
    await guard.check()
    if not password_hasher.verify(user.password_hash, password):
        await guard.failed()
        raise ReauthenticationRequired("the password does not match", field="password")
    await guard.succeeded()
    return replace(authority, reauthenticated=True)
