"""Jobs (work handed to agents) and the agents serving them."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from umt.application.agents.errors import TaskRejected
from umt.entrypoints.http.agents.controllers import AgentController, JobController
from umt.entrypoints.http.problems import problem_response
from umt.entrypoints.http.routers import ContextRouter


def task_rejected_handler(request: Request[Any, Any, Any], exc: TaskRejected) -> Response[bytes]:
    """A task no agent can take (unknown type, invalid payload): 422 with the agents' code."""
    return problem_response(request, status=422, code=exc.code, detail=exc.message)


router = ContextRouter(
    route_handlers=(JobController, AgentController),
    exception_handlers={TaskRejected: task_rejected_handler},
)
