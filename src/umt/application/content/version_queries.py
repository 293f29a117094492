"""Queries on the versions of a piece: ListVersions, GetVersion and DiffVersions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.content.loading import load_content
from umt.application.services import Context
from umt.application.shared.inputs import enum_value
from umt.application.use_case import UseCase
from umt.domain.content.diff import Granularity, VersionDiff
from umt.domain.content.version import ContentVersion
from umt.domain.identity.permissions import Permission


@dataclass(frozen=True, slots=True, kw_only=True)
class ListVersions:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="content.list_versions", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class GetVersion:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="content.get_version", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    number: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffVersions:
    use_case: ClassVar = UseCase(
        Permission.CONTENT_READ, task="content.diff", agent=Agent.CONTENT_CREATION
    )
    content_id: UUID
    from_number: int | None = None  # default: the version before ``to_number``
    to_number: int | None = None  # default: the current version
    granularity: str = "word"  # or "line"


async def list_versions(query: ListVersions, ctx: Context) -> list[ContentVersion]:
    actor = ctx.actor()
    actor.require(ListVersions.use_case.permission)
    async with ctx.uow as uow:
        piece = await load_content(uow, actor, query.content_id)
    return list(piece.versions)


async def get_version(query: GetVersion, ctx: Context) -> ContentVersion:
    actor = ctx.actor()
    actor.require(GetVersion.use_case.permission)
    async with ctx.uow as uow:
        piece = await load_content(uow, actor, query.content_id)
    return piece.version_numbered(query.number)


async def diff_versions(query: DiffVersions, ctx: Context) -> VersionDiff:
    actor = ctx.actor()
    actor.require(DiffVersions.use_case.permission)
    granularity = enum_value(Granularity, query.granularity, "granularity")
    async with ctx.uow as uow:
        piece = await load_content(uow, actor, query.content_id)
    to_number = query.to_number if query.to_number is not None else piece.current_version
    from_number = query.from_number if query.from_number is not None else max(to_number - 1, 1)
    return piece.diff(from_number, to_number, granularity)
