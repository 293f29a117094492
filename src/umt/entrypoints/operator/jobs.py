"""``umt jobs list|show``: the work handed to agents, read from the job store directly
(every organization's: this is the operator's view, not a tenant's API)."""

from __future__ import annotations

import argparse
from typing import Any
from uuid import UUID

from umt.application.agents.names import Agent
from umt.entrypoints.operator.output import FAILED, OK, Output, bounded, when
from umt.ports.job_store import Job, JobQuery, JobStatus, JobStore

MAX_LIMIT = 1000


def add_jobs_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    jobs = sub.add_parser("jobs", help="jobs handed to the agents: list, show")
    actions = jobs.add_subparsers(dest="jobs_command", required=True)
    listing = actions.add_parser("list", help="the newest jobs, every organization's")
    listing.add_argument("--organization", type=UUID, help="only this organization's")
    listing.add_argument("--agent", choices=[agent.value for agent in Agent])
    listing.add_argument("--status", choices=[status.value for status in JobStatus])
    listing.add_argument(
        "--limit", type=bounded(int, 1, MAX_LIMIT), default=50, help=f"at most 1..{MAX_LIMIT}"
    )
    show = actions.add_parser("show", help="one job: status, result or error, progress")
    show.add_argument("job_id", type=UUID)
    for parser in (listing, show):
        parser.add_argument("--json", action="store_true", help="a JSON document on stdout")


async def run_jobs(store: JobStore, args: argparse.Namespace, out: Output) -> int:
    if args.jobs_command == "show":
        return await show_job(store, args.job_id, out)
    query = JobQuery(
        organization_id=args.organization,
        agent=args.agent,
        status=JobStatus(args.status) if args.status else None,
        limit=args.limit,
    )
    return await list_jobs(store, query, out)


async def list_jobs(store: JobStore, query: JobQuery, out: Output) -> int:
    found = await store.recent(query)
    if out.json_mode:
        out.document([job_document(job) for job in found])
        return OK
    if not found:
        out.say("no jobs match")
        return OK
    out.table(
        f"{len(found)} jobs (newest first)",
        ("ID", "AGENT", "TASK", "STATUS", "CREATED", "FINISHED", "ORGANIZATION"),
        [
            (
                job.id,
                job.agent,
                job.task_type,
                job.status.value,
                when(job.created_at),
                when(job.finished_at),
                job.organization_id,
            )
            for job in found
        ],
    )
    return OK


async def show_job(store: JobStore, job_id: UUID, out: Output) -> int:
    job = await store.find(job_id)
    if job is None:
        out.error(f"no job {job_id}")
        return FAILED
    document = job_document(job)
    if out.json_mode:
        out.document(document)
        return OK
    documents = ("result", "error", "progress")
    out.fields(
        f"job {job.id}",
        [(key, value) for key, value in document.items() if key not in documents],
    )
    for key in documents:
        if document[key] is not None:
            out.say(f"{key}:")
            out.console().print_json(data=document[key])
    return OK


def job_document(job: Job) -> dict[str, Any]:
    return {
        "id": str(job.id),
        "organization_id": str(job.organization_id),
        "user_id": str(job.user_id),
        "agent": job.agent,
        "task_type": job.task_type,
        "status": job.status.value,
        "created_at": job.created_at.isoformat(),
        "updated_at": job.updated_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "replays": job.replays,
        "reopened_at": job.reopened_at.isoformat() if job.reopened_at else None,
        "result": job.result,
        "error": job.error,
        "progress": job.progress,
    }
