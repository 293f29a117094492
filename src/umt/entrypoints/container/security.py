"""Identity and access: password hashing and strength, access tokens, the credential vault's
cipher, and the mail that carries invitations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dependency_injector import containers, providers

from umt.adapters.crypto.argon2_hasher import Argon2PasswordHasher
from umt.adapters.crypto.jwt_tokens import JwtAccessTokens
from umt.adapters.crypto.key_ring import AesGcmKeyRing, parse_key_ring
from umt.adapters.mail.file_sender import FileMailSender
from umt.adapters.mail.smtp_sender import SmtpConfig, SmtpMailSender
from umt.adapters.system.clock import SystemClock
from umt.adapters.zxcvbn.password_strength import ZxcvbnPasswordStrength
from umt.entrypoints.settings import Settings
from umt.ports.mail_sender import MailSender

ACCESS_TOKEN_LEEWAY_SECONDS = 5  # clock skew tolerated between the issuer and the verifier


def access_tokens(settings: Settings, clock: SystemClock) -> JwtAccessTokens:
    security = settings.security
    return JwtAccessTokens(
        clock=clock,
        secret=settings.resolved_jwt_secret(),
        issuer=security.jwt_issuer,
        audience=security.jwt_audience,
        lifetime=timedelta(minutes=security.access_token_minutes),
        algorithm=security.jwt_algorithm,
        leeway_seconds=ACCESS_TOKEN_LEEWAY_SECONDS,
    )


def credential_cipher(settings: Settings) -> AesGcmKeyRing:
    """The credential vault's cipher over the configured key ring (the last key is current)."""
    return AesGcmKeyRing(parse_key_ring(settings.resolved_credential_keys()))


def vault_cipher(settings: Settings) -> AesGcmKeyRing | None:
    """The cipher the integration use cases get: None in production without
    UMT_CREDENTIAL_KEYS, so the rest of the service starts and connecting a platform answers
    that integrations are not configured (an invalid ring still fails at start-up)."""
    if settings.security.credential_keys is None and settings.is_production:
        return None
    return credential_cipher(settings)


def mail_sender(settings: Settings) -> MailSender:
    """SMTP when UMT_MAIL_BACKEND=smtp, else .eml files under <data_dir>/mail/."""
    mail = settings.mail
    if mail.backend == "smtp":
        password = mail.smtp_password
        return SmtpMailSender(
            SmtpConfig(
                host=mail.smtp_host,
                port=mail.smtp_port,
                sender=mail.sender,
                security=mail.smtp_security,
                username=mail.smtp_username,
                password=password.get_secret_value() if password is not None else "",
                timeout_seconds=mail.smtp_timeout_seconds,
            )
        )
    return FileMailSender(settings.data_dir / "mail", sender=mail.sender)


def refresh_lifetime(settings: Settings) -> timedelta:
    return timedelta(days=settings.security.refresh_token_days)


def invitation_lifetime(settings: Settings) -> timedelta:
    return timedelta(days=settings.security.invitation_days)


class Security(containers.DeclarativeContainer):
    settings: Any = providers.Dependency(instance_of=Settings)
    clock: Any = providers.Dependency()

    password_hasher: Any = providers.Singleton(Argon2PasswordHasher)
    password_strength: Any = providers.Singleton(ZxcvbnPasswordStrength)
    access_tokens: Any = providers.Singleton(access_tokens, settings, clock)
    refresh_token_lifetime: Any = providers.Callable(refresh_lifetime, settings)
    # built on first use: production refuses to start it without UMT_CREDENTIAL_KEYS
    credential_cipher: Any = providers.Singleton(credential_cipher, settings)
    vault_cipher: Any = providers.Singleton(vault_cipher, settings)
    mail_sender: Any = providers.Singleton(mail_sender, settings)
    invitation_lifetime: Any = providers.Callable(invitation_lifetime, settings)
