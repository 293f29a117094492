"""``POST /api/v1/publications/{id}/reconcile``: look a publication's post up by our
reference (never sends anything)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK

from umt.application.publishing_dispatch.engine import PublishReport
from umt.application.publishing_dispatch.reconcile_publication import ReconcilePublication
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.openapi import BEARER, PROTECTED_ERRORS
from umt.entrypoints.http.publishing_dispatch.examples import RECONCILE_200
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.publishing_dispatch import ReconcileOut, reconcile_out


class ReconcileController(Controller):
    path = "/api/v1/publications"
    tags = ["publications"]
    security = BEARER

    @post(
        "/{publication_id:uuid}/reconcile",
        status_code=HTTP_200_OK,
        summary="Find out whether a publication with an unknown outcome was published",
        description=(
            "For a publication whose last attempt's outcome is unknown (a timeout, a 5xx, a "
            "dropped connection), or one stuck past its lease: its post is looked up on the "
            "platform by our reference. `reconciled`: it was published (status `published`, "
            "with the remote id). `deferred` with status `scheduled`: no such post, it is "
            "published at the scheduler's next tick. `deferred` with status "
            "`outcome_unknown`: the platform could not be asked (`detail` says why); it is "
            "looked up again later. Nothing is ever sent by this call. Any other publication "
            "is a 409 `nothing_to_reconcile`."
        ),
        responses={200: RECONCILE_200, **PROTECTED_ERRORS},
        opt=requires_for(ReconcilePublication),
    )
    async def reconcile(
        self, publication_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> ReconcileOut:
        command = ReconcilePublication(publication_id=publication_id)
        return reconcile_out(await bus.ask(command, PublishReport, principal))
