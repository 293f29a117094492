"""The generation use cases through the bus on the in-memory adapters."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from tests.support.services import in_memory_services
from tests.unit.application.content.generation.doubles import (
    ScriptedGenerator,
    banned_word_compliance,
    distinct_body,
)
from tests.unit.application.helpers import PASSWORD, add_member

from umt.adapters.memory.cache import InMemoryCache
from umt.adapters.memory.generation_usage import InMemoryGenerationUsage
from umt.adapters.memory.store import InMemoryStore
from umt.adapters.memory.unit_of_work import InMemoryUnitOfWork
from umt.adapters.system.clock import FixedClock
from umt.adapters.system.ids import UuidV7Generator
from umt.application.audit.entries import entry_for_event
from umt.application.brand.audiences import AddAudience
from umt.application.brand.create_brand import CreateBrand
from umt.application.bus import MessageBus
from umt.application.content.generation.check_compliance import CheckCompliance
from umt.application.content.generation.config import GenerationConfig
from umt.application.content.generation.generate_content import GenerateContent
from umt.application.content.generation.generate_variants import GenerateVariants
from umt.application.content.generation.pricing import ModelPrice, PriceTable
from umt.application.content.generation.results import GenerationResult
from umt.application.content.generation.usage_queries import (
    GetGenerationBudget,
    GetGenerationUsage,
    SetGenerationBudget,
)
from umt.application.handlers import HANDLERS
from umt.application.identity.register import Register
from umt.application.principal import Principal
from umt.domain.brand.channels import Channel
from umt.domain.content.budget import GenerationBudget, GenerationBudgetExhausted
from umt.domain.content.builtin_templates import BUILTIN_TEMPLATES
from umt.domain.content.draft import ContentType, Draft
from umt.domain.content.version import AuthorKind
from umt.domain.identity.permissions import Role
from umt.domain.shared.errors import InvalidValue, NotFound, PermissionDenied
from umt.domain.shared.ids import ContentId
from umt.ports.content_generator import GenerationRequest, TokenUsage

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class World:
    def __init__(self, *, budget: GenerationBudget | None = None) -> None:
        self.store = InMemoryStore()
        self.generator = ScriptedGenerator(
            lambda r: distinct_body(r) + (" spam" if r.seed % 3 == 0 and not r.feedback else ""),
            usage=TokenUsage(input_tokens=1_000, output_tokens=500),
        )
        self.ledger = InMemoryGenerationUsage()
        ids = UuidV7Generator()
        services = dataclasses.replace(
            in_memory_services(self.store, FixedClock(NOW)),
            content_generator=self.generator,
            generation=GenerationConfig(
                ledger=self.ledger,
                compliance=banned_word_compliance(),
                prices=PriceTable(
                    {"gpt-4o-mini": ModelPrice(input_per_million=1.0, output_per_million=2.0)}
                ),
                default_budget=budget or GenerationBudget(),
                cache=InMemoryCache(),
            ),
        )
        self.bus = MessageBus(
            uow_factory=lambda: InMemoryUnitOfWork(self.store, ids, audit=entry_for_event),
            services=services,
            handlers=HANDLERS,
        )

    async def owner(self) -> Principal:
        reg = await self.bus.execute(
            Register(email="o@acme.example", password=PASSWORD, organization_name="Acme")
        )
        return Principal.for_member(reg.account.user.id, reg.account.organization.id, Role.OWNER)

    async def brand(self, owner: Principal) -> object:
        return (
            await self.bus.execute(
                CreateBrand(name="Acme", voice={"banned_words": ["spam"], "tone": ["warm"]}),
                owner,
            )
        ).id


def variants(brand_id: object, n: int = 4, **extra: object) -> GenerateVariants:
    fields: dict[str, object] = {
        "topic": "Faster onboarding",
        "content_type": ContentType.SOCIAL_POST,
        "channel": Channel.LINKEDIN,
        "seed": 5,
        **extra,
    }
    return GenerateVariants(brand_id=brand_id, n=n, **fields)  # type: ignore[arg-type]


class TestGenerateVariants:
    async def test_ranked_variants_are_stored_as_agent_drafts_with_provenance(self) -> None:
        world = World()
        owner = await world.owner()
        brand_id = await world.brand(owner)
        result: GenerationResult = await world.bus.execute(variants(brand_id), owner)
        assert [v.rank for v in result.variants] == [1, 2, 3, 4]
        assert all(not v.needs_attention and v.compliance.passed for v in result.variants)
        assert result.cost_usd == pytest.approx(sum(v.provenance.cost_usd for v in result.variants))
        uow = InMemoryUnitOfWork(world.store, UuidV7Generator(), audit=entry_for_event)
        async with uow:
            for view in result.variants:
                assert view.content_id is not None
                piece = await uow.content.get(owner.organization_id, ContentId(view.content_id))
                assert piece is not None
                assert piece.current.author.kind is AuthorKind.AGENT
                assert piece.current.author.agent == "content-creation"
                assert piece.current.provenance is not None
                assert piece.current.provenance.cost == pytest.approx(view.provenance.cost_usd)
                assert str(result.generation_id) in piece.current.note
                assert piece.draft == view.draft

    async def test_the_audience_is_handed_to_the_generator(self) -> None:
        world = World()
        owner = await world.owner()
        brand_id = await world.brand(owner)
        audience = await world.bus.execute(
            AddAudience(brand_id=brand_id, persona_name="Ops lead"),
            owner,  # type: ignore[arg-type]
        )
        await world.bus.execute(
            GenerateContent(
                brand_id=brand_id,  # type: ignore[arg-type]
                topic="Faster onboarding",
                content_type=ContentType.SOCIAL_POST,
                channel=Channel.LINKEDIN,
                audience_id=audience.id,
            ),
            owner,
        )
        first: GenerationRequest = world.generator.requests[0]
        assert first.audience is not None
        assert first.audience.persona_name == "Ops lead"
        assert first.brand.voice.banned_words == ("spam",)

    async def test_a_stored_template_is_rendered_for_the_generator(self) -> None:
        world = World()
        owner = await world.owner()
        brand_id = await world.brand(owner)
        launch = next(t for t in BUILTIN_TEMPLATES if t.content_type is ContentType.SOCIAL_POST)
        values = {v.name: f"value of {v.name}" for v in launch.variables}
        await world.bus.execute(
            variants(brand_id, n=1, template_id=launch.id, template_variables=values), owner
        )
        template = world.generator.requests[0].template
        assert template is not None
        assert all(value in template for value in values.values())
        assert "{{" not in template
        email = next(t for t in BUILTIN_TEMPLATES if t.content_type is ContentType.EMAIL)
        with pytest.raises(InvalidValue):
            await world.bus.execute(variants(brand_id, n=1, template_id=email.id), owner)
        with pytest.raises(InvalidValue):
            await world.bus.execute(
                variants(brand_id, n=1, template_id=launch.id, template="both"), owner
            )

    async def test_an_exhausted_budget_refuses_before_any_call(self) -> None:
        world = World(budget=GenerationBudget(token_limit=1_000))
        owner = await world.owner()
        brand_id = await world.brand(owner)
        await world.bus.execute(variants(brand_id, n=1), owner)  # spends 1500 tokens
        calls = len(world.generator.requests)
        with pytest.raises(GenerationBudgetExhausted):
            await world.bus.execute(variants(brand_id, n=3, topic="Another topic"), owner)
        assert len(world.generator.requests) == calls
        usage = await world.bus.execute(GetGenerationUsage(), owner)
        assert usage.tokens == 1_500
        assert usage.tokens_remaining == 0

    async def test_a_repeated_request_is_served_from_the_cache_free(self) -> None:
        world = World()
        owner = await world.owner()
        brand_id = await world.brand(owner)
        await world.bus.execute(variants(brand_id, n=2), owner)
        calls = len(world.generator.requests)
        again: GenerationResult = await world.bus.execute(variants(brand_id, n=2), owner)
        assert len(world.generator.requests) == calls
        assert all(v.provenance.cached for v in again.variants)
        assert again.cost_usd == 0
        usage = await world.bus.execute(GetGenerationUsage(), owner)
        assert usage.cached_calls == 2

    async def test_permissions_scope_and_input_are_checked(self) -> None:
        world = World()
        owner = await world.owner()
        brand_id = await world.brand(owner)
        viewer = await add_member(world.bus, owner, "v@acme.example", Role.VIEWER)
        with pytest.raises(PermissionDenied):
            await world.bus.execute(variants(brand_id), viewer)
        other = await world.bus.execute(
            Register(email="o@globex.example", password=PASSWORD, organization_name="Globex")
        )
        stranger = Principal.for_member(
            other.account.user.id, other.account.organization.id, Role.OWNER
        )
        with pytest.raises(NotFound):
            await world.bus.execute(variants(brand_id), stranger)
        with pytest.raises(InvalidValue):
            await world.bus.execute(variants(brand_id, n=11), owner)
        assert world.generator.requests == []


class TestComplianceAndBudget:
    async def test_check_compliance_reports_against_the_brand_voice(self) -> None:
        world = World()
        owner = await world.owner()
        brand_id = await world.brand(owner)
        draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.X, body="buy spam now")
        report = await world.bus.execute(CheckCompliance(brand_id=brand_id, draft=draft), owner)  # type: ignore[arg-type]
        assert [v.code for v in report.errors] == ["banned_word"]

    async def test_check_compliance_needs_no_generation_setup(self) -> None:
        world = World()
        owner = await world.owner()
        brand_id = await world.brand(owner)
        # a bus serving the compliance check alone: the generation handlers, which need
        # generation wired, are left out (a bus with them would not start)
        world.bus = MessageBus(
            uow_factory=lambda: InMemoryUnitOfWork(
                world.store, UuidV7Generator(), audit=entry_for_event
            ),
            services=dataclasses.replace(
                in_memory_services(world.store, FixedClock(NOW)), generation=None
            ),
            handlers={CheckCompliance: HANDLERS[CheckCompliance]},
        )
        draft = Draft(content_type=ContentType.SOCIAL_POST, channel=Channel.X, body="spam deals")
        report = await world.bus.execute(CheckCompliance(brand_id=brand_id, draft=draft), owner)  # type: ignore[arg-type]
        assert "banned_word" in {v.code for v in report.errors}  # the domain's own checker

    async def test_the_budget_is_read_set_and_reset_by_a_manager_only(self) -> None:
        world = World(budget=GenerationBudget(token_limit=50_000))
        owner = await world.owner()
        admin = await add_member(world.bus, owner, "a@acme.example", Role.ADMIN)
        before = await world.bus.execute(GetGenerationBudget(), admin)
        assert (before.token_limit, before.source) == (50_000, "default")
        with pytest.raises(PermissionDenied):
            await world.bus.execute(SetGenerationBudget(token_limit=1), admin)
        own = await world.bus.execute(SetGenerationBudget(cost_limit_usd=12.5), owner)
        assert (own.token_limit, own.cost_limit_usd, own.source) == (None, 12.5, "organization")
        reset = await world.bus.execute(SetGenerationBudget(use_default=True), owner)
        assert reset.source == "default"
