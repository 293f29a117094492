from __future__ import annotations

from decimal import Decimal

import pytest

from umt.domain.shared.errors import InvalidValue
from umt.domain.shared.money import Money, minor_units


def test_an_amount_is_exact_to_the_currencys_minor_unit() -> None:
    assert Money.of("10.5", "usd") == Money(Decimal("10.50"), "USD")
    assert Money.of("10.50", "USD").minor == 1050
    assert Money.of("1500", "JPY").minor == 1500
    assert Money.of("1.125", "KWD").minor == 1125
    assert (minor_units("JPY"), minor_units("EUR"), minor_units("BHD")) == (0, 2, 3)


def test_an_amount_finer_than_the_currency_is_refused_not_rounded() -> None:
    with pytest.raises(InvalidValue, match="more decimals"):
        Money.of("10.555", "EUR")
    with pytest.raises(InvalidValue, match="more decimals"):
        Money.of("1.5", "JPY")


def test_an_unknown_currency_or_a_non_amount_is_refused() -> None:
    for bad in ("EURO", "XYZ", "", "US D"):
        with pytest.raises(InvalidValue, match="ISO 4217"):
            Money.of("1", bad)
    with pytest.raises(InvalidValue, match="not an amount"):
        Money.of("ten", "USD")
    with pytest.raises(InvalidValue, match="finite"):
        Money(Decimal("Infinity"), "USD")


def test_platform_units_convert_both_ways() -> None:
    assert Money.from_minor(1050, "USD") == Money.of("10.50", "USD")
    assert Money.from_minor(1050, "JPY") == Money.of("1050", "JPY")
    assert Money.of("12.34", "EUR").micros == 12_340_000
    # Google reports spend in micros, finer than cents: rounded down, never up
    assert Money.from_micros(12_345_678, "EUR") == Money.of("12.34", "EUR")


def test_arithmetic_keeps_one_currency() -> None:
    total = Money.of("10.00", "USD") + Money.of("0.25", "USD")
    assert total == Money.of("10.25", "USD")
    assert Money.of("10.00", "USD") > Money.of("9.99", "USD")
    assert Money.of("10.00", "USD").times(Decimal("1.2")) == Money.of("12.00", "USD")
    assert Money.of("0.05", "USD").times(Decimal("0.5")) == Money.of("0.02", "USD")  # half-even
    with pytest.raises(InvalidValue, match="cannot combine"):
        _ = Money.of("1", "USD") + Money.of("1", "EUR")
    with pytest.raises(InvalidValue, match="cannot combine"):
        _ = Money.of("1", "USD") < Money.of("1", "EUR")
