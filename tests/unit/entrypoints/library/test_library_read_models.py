"""The library hands out read models, never the aggregates its use cases change: every
method is typed end to end with frozen views, a view cannot be assigned to, and changing
what a caller holds (a view's documents, a job's result) changes nothing that is stored."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import typing
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

import umt.entrypoints.library as library
from umt.application.brand.read_models import AudienceView, CompetitorView, ProjectView
from umt.application.content.views import CommentView, ContentPieceView, ContentTemplateView
from umt.application.experiments.views import ExperimentView
from umt.application.identity.views import (
    ApiKeyView,
    InvitationView,
    MembershipView,
    OrganizationView,
    UserView,
)
from umt.application.integration.views import IntegrationView
from umt.application.webhooks.views import WebhookDeliveryView, WebhookSubscriptionView
from umt.domain.brand.audience import Audience, Competitor
from umt.domain.brand.project import Project
from umt.domain.content.piece import ContentPiece
from umt.domain.content.review import Comment
from umt.domain.content.template import ContentTemplate
from umt.domain.experiments.experiment import Experiment
from umt.domain.identity.api_key import ApiKey
from umt.domain.identity.invitation import Invitation
from umt.domain.identity.model import Membership, Organization, User
from umt.domain.integration.deliveries import WebhookDelivery
from umt.domain.integration.integration import Integration
from umt.domain.integration.webhooks import WebhookSubscription
from umt.entrypoints.container import build_container
from umt.entrypoints.library import Platform, Session
from umt.entrypoints.settings import Settings

PASSWORD = "a long enough passphrase"

VIEWS_OF: list[tuple[type, type]] = [
    (AudienceView, Audience),
    (CompetitorView, Competitor),
    (ProjectView, Project),
    (ContentPieceView, ContentPiece),
    (CommentView, Comment),
    (ContentTemplateView, ContentTemplate),
    (ExperimentView, Experiment),
    (MembershipView, Membership),
    (InvitationView, Invitation),
    (ApiKeyView, ApiKey),
    (UserView, User),
    (OrganizationView, Organization),
    (WebhookSubscriptionView, WebhookSubscription),
    (WebhookDeliveryView, WebhookDelivery),
    (IntegrationView, Integration),
]


def _facade_methods() -> Iterator[tuple[str, Any]]:
    classes: list[type] = [Platform]
    for info in pkgutil.iter_modules(library.__path__):
        module = importlib.import_module(f"{library.__name__}.{info.name}")
        classes += [
            c
            for c in vars(module).values()
            if inspect.isclass(c) and c.__module__ == module.__name__ and c.__name__.endswith("Api")
        ]
    for cls in classes:
        for name, member in inspect.getmembers(cls, inspect.iscoroutinefunction):
            if not name.startswith("_"):
                yield f"{cls.__name__}.{name}", member


def _types_in(annotation: Any) -> Iterator[Any]:
    """The annotation and what it is made of, down through generic arguments and dataclass
    fields (a JSON document's values, ``dict[str, Any]``, are data, not a type to check)."""
    seen: set[Any] = set()
    stack = [annotation]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        origin = typing.get_origin(current)
        if origin is dict:
            continue
        stack.extend(typing.get_args(current))
        target = origin or current
        if dataclasses.is_dataclass(target) and isinstance(target, type):
            stack.extend(typing.get_type_hints(target).values())


def test_every_method_returns_frozen_views_with_no_any() -> None:
    methods = dict(_facade_methods())
    assert "BrandsApi.create" in methods
    assert "ContentApi.get" in methods
    for name, method in methods.items():
        returned = typing.get_type_hints(method)["return"]
        assert returned is not Any, f"{name} returns Any"
        for part in _types_in(returned):
            target = typing.get_origin(part) or part
            if dataclasses.is_dataclass(target) and isinstance(target, type):
                assert target.__dataclass_params__.frozen, f"{name} hands out {target}"  # type: ignore[attr-defined]
                assert "__slots__" in vars(target), f"{name}: {target} has no slots"


@pytest.mark.parametrize(("view", "aggregate"), VIEWS_OF, ids=lambda t: t.__name__)
def test_a_view_names_its_fields_as_the_aggregate_does(view: type, aggregate: type) -> None:
    """So ``piece.status`` reads the same on the view as it did on the aggregate."""
    names = {f.name for f in dataclasses.fields(view)}
    assert names <= {f.name for f in dataclasses.fields(aggregate)}
    assert "events" not in names


@pytest.fixture
async def platform(tmp_path: Path) -> AsyncIterator[Platform]:
    settings = Settings(
        _env_file=None, database_url="memory://", data_dir=tmp_path, broker_url="", redis_url=""
    )
    async with Platform(build_container(settings)) as opened:
        yield opened


async def _content_and_experiment(platform: Platform, ana: Session) -> tuple[Any, Any, Any]:
    brand = await platform.brands.create(ana, name="Acme Coffee", voice={"tone": ["warm"]})
    piece = await platform.content.create(
        ana, brand.id, content_type="email", channel="email", title="Hello", body="Cold brew."
    )
    revised = await platform.content.revise(
        ana, piece.id, body="Cold brew, slowly.", expected_version=piece.version
    )
    experiment = await platform.experiments.create(
        ana,
        brand.id,
        name="Slowly",
        primary_metric={"name": "signups", "kind": "conversion"},
        arms=[
            {"name": "control", "content_id": str(piece.id), "content_version": 1},
            {"name": "slowly", "content_id": str(piece.id), "content_version": 2},
        ],
        mde={"value": 0.5, "baseline": 0.1},
    )
    return brand, revised, experiment


async def test_a_returned_view_cannot_be_assigned(platform: Platform) -> None:
    ana = await platform.register("ana@acme.example", PASSWORD, "Acme")
    brand, piece, experiment = await _content_and_experiment(platform, ana)
    project = await platform.projects.create(ana, brand.id, name="Spring", project_type="event")
    template = await platform.templates.create(
        ana, name="Launch", content_type="social_post", body="Meet our cold brew."
    )
    comment = await platform.content.comment(ana, piece.id, "Shorter?")
    for view, field in (
        (brand, "name"),
        (piece, "status"),
        (experiment, "winner"),
        (project, "name"),
        (template, "body"),
        (comment, "resolved"),
        (await platform.me(ana), "user"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(view, field, None)
    assert isinstance(piece.versions, tuple)
    assert isinstance(piece.comments, tuple)
    assert piece.current_version == 2  # what the aggregate's properties read, the view reads


async def test_changing_what_the_library_returned_changes_nothing_stored(
    platform: Platform,
) -> None:
    ana = await platform.register("ana@acme.example", PASSWORD, "Acme")
    brand, piece, experiment = await _content_and_experiment(platform, ana)
    brand.voice["tone"].append("cheap")
    experiment.result["forged"] = True
    job = await platform.jobs.submit(ana, "brand.get", brand_id=str(brand.id))
    job = await platform.jobs.wait(ana, job.id)
    assert job.result is not None
    job.result["name"] = "Forged"

    assert (await platform.brands.get(ana, brand.id)).voice["tone"] == ["warm"]
    assert (await platform.brands.list(ana)).items[0].voice["tone"] == ["warm"]
    assert "forged" not in (await platform.experiments.get(ana, experiment.id)).result
    assert (await platform.content.get(ana, piece.id)) == piece
    reread = await platform.jobs.get(ana, job.id)
    assert reread.result is not None
    assert reread.result["name"] == "Acme Coffee"
