"""The arms of an experiment show content of its brand: checked when a draft is created or its
arms change, so that a concluded experiment has a version to promote (see promotion.py)."""

from __future__ import annotations

from collections.abc import Sequence

from umt.domain.experiments.design import Arm
from umt.domain.experiments.errors import ExperimentInvalid
from umt.domain.shared.ids import BrandId, ContentId, OrganizationId
from umt.ports.unit_of_work import UnitOfWork


async def check_arm_content(
    uow: UnitOfWork, organization_id: OrganizationId, brand_id: BrandId, arms: Sequence[Arm]
) -> None:
    """Each arm names a piece of the brand (absent, another organization's or another brand's:
    the same 422) and, when it names one, a version that piece has; a version id and a
    number together must name the same version."""
    for i, arm in enumerate(arms):
        piece = await uow.content.get(organization_id, ContentId(arm.content_id))
        if piece is None or piece.brand_id != brand_id:
            raise ExperimentInvalid(
                f"the brand has no content {arm.content_id}", field=f"arms[{i}].content_id"
            )
        by_id = None
        if arm.content_version_id is not None:
            by_id = next((v for v in piece.versions if v.id == arm.content_version_id), None)
            if by_id is None:
                raise ExperimentInvalid(
                    f"content {piece.id} has no version {arm.content_version_id}",
                    field=f"arms[{i}].content_version_id",
                )
        if arm.content_version is not None:
            if arm.content_version > piece.current_version:
                raise ExperimentInvalid(
                    f"content {piece.id} has versions 1 to {piece.current_version}",
                    field=f"arms[{i}].content_version",
                )
            if by_id is not None and by_id.number != arm.content_version:
                raise ExperimentInvalid(
                    f"version {arm.content_version_id} is number {by_id.number},"
                    f" not {arm.content_version}",
                    field=f"arms[{i}].content_version",
                )
