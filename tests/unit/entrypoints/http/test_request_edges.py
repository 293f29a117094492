"""Requests at the edges of what the HTTP layer reads: bodies nested too deep, cut short or of
another media type, and path ids that are not ids. Each is a 4xx problem+json that says what is
wrong and where; none is a 500 or a traceback in the logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.unit.entrypoints.http.helpers import API, Account, World, assert_problem

Client = TestClient[Litestar]
JSON = {"content-type": "application/json"}
DEEP = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECTS = b'{"a":' * 10_000 + b"1" + b"}" * 10_000


class Records(logging.Handler):
    """Every log record emitted while installed on the root logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Iterator[list[logging.LogRecord]]:
    handler = Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)


def _deep_targets(world: World) -> list[str]:
    return [
        f"{API}/brands",
        f"{API}/experiments/{world.brand_id}/events",  # the body is read before the id is looked up
        f"{API}/jobs",
        f"{API}/auth/token",  # anonymous
    ]


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECTS], ids=["arrays", "objects"])
def test_json_nested_ten_thousand_deep_is_a_400_with_one_log_line(
    shared_client: Client,
    shared_world: World,
    records: list[logging.LogRecord],
    body: bytes,
) -> None:
    for path in _deep_targets(shared_world):
        records.clear()
        headers = {**JSON, **shared_world.account.headers}
        if path.endswith("/auth/token"):
            headers = JSON
        response = shared_client.post(path, content=body, headers=headers)
        problem = assert_problem(response, 400, "malformed_body")
        assert "nested" in problem["detail"], problem
        ours = [r for r in records if r.levelno >= logging.INFO]
        assert len(ours) == 1, [r.getMessage() for r in ours]
        assert ours[0].exc_info is None
        assert "\n" not in ours[0].getMessage()


def test_json_nested_deep_but_within_the_decoder_is_refused_the_same(
    shared_client: Client, shared_world: World
) -> None:
    """Depth is bounded by a number, not by how much stack the decoder had left."""
    body = b"[" * 300 + b"]" * 300
    response = shared_client.post(
        f"{API}/jobs", content=body, headers={**JSON, **shared_world.account.headers}
    )
    problem = assert_problem(response, 400, "malformed_body")
    assert "nested" in problem["detail"]


def test_json_cut_short_names_the_position(shared_client: Client, shared_owner: Account) -> None:
    body = b'{"name": "x"'
    response = shared_client.post(
        f"{API}/brands", content=body, headers={**JSON, **shared_owner.headers}
    )
    problem = assert_problem(response, 400, "malformed_body")
    assert f"byte {len(body)}" in problem["detail"], problem


def test_json_malformed_names_the_position(shared_client: Client, shared_owner: Account) -> None:
    response = shared_client.post(
        f"{API}/brands", content=b'{"name": x}', headers={**JSON, **shared_owner.headers}
    )
    problem = assert_problem(response, 400, "malformed_body")
    assert "byte 9" in problem["detail"], problem


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_a_body_of_another_media_type_is_a_415_naming_json(
    shared_client: Client, shared_owner: Account, content_type: str
) -> None:
    before = shared_client.get(f"{API}/brands", headers=shared_owner.headers).json()
    response = shared_client.post(
        f"{API}/brands",
        content=b'{"name": "Plain text brand"}',
        headers={"content-type": content_type, **shared_owner.headers},
    )
    problem = assert_problem(response, 415, "unsupported_media_type")
    assert "application/json" in problem["detail"], problem
    assert content_type in problem["detail"], problem
    assert shared_client.get(f"{API}/brands", headers=shared_owner.headers).json() == before


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"]
)
def test_json_media_types_are_read(
    shared_client: Client, shared_owner: Account, content_type: str
) -> None:
    response = shared_client.post(
        f"{API}/auth/token",
        content=b'{"email": "nobody@example.com", "password": "wrong password!"}',
        headers={"content-type": content_type},
    )
    assert_problem(response, 401, "authentication_failed")


@pytest.mark.parametrize(
    ("path", "parameter", "expected"),
    [
        (f"{API}/brands/not-a-uuid", "brand_id", "UUID"),
        (f"{API}/brands/{{brand_id}}/audiences/42", "audience_id", "UUID"),
        (f"{API}/content/{{content_id}}/versions/first", "number", "integer"),
    ],
)
def test_a_malformed_path_id_names_the_parameter_and_its_format(
    shared_client: Client, shared_world: World, path: str, parameter: str, expected: str
) -> None:
    url = path.format(**shared_world.ids())
    response = shared_client.get(url, headers=shared_world.account.headers)
    problem = assert_problem(response, 404, "invalid_path_parameter")
    assert problem["errors"][0]["field"] == parameter, problem
    assert expected in problem["errors"][0]["message"], problem
    assert parameter in problem["detail"], problem


def test_an_unknown_route_is_still_route_not_found(
    shared_client: Client, shared_owner: Account
) -> None:
    response = shared_client.get(f"{API}/no-such-thing/42", headers=shared_owner.headers)
    assert_problem(response, 404, "route_not_found")
