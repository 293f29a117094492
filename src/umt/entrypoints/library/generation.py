"""``platform.generation`` (as /api/v1/brands/{id}/generate and /api/v1/generation).

``variants`` runs GenerateVariants in this process whatever the number asked for (over HTTP
more than one short variant becomes a job; here the caller awaits the result, or hands
``content.generate_variants`` to ``platform.jobs`` to run it on an agent). Each variant is
stored as a draft piece (``VariantView.content_id``). The organization's monthly budget
applies either way: ``GenerationBudgetExhausted`` when it is spent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from umt.application.content.generation.channel_limits import GetChannelLimits
from umt.application.content.generation.check_compliance import CheckCompliance
from umt.application.content.generation.generate_content import GenerateContent
from umt.application.content.generation.generate_variants import GenerateVariants
from umt.application.content.generation.results import GenerationResult
from umt.application.content.generation.usage_queries import (
    BudgetView,
    GetGenerationBudget,
    GetGenerationUsage,
    SetGenerationBudget,
    UsageView,
)
from umt.application.shared.inputs import enum_value
from umt.domain.brand.channels import Channel
from umt.domain.content.compliance.limits import ChannelLimits
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import ContentType, Draft
from umt.entrypoints.library.session import BusApi, Session


class GenerationApi(BusApi):
    """On-brand drafts from the configured generator, compliance checks, usage and budget.
    What it returns are frozen results already; the drafts it stores are read back through
    ``platform.content``."""

    async def variants(  # one keyword per field of the request
        self,
        session: Session,
        brand_id: UUID,
        *,
        topic: str,
        content_type: ContentType | str,
        channel: Channel | str,
        n: int = 3,
        audience_id: UUID | None = None,
        project_id: UUID | None = None,
        key_points: Sequence[str] = (),
        template: str | None = None,
        template_id: UUID | None = None,
        template_variables: Mapping[str, str] | None = None,
        locale: str = "en",
        seed: int | None = None,
    ) -> GenerationResult:
        """``n`` ranked variants, best first, near duplicates removed, each with its
        compliance report, score and stored draft piece (``content:generate``)."""
        command = GenerateVariants(
            brand_id=brand_id,
            topic=topic,
            content_type=enum_value(ContentType, content_type, "content_type"),
            channel=enum_value(Channel, channel, "channel"),
            n=n,
            audience_id=audience_id,
            project_id=project_id,
            key_points=tuple(key_points),
            template=template,
            template_id=template_id,
            template_variables=dict(template_variables or {}),
            locale=locale,
            seed=seed,
        )
        return await self._ask(session, command, GenerationResult)

    async def content(  # one keyword per field of the request
        self,
        session: Session,
        brand_id: UUID,
        *,
        topic: str,
        content_type: ContentType | str,
        channel: Channel | str,
        audience_id: UUID | None = None,
        project_id: UUID | None = None,
        key_points: Sequence[str] = (),
        template: str | None = None,
        template_id: UUID | None = None,
        template_variables: Mapping[str, str] | None = None,
        locale: str = "en",
        seed: int | None = None,
    ) -> GenerationResult:
        """One draft (GenerateContent): the same pipeline as ``variants`` with ``n=1``."""
        command = GenerateContent(
            brand_id=brand_id,
            topic=topic,
            content_type=enum_value(ContentType, content_type, "content_type"),
            channel=enum_value(Channel, channel, "channel"),
            audience_id=audience_id,
            project_id=project_id,
            key_points=tuple(key_points),
            template=template,
            template_id=template_id,
            template_variables=dict(template_variables or {}),
            locale=locale,
            seed=seed,
        )
        return await self._ask(session, command, GenerationResult)

    async def check_compliance(
        self, session: Session, brand_id: UUID, draft: Draft
    ) -> ComplianceReport:
        """Check a draft against the brand's voice and its channel's limits
        (``content:read``); nothing is stored."""
        query = CheckCompliance(brand_id=brand_id, draft=draft)
        return await self._ask(session, query, ComplianceReport)

    async def channel_limits(
        self, session: Session, content_type: ContentType | str | None = None
    ) -> list[ChannelLimits]:
        """The length limits the compliance check enforces, for every channel: of
        ``content_type``, or of every content type (``content:read``)."""
        kind = (
            None if content_type is None else enum_value(ContentType, content_type, "content_type")
        )
        return await self._ask(session, GetChannelLimits(content_type=kind), list[ChannelLimits])

    async def usage(self, session: Session) -> UsageView:
        """This month's generation usage: totals, per model, and the budget left."""
        return await self._ask(session, GetGenerationUsage(), UsageView)

    async def budget(self, session: Session) -> BudgetView:
        """The organization's monthly budget (its own, or the default from settings)."""
        return await self._ask(session, GetGenerationBudget(), BudgetView)

    async def set_budget(
        self,
        session: Session,
        *,
        token_limit: int | None = None,
        cost_limit_usd: float | None = None,
    ) -> BudgetView:
        """Set the monthly limits (``organization:manage``); neither given returns the
        organization to the default budget."""
        command = SetGenerationBudget(
            token_limit=token_limit,
            cost_limit_usd=cost_limit_usd,
            use_default=token_limit is None and cost_limit_usd is None,
        )
        return await self._ask(session, command, BudgetView)
