"""RecordConversionPaths: a brand's conversion paths from a JSON batch or a CSV upload.

A batch is all-or-nothing: every bad value is listed (``PathsRejected``, a 422) and nothing is
stored then. It is idempotent by path key: a path already stored with the same touchpoints,
conversion and value is skipped (counted in ``already_stored``), one stored with different
content is a bad row (a key names one journey; a correction is a new key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from umt.application.agents.names import Agent
from umt.application.attribution.path_rows import GivenPath, paths_from_csv, paths_from_json
from umt.application.services import Context
from umt.application.shared.brands import brand_summary
from umt.application.use_case import UseCase
from umt.domain.attribution.errors import PathsRejected, RowProblem
from umt.domain.identity.permissions import Permission
from umt.domain.shared.errors import InvalidValue
from umt.ports.clock import Clock


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordConversionPaths:
    use_case: ClassVar = UseCase(
        Permission.ANALYTICS_MANAGE, task="attribution.ingest", agent=Agent.CONTENT_STRATEGY
    )
    brand_id: UUID
    paths: Sequence[Mapping[str, Any]] | None = None  # JSON objects ...
    csv: str | None = None  # ... or CSV text with a header (one row per touchpoint)


@dataclass(frozen=True, slots=True)
class PathsRecorded:
    stored: int  # new paths
    already_stored: int  # resent with the same content: skipped


async def record_conversion_paths(
    cmd: RecordConversionPaths, ctx: Context, *, clock: Clock
) -> PathsRecorded:
    actor = ctx.actor()
    actor.require(RecordConversionPaths.use_case.permission)
    if (cmd.csv is None) == (cmd.paths is None):
        raise InvalidValue("give either paths or csv", field="paths")
    given = paths_from_csv(cmd.csv) if cmd.csv is not None else paths_from_json(cmd.paths or ())
    unique, problems = _unique(given)
    async with ctx.uow as uow:
        brand = await brand_summary(uow, actor, cmd.brand_id)
        stored = await uow.conversion_paths.fingerprints(
            actor.organization_id, brand.id, [g.path.key for g in unique]
        )
        new = [g.path for g in unique if g.path.key not in stored]
        problems += [
            RowProblem(g.field, "the path key is stored already with other touchpoints")
            for g in unique
            if g.path.key in stored and stored[g.path.key] != g.path.fingerprint
        ]
        if problems:
            raise PathsRejected(problems)
        await uow.conversion_paths.add(
            actor.organization_id, brand.id, new, recorded_at=clock.now()
        )
        await uow.commit()
    return PathsRecorded(stored=len(new), already_stored=len(unique) - len(new))


def _unique(given: Sequence[GivenPath]) -> tuple[list[GivenPath], list[RowProblem]]:
    """Each key once; a key given twice with different content is a problem."""
    seen: dict[str, GivenPath] = {}
    problems: list[RowProblem] = []
    for one in given:
        first = seen.setdefault(one.path.key, one)
        if first is not one and first.path.fingerprint != one.path.fingerprint:
            problems.append(
                RowProblem(
                    one.field,
                    f"the key is given twice with different touchpoints (first at {first.field})",
                )
            )
    return list(seen.values()), problems
