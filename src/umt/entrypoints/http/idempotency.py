"""``Idempotency-Key`` on POST: a retried request gets the first outcome, never a second effect.

The key is scoped to the caller (organization and user of the bearer token, or anonymous) and
bound to the request's fingerprint (method, path, query and body): the same key with another
request answers 422. A duplicate that arrives while the first is still running waits for its
outcome. Outcomes below 500 are kept for ``UMT_IDEMPOTENCY_TTL_SECONDS``; a failed attempt
releases the key so the client can retry. A route that shows a secret once keeps a replay
without it (``one_time_secrets.py``).

The fingerprint is an HMAC keyed from the server's secret, not a bare hash: the bodies of
``/auth/token``, ``/auth/register`` and ``/invitations/accept`` hold a password, and a bare
SHA-256 of them in Redis would let whoever reads a dump guess it offline at hash speed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Any

import msgspec
from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPRequestEvent,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Message,
    Receive,
    ReceiveMessage,
    Scope,
    Send,
)

from umt.application.identity.api_key_secrets import looks_like_api_key
from umt.domain.shared.errors import AuthenticationFailed
from umt.entrypoints.http.middleware import ensure_request_id
from umt.entrypoints.http.one_time_secrets import declared_secret_fields, withhold
from umt.entrypoints.http.schemas.common import FieldError, Problem
from umt.ports.errors import StorageUnavailable
from umt.ports.idempotency_store import IdempotencyStore, ReservationState

HEADER = b"idempotency-key"
MAX_KEY_LENGTH = 255
WAIT_STEP_SECONDS = 0.05
WAIT_LIMIT_SECONDS = 30.0
_NOT_REPLAYED = {b"date", b"server", b"x-request-id", b"content-length"}


class _Outcome(msgspec.Struct, array_like=True):
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] != "POST":
            await app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(HEADER)
        if raw_key is None:
            await app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            await send_problem(
                scope,
                send,
                422,
                "invalid_idempotency_key",
                f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters",
            )
            return
        state = scope["app"].state
        limit: int = state.max_request_bytes
        body = await _read_body(receive, limit)
        if body is None:
            await send_problem(scope, send, 413, "body_too_large", "Request Entity Too Large")
            return
        store: IdempotencyStore = state.idempotency_store
        caller = _caller(headers, state)
        fingerprint = request_fingerprint(
            state.idempotency_fingerprint_key,
            scope["method"].encode(),
            scope["raw_path"],
            scope["query_string"],
            body,
        )
        scoped_key = f"{caller}:{hashlib.sha256(key.encode()).hexdigest()}"
        try:
            await _serve(
                app,
                scope,
                send,
                store,
                scoped_key,
                fingerprint,
                body,
                state.idempotency_ttl_seconds,
            )
        except StorageUnavailable as exc:
            await send_problem(
                scope,
                send,
                503,
                "dependency_unavailable",
                "a backing service is unavailable; retry shortly",
                extra_headers=[(b"retry-after", str(exc.retry_after).encode())],
            )

    return middleware


async def _serve(
    app: ASGIApp,
    scope: Scope,
    send: Send,
    store: IdempotencyStore,
    key: str,
    fingerprint: str,
    body: bytes,
    ttl: int,
) -> None:
    waited = 0.0
    while True:
        reservation = await store.reserve(key, fingerprint, ttl_seconds=ttl)
        if reservation.state is ReservationState.NEW:
            break
        if reservation.state is ReservationState.MISMATCH:
            await send_problem(
                scope,
                send,
                422,
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different request",
                field="Idempotency-Key",
            )
            return
        if reservation.state is ReservationState.DONE and reservation.outcome is not None:
            await _replay(scope, send, msgspec.msgpack.decode(reservation.outcome, type=_Outcome))
            return
        if waited >= WAIT_LIMIT_SECONDS:  # still PENDING: the first attempt is slow
            await send_problem(
                scope,
                send,
                409,
                "idempotent_request_in_progress",
                "a request with this Idempotency-Key is still being processed",
                extra_headers=[(b"retry-after", b"1")],
            )
            return
        await asyncio.sleep(WAIT_STEP_SECONDS)
        waited += WAIT_STEP_SECONDS

    captured: dict[str, Any] = {"status": 500, "headers": [], "body": bytearray()}

    async def replay_body() -> ReceiveMessage:
        request: HTTPRequestEvent = {"type": "http.request", "body": body, "more_body": False}
        return request

    async def capture(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured["status"] = message["status"]
            captured["headers"] = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            captured["body"] += message.get("body", b"")
        await send(message)

    try:
        await app(scope, replay_body, capture)
    except BaseException:
        await store.release(key, fingerprint)
        raise
    if captured["status"] >= 500:
        await store.release(key, fingerprint)  # not an outcome: let the client retry
        return
    headers = [(k, v) for k, v in captured["headers"] if k.lower() not in _NOT_REPLAYED]
    kept: bytes | None = bytes(captured["body"])
    if secrets := declared_secret_fields(scope):
        # a secret shown once is not kept at rest for a replay (one_time_secrets.py)
        kept = withhold(bytes(captured["body"]), secrets)
        headers = [(k, v) for k, v in headers if k.lower() != b"set-cookie"]
    if kept is None:
        await store.release(key, fingerprint)  # nothing safe to keep: a retry runs again
        return
    outcome = _Outcome(status=captured["status"], headers=headers, body=kept)
    await store.complete(key, fingerprint, msgspec.msgpack.encode(outcome), ttl_seconds=ttl)


def fingerprint_key(server_secret: str) -> bytes:
    """The key of request fingerprints, derived from the server's secret (one purpose, one
    key: it is never the JWT signing key itself)."""
    return hmac.digest(server_secret.encode(), b"umt idempotency fingerprint", "sha256")


def request_fingerprint(key: bytes, *parts: bytes) -> str:
    """HMAC-SHA256 of the request's method, path, query and body, keyed by ``key``."""
    return hmac.new(key, b"\0".join(parts), "sha256").hexdigest()


def _caller(headers: dict[bytes, bytes], state: Any) -> str:
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return "anonymous"
    if looks_like_api_key(token.strip()):
        # keyed by the whole key's hash: only its holder can replay what it stored, and keys
        # never share a key space (the route still authenticates it, on first use and after)
        return "api-key:" + hashlib.sha256(token.strip().encode()).hexdigest()
    try:
        claims = state.access_tokens.verify(token.strip())
    except AuthenticationFailed:
        return "anonymous"  # the handler answers 401; nothing will be stored under it
    return f"{claims.organization_id}:{claims.user_id}"


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _replay(scope: Scope, send: Send, outcome: _Outcome) -> None:
    headers = [
        *outcome.headers,
        (b"content-length", str(len(outcome.body)).encode()),
        (b"idempotent-replayed", b"true"),
        (b"x-request-id", ensure_request_id(scope).encode()),
    ]
    await _send(send, outcome.status, headers, outcome.body)


async def send_problem(
    scope: Scope,
    send: Send,
    status: int,
    code: str,
    detail: str,
    *,
    field: str | None = None,
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    request_id = ensure_request_id(scope)
    titles = {
        409: "Conflict",
        413: "Request body too large",
        422: "Invalid request",
        429: "Too many requests",
        503: "Service unavailable",
    }
    problem = Problem(
        type=f"/problems/{code}",
        title=titles.get(status, "Error"),
        status=status,
        detail=detail,
        instance=scope["path"],
        code=code,
        errors=[FieldError(field=field, message=detail)] if field else [],
        request_id=request_id,
    )
    body = msgspec.json.encode(problem)
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode()),
        *(extra_headers or []),
    ]
    await _send(send, status, headers, body)


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": headers,
    }
    await send(start)
    content: HTTPResponseBodyEvent = {
        "type": "http.response.body",
        "body": body,
        "more_body": False,
    }
    await send(content)
