"""Router packages: each mounts its controllers and maps its own errors to problems, and the
application collects them from one list, so a controller or a mapping cannot go missing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.testing import create_test_client

import umt.entrypoints.http as http_package
from umt.domain.shared.errors import DomainError, InvalidValue, NotFound
from umt.entrypoints.http.app import ROUTERS
from umt.entrypoints.http.domain_problems import ProblemMapping
from umt.entrypoints.http.routers import ContextRouter, exception_handlers, route_handlers
from umt.entrypoints.http.schemas.common import FieldError


class Throttled(DomainError):
    code = "throttled"
    retry_after_seconds = 7


class ThrottledHarder(Throttled):
    code = "throttled_harder"


class BatchInvalid(InvalidValue):
    code = "batch_invalid"


class Unmapped(DomainError):
    code = "unmapped"


class MissingThing(NotFound):
    code = "missing_thing"


RAISED: dict[str, DomainError] = {
    "throttled": Throttled("slow down"),
    "throttled-harder": ThrottledHarder("slower"),
    "batch": BatchInvalid("bad batch"),
    "unmapped": Unmapped("no mapping"),
    "missing": MissingThing("gone", field="thing_id"),
}


@get("/raise/{name:str}")
async def raise_named(name: FromPath[str]) -> None:
    raise RAISED[name]


ROUTER = ContextRouter(
    route_handlers=(raise_named,),
    problems=(
        ProblemMapping(Throttled, 429, retry_after=lambda exc: exc.retry_after_seconds),
        ProblemMapping(
            BatchInvalid,
            field_errors=lambda exc: [FieldError(field="events[0]", message=exc.message)],
        ),
    ),
)


@pytest.mark.parametrize(
    ("name", "status", "retry_after", "errors"),
    [
        ("throttled", 429, "7", []),
        # a subclass without its own mapping answers as its nearest mapped base
        ("throttled-harder", 429, "7", []),
        # a mapping without a status keeps the base class's (InvalidValue: 422)
        ("batch", 422, None, [{"field": "events[0]", "message": "bad batch"}]),
        # the shared kernel's mappings still answer; the default details name the field
        ("missing", 404, None, [{"field": "thing_id", "message": "gone"}]),
        ("unmapped", 400, None, []),
    ],
)
def test_a_routers_mappings_answer_its_errors(
    name: str, status: int, retry_after: str | None, errors: list[dict[str, str]]
) -> None:
    with create_test_client(
        route_handlers=route_handlers([ROUTER]), exception_handlers=exception_handlers([ROUTER])
    ) as client:
        response = client.get(f"/raise/{name}")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers.get("retry-after") == retry_after
    body = response.json()
    assert body["code"] == RAISED[name].code
    assert body.get("errors", []) == errors


def test_an_error_mapped_by_two_routers_fails_at_start_up() -> None:
    twice = ContextRouter(route_handlers=(), problems=(ProblemMapping(Throttled, 503),))
    with pytest.raises(ValueError, match="Throttled is mapped to a problem twice"):
        exception_handlers([ROUTER, twice])


def test_an_exception_handled_by_two_routers_fails_at_start_up() -> None:
    def handler(request: Request[object, object, object], exc: Exception) -> Response[bytes]:
        raise AssertionError("never called")

    first = ContextRouter(route_handlers=(), exception_handlers={KeyError: handler})
    second = ContextRouter(route_handlers=(), exception_handlers={KeyError: handler})
    with pytest.raises(ValueError, match="two routers handle KeyError"):
        exception_handlers([first, second])


def _controllers_in_router_packages() -> set[type[Controller]]:
    found: set[type[Controller]] = set()
    for info in pkgutil.walk_packages(http_package.__path__, f"{http_package.__name__}."):
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Controller) and value.__module__ == info.name:
                found.add(value)
    return found


def test_every_controller_is_mounted_exactly_once() -> None:
    mounted = route_handlers(ROUTERS)
    controllers = _controllers_in_router_packages()
    assert controllers, "no controllers found: the walk is broken"
    assert sorted(c.__name__ for c in controllers - set(mounted)) == []
    assert len(mounted) == len(set(mounted))
