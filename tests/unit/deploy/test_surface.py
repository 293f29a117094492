"""The checks of the deployment files catch what they are meant to catch."""

from __future__ import annotations

from tests.unit.deploy.surface import (
    bad_commands,
    parse_error,
    unknown_variables,
    variables_in,
)


def test_a_real_command_parses_and_a_made_up_one_does_not() -> None:
    assert parse_error(["worker", "--agent", "brand-project"]) is None
    assert parse_error(["worker", "--agent", "no-such-agent"]) is not None
    assert parse_error(["serve", "--no-such-option"]) is not None
    assert bad_commands([["migrate"], ["frobnicate"]]) == [
        f"umt frobnicate: {parse_error(['frobnicate'])}"
    ]


def test_a_misspelt_variable_is_unknown() -> None:
    assert unknown_variables(["UMT_DATABASE_URL", "UMT_DATABSE_URL"]) == ["UMT_DATABSE_URL"]
    assert variables_in("x: ${UMT_JWT_SECRET:?set it} UMT_BROKER_URL=") == {
        "UMT_JWT_SECRET",
        "UMT_BROKER_URL",
    }
