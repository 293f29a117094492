"""UMT_MODEL_PRICES and the default budget, read from the environment as documented."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from umt.application.content.generation.pricing import DEFAULT_PRICES, ModelPrice
from umt.domain.content.budget import GenerationBudget
from umt.entrypoints.container.generation import default_budget, price_table
from umt.entrypoints.settings import Settings


def test_model_prices_from_the_environment_lay_over_the_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "UMT_MODEL_PRICES",
        '{"llama3.1:8b": {"input_per_million": 0, "output_per_million": 0},'
        ' "gpt-4o": {"input_per_million": 5, "output_per_million": 15}}',
    )
    table = price_table(Settings(_env_file=None))
    assert table.price_of("llama3.1:8b") == ModelPrice(input_per_million=0, output_per_million=0)
    assert table.price_of("gpt-4o") == ModelPrice(input_per_million=5, output_per_million=15)
    assert table.price_of("gpt-4o-mini") == DEFAULT_PRICES["gpt-4o-mini"]


def test_a_malformed_price_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UMT_MODEL_PRICES", '{"gpt-4o": {"input_per_million": -1}}')
    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_the_default_budget_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_budget(Settings(_env_file=None)) == GenerationBudget()
    monkeypatch.setenv("UMT_GENERATION_BUDGET_TOKENS", "2000000")
    monkeypatch.setenv("UMT_GENERATION_BUDGET_USD", "12.5")
    assert default_budget(Settings(_env_file=None)) == GenerationBudget(
        token_limit=2_000_000, cost_limit_micros=12_500_000
    )
