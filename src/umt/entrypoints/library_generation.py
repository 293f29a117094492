"""The library facade of generation: ``platform.generation``.

``variants`` runs GenerateVariants in this process whatever the number asked for (over HTTP
more than one short variant becomes a job; here the caller awaits the result, or hands
``content.generate_variants`` to ``platform.jobs`` to run it on an agent). Each variant is
stored as a draft piece (``VariantView.content_id``). The organization's monthly budget
applies either way: ``GenerationBudgetExhausted`` when it is spent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from umt.application.bus import MessageBus
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
from umt.domain.content.compliance_report import ComplianceReport
from umt.domain.content.draft import ContentType, Draft

if TYPE_CHECKING:
    from umt.entrypoints.library import Session


class GenerationApi:
    """On-brand drafts from the configured generator, compliance checks, usage and budget."""

    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

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
        result: GenerationResult = await self._bus.execute(command, session.principal)
        return result

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
        result: GenerationResult = await self._bus.execute(command, session.principal)
        return result

    async def check_compliance(
        self, session: Session, brand_id: UUID, draft: Draft
    ) -> ComplianceReport:
        """Check a draft against the brand's voice and its channel's limits
        (``content:read``); nothing is stored."""
        result: ComplianceReport = await self._bus.execute(
            CheckCompliance(brand_id=brand_id, draft=draft), session.principal
        )
        return result

    async def usage(self, session: Session) -> UsageView:
        """This month's generation usage: totals, per model, and the budget left."""
        result: UsageView = await self._bus.execute(GetGenerationUsage(), session.principal)
        return result

    async def budget(self, session: Session) -> BudgetView:
        """The organization's monthly budget (its own, or the default from settings)."""
        result: BudgetView = await self._bus.execute(GetGenerationBudget(), session.principal)
        return result

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
        result: BudgetView = await self._bus.execute(command, session.principal)
        return result
