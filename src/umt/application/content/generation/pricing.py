"""The price table: what a model's tokens cost, in micro-dollars (exact integer sums).

Prices are per million tokens in US dollars, so a call's cost in micro-dollars is simply
``input_tokens x input_per_million + output_tokens x output_per_million`` (rounded). The
offline generator and models missing from the table cost nothing; the defaults below are the
list prices of common OpenAI models, overridable with ``UMT_MODEL_PRICES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPrice:
    input_per_million: float
    output_per_million: float


DEFAULT_PRICES: Mapping[str, ModelPrice] = MappingProxyType(
    {
        "gpt-4o": ModelPrice(input_per_million=2.50, output_per_million=10.00),
        "gpt-4o-mini": ModelPrice(input_per_million=0.15, output_per_million=0.60),
        "gpt-4.1": ModelPrice(input_per_million=2.00, output_per_million=8.00),
        "gpt-4.1-mini": ModelPrice(input_per_million=0.40, output_per_million=1.60),
        "gpt-4.1-nano": ModelPrice(input_per_million=0.10, output_per_million=0.40),
        "o4-mini": ModelPrice(input_per_million=1.10, output_per_million=4.40),
        "gpt-3.5-turbo": ModelPrice(input_per_million=0.50, output_per_million=1.50),
    }
)
OFFLINE_ADAPTER = "offline"


@dataclass(frozen=True, slots=True)
class PriceTable:
    prices: Mapping[str, ModelPrice] = field(default_factory=lambda: dict(DEFAULT_PRICES))

    def price_of(self, model: str) -> ModelPrice | None:
        return self.prices.get(model)

    def cost_micros(
        self, *, adapter: str, model: str, input_tokens: int, output_tokens: int
    ) -> int:
        if adapter.split(":", 1)[0] == OFFLINE_ADAPTER:
            return 0
        price = self.price_of(model)
        if price is None:
            return 0
        return round(
            input_tokens * price.input_per_million + output_tokens * price.output_per_million
        )


def primary_of(generator_name: str) -> str:
    """The first generator of a fallback chain's name (``openai:gpt-4o > offline`` →
    ``openai:gpt-4o``): what a call is estimated at, before it is known who answers."""
    return generator_name.split(" > ", 1)[0].strip()


def model_of(generator_name: str) -> str:
    """The model of a generator's (or chain's primary's) name (``openai:gpt-4o-mini`` →
    ``gpt-4o-mini``; ``offline`` → ``offline``)."""
    primary = primary_of(generator_name)
    return primary.split(":", 1)[1] if ":" in primary else primary
