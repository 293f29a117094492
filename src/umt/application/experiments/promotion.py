"""Promotion: when an experiment concludes with a winner, the winning content version becomes
its piece's current version (see docs/experiments.md, "Promotion").

It runs inside the conclusion's unit of work, by the use cases that conclude (the stopping rule
in ``analyze_experiment``, a person in ``conclude_experiment``): the piece's new version, its
``content.promoted`` event, the experiment's conclusion and ``experiment.concluded`` commit
together or not at all. A conclusion happens once (a concluded experiment cannot conclude
again, and a concurrent one loses on the experiment's version), so the promotion does too;
``ContentPiece.promote`` is idempotent per experiment besides.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from umt.domain.content.errors import ContentIsLocked, VersionNotFound
from umt.domain.content.piece import ContentPiece
from umt.domain.content.version import Author, ContentVersion
from umt.domain.experiments.design import Arm
from umt.domain.experiments.experiment import Experiment
from umt.domain.shared.ids import ContentId, ContentVersionId
from umt.ports.id_generator import IdGenerator
from umt.ports.unit_of_work import UnitOfWork

PROMOTING_AGENT = "content-creation"


def winning_version(piece: ContentPiece, arm: Arm) -> ContentVersion:
    """The version the arm showed: by id, else by number, else the piece's current one."""
    if arm.content_version_id is not None:
        for version in piece.versions:
            if version.id == arm.content_version_id:
                return version
        raise VersionNotFound(
            f"content {piece.id} has no version {arm.content_version_id}", field="arms"
        )
    if arm.content_version is not None:
        return piece.version_numbered(arm.content_version)
    return piece.current


async def promote_winner(
    uow: UnitOfWork,
    experiment: Experiment,
    winner: str,
    *,
    ids: IdGenerator,
    now: datetime,
) -> dict[str, Any]:
    """Promote ``winner``'s version in ``uow`` (saved, not committed) and describe what
    happened, for the experiment's result: ``promoted`` (``number`` is the piece's current
    version, ``copied`` whether a new version was made) or ``skipped`` with the reason (the
    piece is gone, its version is gone, or the piece is locked): a conclusion never fails
    for its promotion."""
    arm = experiment.arm(winner)
    record: dict[str, Any] = {"arm": arm.name, "content_id": str(arm.content_id)}
    piece = await uow.content.get(experiment.organization_id, ContentId(arm.content_id))
    if piece is None or piece.brand_id != experiment.brand_id:
        return {**record, "status": "skipped", "reason": "the content piece does not exist"}
    try:
        winning = winning_version(piece, arm)
        copied = piece.promote(
            experiment_id=experiment.id,
            arm=arm.name,
            number=winning.number,
            version_id=ContentVersionId(ids.new_id()),
            author=Author.named_agent(PROMOTING_AGENT),
            now=now,
        )
    except (VersionNotFound, ContentIsLocked) as exc:
        return {**record, "status": "skipped", "reason": exc.message}
    await uow.content.save(piece)
    return {
        **record,
        "status": "promoted",
        "winning_version": winning.number,
        "number": piece.current_version,
        "version_id": str(piece.current.id),
        "copied": copied is not None,
    }
