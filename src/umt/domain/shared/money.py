"""Money: a ``Decimal`` amount in an ISO 4217 currency, exact to the currency's minor unit.

Budgets, bids and spend are money. Platforms speak in integers of a smaller unit (Meta in the
currency's minor unit, "cents"; Google Ads in micros, a millionth of the unit), so the
conversions live here, once, and refuse amounts finer than the currency allows instead of
rounding a budget silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Self

from umt.domain.shared.errors import InvalidValue

# ISO 4217 active codes whose minor unit is not 2 (the list of the standard's table A.1).
_MINOR_UNITS_NOT_TWO: dict[str, int] = {
    **dict.fromkeys(
        (
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
            "VND", "VUV", "XAF", "XOF", "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    "CLF": 4,
    "UYW": 4,
}  # fmt: skip

# Every other active ISO 4217 code (minor unit 2), so that an unknown code is refused.
_TWO_DIGIT_CODES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP
    BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP
    GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK
    LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK
    NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
    STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER
    ZAR ZMW ZWG""".split()  # noqa: SIM905 - a table reads better as text than as 150 strings
)

MICROS = 1_000_000  # Google Ads money: micros of the account's currency unit


def minor_units(currency: str) -> int:
    """How many decimal places the currency has (JPY 0, EUR 2, KWD 3)."""
    code = currency_code(currency)
    return _MINOR_UNITS_NOT_TWO.get(code, 2)


def currency_code(value: str) -> str:
    """``value`` as an active ISO 4217 code, or ``InvalidValue``."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if code in _TWO_DIGIT_CODES or code in _MINOR_UNITS_NOT_TWO:
        return code
    raise InvalidValue(f"{value!r} is not an ISO 4217 currency code", field="currency")


@dataclass(frozen=True, slots=True, order=False)
class Money:
    """An exact amount of one currency; never a float."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        code = currency_code(self.currency)
        try:
            amount = Decimal(self.amount)
        except (InvalidOperation, TypeError, ValueError):
            raise InvalidValue(f"{self.amount!r} is not an amount", field="amount") from None
        if not amount.is_finite():
            raise InvalidValue("an amount must be finite", field="amount")
        places = minor_units(code)
        exponent = amount.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            raise InvalidValue(
                f"{amount} has more decimals than {code} allows ({places})", field="amount"
            )
        object.__setattr__(self, "currency", code)
        object.__setattr__(self, "amount", amount.quantize(Decimal(1).scaleb(-places)))

    @classmethod
    def zero(cls, currency: str) -> Self:
        return cls(Decimal(0), currency)

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: str) -> Self:
        """From a decimal string or an integer; ``InvalidValue`` for anything else."""
        try:
            exact = Decimal(amount)
        except (InvalidOperation, TypeError, ValueError):
            raise InvalidValue(f"{amount!r} is not an amount", field="amount") from None
        return cls(exact, currency)

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Self:
        """From an integer of the minor unit (Meta's budgets: 1050 USD cents → 10.50)."""
        return cls(Decimal(units).scaleb(-minor_units(currency)), currency)

    @classmethod
    def from_micros(cls, micros: int, currency: str) -> Self:
        """From Google Ads micros, rounded down to the currency's minor unit (a platform may
        report spend finer than the currency)."""
        places = minor_units(currency)
        exact = Decimal(micros) / MICROS
        return cls(exact.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN"), currency)

    @property
    def minor(self) -> int:
        """The amount in the currency's minor unit, exactly."""
        return int(self.amount.scaleb(minor_units(self.currency)))

    @property
    def micros(self) -> int:
        return int(self.amount * MICROS)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidValue(
                f"cannot combine {self.currency} with {other.currency}", field="currency"
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def times(self, factor: Decimal) -> Money:
        """The amount scaled, rounded half-even to the minor unit (a budget step of +20 %)."""
        places = minor_units(self.currency)
        scaled = (self.amount * factor).quantize(Decimal(1).scaleb(-places))
        return Money(scaled, self.currency)

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
