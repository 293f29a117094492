"""The signature schemes: documented example vectors where the docs give them, each scheme
checked against the documented recipe written out here independently, and hypothesis for
tamper detection (any changed byte of the body, or of the signature, fails)."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from umt.domain.integration.signatures import (
    hubspot,
    linkedin,
    mailchimp,
    meta,
    standard,
    tiktok,
    x,
)
from umt.domain.integration.signatures.common import RejectReason, WebhookSignatureInvalid

NOW = 1_700_000_000
SECRET = "app-secret-123"


def rejected(reason: RejectReason | None = None) -> pytest.RaisesExc[WebhookSignatureInvalid]:
    return pytest.raises(WebhookSignatureInvalid, check=lambda e: reason in (None, e.reason))


# -- documented vectors ---------------------------------------------------------------------


def test_standard_webhooks_reference_vector() -> None:
    """The example of the Standard Webhooks reference libraries."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert standard.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected
    standard.verify(
        secret,
        body,
        message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp="1614265330",
        signature=f"v1,bm9ub3Rhc2lnbmF0dXJl {expected}",  # any listed signature may match
        now_seconds=1614265330 + 10,
        tolerance_seconds=300,
    )


def test_tiktok_header_format_of_the_documentation() -> None:
    """TikTok's example header splits into t and s as its docs describe."""
    header = "t=1633174587,s=18494715036ac4416a1d0a673871a2edbcfc94d94bd88ccd2c5ec9b3425afe66"
    with rejected(RejectReason.MISMATCH):  # the docs do not publish the secret behind it
        tiktok.verify("unknown", b"{}", header, now_seconds=1633174587, tolerance_seconds=300)


# -- each scheme against its documented recipe ------------------------------------------------


def _hmac(key: str, message: bytes) -> bytes:
    return hmac.new(key.encode(), message, hashlib.sha256).digest()


def test_meta_is_hex_hmac_of_the_body_behind_sha256() -> None:
    body = b'{"object":"page"}'
    header = "sha256=" + _hmac(SECRET, body).hex()
    assert meta.verify(SECRET, body, header) == header
    assert meta.verify(SECRET, body, header.upper().replace("SHA256=", "sha256=")) is not None
    with rejected(RejectReason.MISSING):
        meta.verify(SECRET, body, None)
    with rejected(RejectReason.MALFORMED):
        meta.verify(SECRET, body, "md5=abc")
    assert (
        meta.answer_handshake(
            "tok", {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "99"}
        )
        == "99"
    )
    with rejected(RejectReason.MISMATCH):
        meta.answer_handshake(
            "tok", {"hub.mode": "subscribe", "hub.verify_token": "x", "hub.challenge": "1"}
        )


def test_x_is_base64_hmac_and_the_crc_answer() -> None:
    body = b'{"for_user_id":"1"}'
    header = "sha256=" + base64.b64encode(_hmac(SECRET, body)).decode()
    assert x.verify(SECRET, body, header) == header
    token = "9b4507b3-9040-4669-9ca3-6b94edb50553"
    expected = "sha256=" + base64.b64encode(_hmac(SECRET, token.encode())).decode()
    assert x.answer_crc(SECRET, {"crc_token": token}) == {"response_token": expected}
    with rejected(RejectReason.MISSING):
        x.answer_crc(SECRET, {})


def test_linkedin_signs_the_prefixed_body_and_answers_the_challenge() -> None:
    body = b'{"type":"LIKE"}'
    digest = _hmac(SECRET, b"hmacsha256=" + body).hex()
    assert linkedin.verify(SECRET, body, digest) == digest
    assert linkedin.verify(SECRET, body, "hmacsha256=" + digest)
    code = "890e4665-4dfe-4ab1-b689-ed553bceeed0"
    answer = linkedin.answer_challenge(SECRET, {"challengeCode": code})
    assert answer == {
        "challengeCode": code,
        "challengeResponse": _hmac(SECRET, code.encode()).hex(),
    }


def test_hubspot_v3_recipe_window_and_uri_decoding() -> None:
    body = b'[{"eventId":1}]'
    stamp = str(NOW * 1000)
    uri = "https://hooks.example.com/api/v1/webhooks/hubspot?x=a%3Ab%20c"
    source = b"POST" + b"https://hooks.example.com/api/v1/webhooks/hubspot?x=a:b%20c" + body
    header = base64.b64encode(_hmac(SECRET, source + stamp.encode())).decode()
    kwargs = {"method": "POST", "uri": uri, "body": body, "timestamp_header": stamp}
    assert hubspot.verify(
        SECRET, header=header, now_seconds=NOW + 60, tolerance_seconds=300, **kwargs
    )
    with rejected(RejectReason.STALE):
        hubspot.verify(
            SECRET, header=header, now_seconds=NOW + 301, tolerance_seconds=300, **kwargs
        )
    with rejected(RejectReason.MISSING):
        hubspot.verify(
            SECRET,
            method="POST",
            uri=uri,
            body=body,
            header=header,
            timestamp_header=None,
            now_seconds=NOW,
            tolerance_seconds=300,
        )


def test_tiktok_signs_timestamp_dot_body_and_refuses_old_ones() -> None:
    body = b'{"event":"video.publish"}'
    digest = _hmac(SECRET, f"{NOW}.".encode() + body).hex()
    header = f"t={NOW},s={digest}"
    assert tiktok.sign(SECRET, NOW, body) == header
    assert tiktok.verify(SECRET, body, header, now_seconds=NOW + 5, tolerance_seconds=300)
    with rejected(RejectReason.STALE):
        tiktok.verify(SECRET, body, header, now_seconds=NOW + 600, tolerance_seconds=300)
    with rejected(RejectReason.MALFORMED):
        tiktok.verify(SECRET, body, "garbage", now_seconds=NOW, tolerance_seconds=300)


def test_mailchimp_compares_the_url_secret() -> None:
    assert mailchimp.verify("s3cret", {"secret": "s3cret"}) == ""
    with rejected(RejectReason.MISMATCH):
        mailchimp.verify("s3cret", {"secret": "s3cre"})
    with rejected(RejectReason.MISSING):
        mailchimp.verify("s3cret", {})


def test_standard_webhooks_window_and_secret_format() -> None:
    secret = standard.new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    headers = standard.headers(secret, "msg_1", NOW, b"{}")
    with rejected(RejectReason.STALE):
        standard.verify(
            secret,
            b"{}",
            message_id="msg_1",
            timestamp=headers["webhook-timestamp"],
            signature=headers["webhook-signature"],
            now_seconds=NOW - 301,  # a timestamp from the future is refused as well
            tolerance_seconds=300,
        )


# -- tamper detection (hypothesis) ----------------------------------------------------------


def _flip(data: bytes, index: int, bit: int) -> bytes:
    i = index % len(data)
    return data[:i] + bytes([data[i] ^ (1 << bit)]) + data[i + 1 :]


def _verifiers(body: bytes) -> list[tuple[str, object]]:
    """(name, verify(body, header)) for every scheme with a signed body."""
    return [
        ("meta", lambda b, h: meta.verify(SECRET, b, h)),
        ("x", lambda b, h: x.verify(SECRET, b, h)),
        ("linkedin", lambda b, h: linkedin.verify(SECRET, b, h)),
        (
            "tiktok",
            lambda b, h: tiktok.verify(SECRET, b, h, now_seconds=NOW, tolerance_seconds=300),
        ),
        (
            "hubspot",
            lambda b, h: hubspot.verify(
                SECRET,
                method="POST",
                uri="https://h.example/w",
                body=b,
                header=h,
                timestamp_header=str(NOW * 1000),
                now_seconds=NOW,
                tolerance_seconds=300,
            ),
        ),
        (
            "standard",
            lambda b, h: standard.verify(
                SECRET,
                b,
                message_id="msg_1",
                timestamp=str(NOW),
                signature=h,
                now_seconds=NOW,
                tolerance_seconds=300,
            ),
        ),
    ]


def _signatures(body: bytes) -> dict[str, str]:
    return {
        "meta": meta.sign(SECRET, body),
        "x": x.sign(SECRET, body),
        "linkedin": linkedin.sign(SECRET, body),
        "tiktok": tiktok.sign(SECRET, NOW, body),
        "hubspot": hubspot.sign(SECRET, "POST", "https://h.example/w", body, str(NOW * 1000)),
        "standard": standard.sign(SECRET, "msg_1", NOW, body),
    }


@settings(max_examples=60, deadline=None)
@given(
    body=st.binary(min_size=1, max_size=300), index=st.integers(0, 10_000), bit=st.integers(0, 7)
)
def test_any_changed_body_byte_fails_every_scheme(body: bytes, index: int, bit: int) -> None:
    signatures = _signatures(body)
    tampered = _flip(body, index, bit)
    for name, check in _verifiers(body):
        check(body, signatures[name])  # type: ignore[operator]  # the genuine one passes
        with rejected():
            check(tampered, signatures[name])  # type: ignore[operator]


@settings(max_examples=60, deadline=None)
@given(body=st.binary(max_size=200), index=st.integers(0, 10_000), bit=st.integers(0, 6))
def test_any_changed_signature_byte_fails_every_scheme(body: bytes, index: int, bit: int) -> None:
    for name, check in _verifiers(body):
        signature = _signatures(body)[name].encode()
        tampered = _flip(signature, index, bit).decode("latin-1")
        if tampered.lower() == signature.decode().lower() and name in (
            "meta",
            "linkedin",
            "tiktok",
        ):
            continue  # a hex digit's case is not a change of the hex value
        with rejected():
            check(body, tampered)  # type: ignore[operator]
