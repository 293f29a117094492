"""Generation (variants, or a job for more than one short variant), compliance checks, and
the organization's generation usage and budget."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post, put
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from umt.application.agents.jobs import JobDispatcher, SubmitJob
from umt.application.content.generation import usage_queries as usage
from umt.application.content.generation.check_compliance import CheckCompliance
from umt.application.content.generation.generate_variants import GenerateVariants
from umt.application.content.generation.results import (
    GenerationResult,
    generation_document,
    report_document,
)
from umt.application.content.generation.usage_queries import (
    GetGenerationBudget,
    SetGenerationBudget,
)
from umt.application.log_context import current_trace_id
from umt.domain.brand.channels import Channel
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import ContentType
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS, problem_spec
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.generation import (
    BudgetIn,
    BudgetOut,
    ComplianceCheckIn,
    ComplianceReportOut,
    GenerationCreate,
    GenerationOut,
    UsageOut,
    out,
)
from umt.entrypoints.http.schemas.jobs import JobOut, job_out

# a single variant of these types is answered at once; anything more is a job (202)
SHORT_TYPES = frozenset({ContentType.SOCIAL_POST, ContentType.AD_COPY})
GENERATION_TASK = "content.generate_variants"
GENERATION_RESPONSES = {
    **PROTECTED_ERRORS,
    200: ResponseSpec(
        data_container=GenerationOut,
        # no generated examples: they are random, so the document would differ between runs
        generate_examples=False,
        description="One short variant: the generation, ranked variants with drafts, "
        "compliance reports, scores, needs_attention flags and provenance",
    ),
    202: ResponseSpec(
        data_container=JobOut,
        generate_examples=False,
        description="More than one variant, or a long content type: a job whose result is "
        "the generation (poll GET /api/v1/jobs/{id}, named by Location)",
    ),
    429: problem_spec(
        "Rate limited, or the organization's monthly generation budget is exhausted (code "
        "generation_budget_exhausted; Retry-After: seconds until the month rolls over, UTC)"
    ),
}


def answers_at_once(data: GenerationCreate) -> bool:
    return data.n == 1 and ContentType(data.content_type) in SHORT_TYPES


class GenerationController(Controller):
    path = "/api/v1/brands/{brand_id:uuid}"
    tags = ["generation"]
    security = BEARER

    @post(
        "/generations",
        status_code=HTTP_200_OK,
        summary="Generate ranked, on-brand variants (one short variant at once, else a job)",
        description="A single variant of a short type (social_post, ad_copy) answers 200 with "
        "the generation; more variants or a long type answer 202 with a job whose result is "
        "the same document. Each variant is stored as a draft piece (content_id).",
        responses=GENERATION_RESPONSES,
        opt=requires_for(GenerateVariants),
    )
    async def generate(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[GenerationCreate],
        principal: Caller,
        bus: Bus,
        request: Request[Any, Any, Any],
    ) -> Response[Any]:
        command = GenerateVariants(
            brand_id=brand_id,
            topic=data.topic,
            content_type=ContentType(data.content_type),
            channel=Channel(data.channel),
            n=data.n,
            audience_id=data.audience_id,
            project_id=data.project_id,
            key_points=tuple(data.key_points),
            template=data.template,
            template_id=data.template_id,
            template_variables=dict(data.template_variables),
            locale=data.locale,
            seed=data.seed,
        )
        if answers_at_once(data):
            result = await bus.ask(command, GenerationResult, principal)
            return Response(out(generation_document(result), GenerationOut))
        # refused at once (429) rather than as a failed job when the budget is spent
        await bus.execute(usage.CheckGenerationBudget(), principal)
        dispatcher: JobDispatcher = request.app.state.job_dispatcher
        job = await dispatcher.submit(
            principal,
            SubmitJob(
                task_type=GENERATION_TASK,
                input=_task_input(data, brand_id),
                timeout_seconds=600,
                trace_id=current_trace_id(),
            ),
        )
        return Response(
            job_out(job),
            status_code=HTTP_202_ACCEPTED,
            headers={"Location": f"/api/v1/jobs/{job.id}"},
        )

    @post(
        "/compliance-check",
        status_code=HTTP_200_OK,
        summary="Check a draft against the brand's voice and its channel's limits",
        responses=PROTECTED_ERRORS,
        opt=requires_for(CheckCompliance),
    )
    async def check(
        self,
        brand_id: FromPath[UUID],
        data: JSONBody[ComplianceCheckIn],
        principal: Caller,
        bus: Bus,
    ) -> ComplianceReportOut:
        command = CheckCompliance(brand_id=brand_id, draft=data.draft())
        report = await bus.ask(command, ComplianceReport, principal)
        result: ComplianceReportOut = out(report_document(report), ComplianceReportOut)
        return result


def _task_input(data: GenerationCreate, brand_id: UUID) -> dict[str, Any]:
    body: dict[str, Any] = {
        "brand_id": str(brand_id),
        "topic": data.topic,
        "content_type": data.content_type,
        "channel": data.channel,
        "n": data.n,
        "key_points": list(data.key_points),
        "locale": data.locale,
        "template_variables": dict(data.template_variables),
    }
    optional = {
        "audience_id": str(data.audience_id) if data.audience_id else None,
        "project_id": str(data.project_id) if data.project_id else None,
        "template": data.template,
        "template_id": str(data.template_id) if data.template_id else None,
        "seed": data.seed,
    }
    return body | {k: v for k, v in optional.items() if v is not None}


class GenerationUsageController(Controller):
    path = "/api/v1/organization"
    tags = ["generation"]
    security = BEARER

    @get(
        "/generation-usage",
        summary="This month's generation usage: totals, per model, and the budget left",
        responses=PROTECTED_ERRORS,
        opt=requires_for(usage.GetGenerationUsage),
    )
    async def usage(self, principal: Caller, bus: Bus) -> UsageOut:
        view = await bus.ask(usage.GetGenerationUsage(), usage.UsageView, principal)
        result: UsageOut = out(view, UsageOut)
        return result

    @get(
        "/generation-budget",
        summary="The organization's monthly generation budget (its own, or the default)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetGenerationBudget),
    )
    async def get_budget(self, principal: Caller, bus: Bus) -> BudgetOut:
        view = await bus.ask(usage.GetGenerationBudget(), usage.BudgetView, principal)
        result: BudgetOut = out(view, BudgetOut)
        return result

    @put(
        "/generation-budget",
        status_code=HTTP_200_OK,
        summary="Set the organization's monthly generation budget (tokens and/or USD)",
        responses=PROTECTED_ERRORS,
        opt=requires_for(SetGenerationBudget),
    )
    async def set_budget(self, data: JSONBody[BudgetIn], principal: Caller, bus: Bus) -> BudgetOut:
        both_absent = data.token_limit is None and data.cost_limit_usd is None
        command = usage.SetGenerationBudget(
            token_limit=data.token_limit,
            cost_limit_usd=data.cost_limit_usd,
            use_default=data.use_default or both_absent,
        )
        view = await bus.ask(command, usage.BudgetView, principal)
        result: BudgetOut = out(view, BudgetOut)
        return result
