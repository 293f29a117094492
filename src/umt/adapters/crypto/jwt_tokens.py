"""JWT access tokens (PyJWT) with a pinned algorithm and every registered claim checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from umt.adapters.imports import privately

# PyJWT imports cryptography (9 MiB) for its asymmetric algorithms, which the pinned HMAC
# algorithms (UMT_JWT_ALGORITHM is one of HS256, HS384, HS512) never use: this module gets a
# copy of PyJWT without them, and an embedding service importing PyJWT still gets all of it.
with privately("jwt", without=("cryptography",)):
    import jwt

from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import AuthenticationFailed
from umt.domain.shared.ids import BrandId, OrganizationId, UserId
from umt.ports.access_tokens import AccessClaims, AccessTokens, IssuedAccessToken
from umt.ports.clock import Clock

VERIFIED_CACHE_SIZE = 10_000
_MAX_SID = 128  # the refresh-token table's family_id column
HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
_REQUIRED = ["exp", "iat", "iss", "aud", "sub", "org", "role", "sid"]


class JwtAccessTokens(AccessTokens):
    """HS256 by default. Verification accepts exactly the configured algorithm, so ``none``
    and algorithm-confusion tokens fail."""

    def __init__(
        self,
        *,
        secret: str,
        issuer: str,
        audience: str,
        lifetime: timedelta,
        algorithm: str = "HS256",
        leeway_seconds: int = 5,
        clock: Clock | None = None,
    ) -> None:
        if algorithm.lower() == "none":
            raise ValueError("the 'none' algorithm is never allowed")
        if algorithm not in HMAC_ALGORITHMS:  # the only ones this module's PyJWT has
            raise ValueError(f"access tokens are signed with one of {sorted(HMAC_ALGORITHMS)}")
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self._lifetime = lifetime
        self._algorithm = algorithm
        self._leeway = timedelta(seconds=leeway_seconds)
        self._clock = clock
        self._verified: dict[str, AccessClaims] = {}

    @property
    def lifetime_seconds(self) -> int:
        return int(self._lifetime.total_seconds())

    def issue(self, claims: AccessClaims, *, now: datetime) -> IssuedAccessToken:
        expires = now + self._lifetime
        body: dict[str, Any] = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(claims.user_id),
            "org": str(claims.organization_id),
            "role": claims.role.value,
            "sid": claims.session_id,
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
        }
        if claims.brand_scope is not None:
            # only limited members carry it: absent means every brand, as before scopes existed
            body["brands"] = sorted(str(b) for b in claims.brand_scope)
        token = jwt.encode(body, self._secret, algorithm=self._algorithm)
        return IssuedAccessToken(token=token, expires_in=self.lifetime_seconds)

    def verify(self, token: str) -> AccessClaims:
        # A token is immutable and its signature was checked when it was cached, so a hit only
        # needs the expiry re-checked: clients send the same token for up to 15 minutes, and
        # HMAC + JSON decoding is the dearest part of authenticating a request.
        cached = self._verified.get(token)
        if cached is None:
            cached = self._decode(token)
            if len(self._verified) >= VERIFIED_CACHE_SIZE:
                self._verified.pop(next(iter(self._verified)))  # oldest first
            self._verified[token] = cached
        now = self._now()
        if now > cached.expires_at + self._leeway:
            self._verified.pop(token, None)
            raise AuthenticationFailed("access token expired")
        return cached

    def _now(self) -> datetime:
        return self._clock.now() if self._clock else datetime.now(UTC)

    def _decode(self, token: str) -> AccessClaims:
        try:
            body = jwt.decode(
                token,
                self._secret,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                # times are checked against the injected clock, the one that issued the token:
                # expiry by verify(), issue and not-before times here
                options={
                    "require": _REQUIRED,
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
            # a token from the future was not issued by us (or by a clock to distrust)
            latest = self._now() + self._leeway
            for claim in ("iat", "nbf"):
                if claim in body and datetime.fromtimestamp(float(body[claim]), UTC) > latest:
                    raise AuthenticationFailed("access token not valid yet")
            sid = body["sid"]
            if not isinstance(sid, str) or not 0 < len(sid) <= _MAX_SID:
                raise AuthenticationFailed("access token invalid")
            return AccessClaims(
                user_id=UserId(UUID(body["sub"])),
                organization_id=OrganizationId(UUID(body["org"])),
                role=Role(body["role"]),
                expires_at=datetime.fromtimestamp(int(body["exp"]), UTC),
                brand_scope=_brand_scope(body.get("brands")),
                session_id=sid,
            )
        except (jwt.PyJWTError, ValueError, TypeError, KeyError, OverflowError):
            raise AuthenticationFailed("access token invalid") from None


def _brand_scope(value: Any) -> frozenset[BrandId] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise TypeError("brands must be a list")
    return frozenset(BrandId(UUID(str(item))) for item in value)
