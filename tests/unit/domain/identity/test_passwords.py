"""The password rules of the domain: length (NIST SP 800-63B), not blank, not personal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umt.domain.identity.errors import WeakPassword
from umt.domain.identity.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    check_password_rules,
    personal_words,
)
from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.values import Email

ANA = personal_words(Email("ana.lopez@acme.example"), "Acme Coffee Roasters", "Ana Lopez")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "at least 12"),
        ("x" * (MAX_PASSWORD_LENGTH + 1), "at most"),
        (" " * 12, "only spaces"),
        ("\t \n" * 5, "only spaces"),
        ("ana.lopez@acme.example", "your email"),
        ("ANA.LOPEZ@ACME.EXAMPLE", "your email"),
        ("acme coffee roasters", "your organization"),
        ("  Acme   Coffee Roasters ", "your organization"),
    ],
)
def test_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_password_rules(password, personal=ANA)
    assert refused.value.field == "password"
    assert reason in refused.value.message


def test_weak_passwords_have_their_own_code() -> None:
    with pytest.raises(WeakPassword) as refused:
        check_password_rules(" " * 20)
    assert refused.value.code == "weak_password"


def test_no_composition_rules_and_long_passphrases_are_welcome() -> None:
    check_password_rules("all lower case words and no digits at all", personal=ANA)
    check_password_rules("ünïcödé pässwörd ✓ 密码密码", personal=ANA)
    check_password_rules("w" + "ord " * 250, personal=ANA)  # 1001 characters


def test_the_personal_words_are_the_email_its_parts_the_names() -> None:
    assert set(ANA) >= {"ana.lopez@acme.example", "ana.lopez", "Acme Coffee Roasters", "Ana Lopez"}


@given(st.text(min_size=MIN_PASSWORD_LENGTH, max_size=80).filter(str.strip))
def test_any_long_enough_text_that_is_not_blank_passes_the_rules(password: str) -> None:
    check_password_rules(password)
