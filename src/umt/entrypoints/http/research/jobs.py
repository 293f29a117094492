"""A checked research request handed to the content-strategy agent: 202 with the job."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.status_codes import HTTP_202_ACCEPTED

from umt.application.agents.jobs import JobDispatcher, SubmitJob
from umt.application.log_context import current_trace_id
from umt.application.principal import Principal
from umt.entrypoints.http.schemas.jobs import JobOut, job_out


async def job_accepted(
    request: Request[Any, Any, Any],
    principal: Principal,
    task_type: str,
    payload: dict[str, Any],
    timeout_seconds: int,
) -> Response[JobOut]:
    """Submit ``task_type`` with ``payload`` as a job; 202, its Location the job's URL."""
    dispatcher: JobDispatcher = request.app.state.job_dispatcher
    job = await dispatcher.submit(
        principal,
        SubmitJob(
            task_type=task_type,
            input=payload,
            timeout_seconds=timeout_seconds,
            trace_id=current_trace_id(),
        ),
    )
    return Response(
        job_out(job),
        status_code=HTTP_202_ACCEPTED,
        headers={"Location": f"/api/v1/jobs/{job.id}"},
    )
