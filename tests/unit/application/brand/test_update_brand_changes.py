"""UpdateBrand's typed changes: what HTTP, the library and a task input map into."""

from __future__ import annotations

from dataclasses import fields
from uuid import UUID

import pytest

from umt.application.agents.task_payload import decode
from umt.application.brand.update_brand import BrandChanges, UpdateBrand
from umt.domain.brand.brand import BRAND_FIELDS
from umt.domain.shared.errors import InvalidValue

BRAND = UUID(int=7)


def test_the_changes_name_every_brand_field() -> None:
    assert {f.name for f in fields(BrandChanges)} == BRAND_FIELDS


def test_only_the_given_fields_are_changes_and_none_is_given() -> None:
    changes = BrandChanges.of({"industry": None, "name": "Acme"})
    assert changes.given() == {"name": "Acme", "industry": None}


def test_a_name_that_is_no_brand_field_is_refused_as_the_brand_refuses_it() -> None:
    with pytest.raises(InvalidValue) as caught:
        BrandChanges.of({"colour": "red", "name": "Acme", "bogus": 1})
    assert caught.value.message == "unknown fields: ['bogus', 'colour']"
    assert caught.value.field == "bogus"


def test_a_task_input_keeps_its_shape_with_the_changes_as_one_object() -> None:
    payload = {
        "input": {
            "brand_id": str(BRAND),
            "changes": {"slug": "acme", "voice": {"tone": ["warm"]}},
            "expected_version": 3,
        }
    }
    command = decode(payload, UpdateBrand, anonymous=True).command
    assert command == UpdateBrand(
        brand_id=BRAND,
        changes=BrandChanges(slug="acme", voice={"tone": ["warm"]}),
        expected_version=3,
    )


def test_a_task_input_with_an_unknown_field_fails_with_the_brand_error() -> None:
    payload = {"input": {"brand_id": str(BRAND), "changes": {"colour": "red"}}}
    with pytest.raises(InvalidValue, match=r"unknown fields: \['colour'\]"):
        decode(payload, UpdateBrand, anonymous=True)
