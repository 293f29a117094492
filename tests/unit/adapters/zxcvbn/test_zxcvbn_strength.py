"""The zxcvbn adapter of PasswordStrength: guessable passwords get a reason, strong ones none."""

from __future__ import annotations

import pytest

from umt.adapters.zxcvbn.password_strength import ZxcvbnPasswordStrength

STRENGTH = ZxcvbnPasswordStrength()


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "123456789012", "password1234", "qwertyuiopas", "iloveyou2024!"],
)
def test_common_and_patterned_passwords_are_weak(password: str) -> None:
    reason = STRENGTH.weakness(password, user_inputs=())
    assert reason


def test_a_password_made_of_the_users_own_words_is_weak() -> None:
    assert STRENGTH.weakness("acmeroasters", user_inputs=("Acme Roasters",)) is not None
    assert STRENGTH.weakness("acmeroasters", user_inputs=()) is None


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "another long passphrase", "vN3#qk8!Zr2$wL"],
)
def test_strong_passwords_pass(password: str) -> None:
    assert STRENGTH.weakness(password, user_inputs=("ana@acme.example",)) is None


def test_input_longer_than_the_estimator_takes_is_judged_on_its_start() -> None:
    """zxcvbn refuses over 72 characters (and slows down before): the adapter never passes
    more than it estimates, so a 1000-character passphrase is judged, not an error."""
    assert STRENGTH.weakness("a" * 1000, user_inputs=()) is not None
    assert STRENGTH.weakness("correct horse battery staple " * 30, user_inputs=()) is None
