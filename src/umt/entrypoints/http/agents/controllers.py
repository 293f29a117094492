"""Jobs (work handed to agents, answered 202) and the agents serving them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED

from umt.application.agents.directory import AgentDirectory
from umt.application.agents.jobs import JobDispatcher, SubmitJob
from umt.application.log_context import current_trace_id
from umt.domain.identity.permissions import Permission
from umt.entrypoints.http.dependencies import Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.rules import requires
from umt.entrypoints.http.schemas.jobs import AgentList, JobCreate, JobOut, agent_out, job_out


def _dispatcher(state: State) -> JobDispatcher:
    dispatcher: JobDispatcher = state.job_dispatcher
    return dispatcher


class JobController(Controller):
    path = "/api/v1/jobs"
    tags = ["jobs"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_202_ACCEPTED,
        summary="Hand a task to the agent that serves it; poll the job for its outcome",
        responses=PROTECTED_ERRORS,
        opt=requires(Permission.ORGANIZATION_READ, task_permission=True),
    )
    async def submit(
        self, data: JSONBody[JobCreate], principal: Caller, request: Request[Any, Any, Any]
    ) -> Response[JobOut]:
        job = await _dispatcher(request.app.state).submit(
            principal,
            SubmitJob(
                task_type=data.task_type,
                input=data.input,
                priority=data.priority,
                timeout_seconds=data.timeout_seconds,
                trace_id=current_trace_id(),
            ),
        )
        return Response(
            job_out(job),
            status_code=HTTP_202_ACCEPTED,
            headers={"Location": f"/api/v1/jobs/{job.id}"},
        )

    @get(
        "/{job_id:uuid}",
        summary="A job: status, and its result or error",
        responses=PROTECTED_ERRORS,
        opt=requires(Permission.ORGANIZATION_READ),
    )
    async def get_job(
        self, job_id: FromPath[UUID], principal: Caller, request: Request[Any, Any, Any]
    ) -> JobOut:
        return job_out(await _dispatcher(request.app.state).get(principal, job_id))


class AgentController(Controller):
    path = "/api/v1/agents"
    tags = ["agents"]
    security = BEARER

    @get(
        "/",
        summary="The agents: instances, last heartbeat, status and load",
        responses=PROTECTED_ERRORS,
        opt=requires(Permission.ORGANIZATION_READ),
    )
    async def list_agents(self, principal: Caller, request: Request[Any, Any, Any]) -> AgentList:
        principal.require(Permission.ORGANIZATION_READ)
        directory: AgentDirectory = request.app.state.agent_directory
        return AgentList(items=[agent_out(view) for view in directory.agents()])
