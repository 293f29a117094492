"""``POST /api/v1/publications/{id}/reconcile``: look a publication's post up by our
reference (never sends anything); ``POST /api/v1/publications/{id}/take-down``: delete a
published post on its platform."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK

from umt.application.publishing_dispatch.engine import PublishReport
from umt.application.publishing_dispatch.reconcile_publication import ReconcilePublication
from umt.application.publishing_dispatch.take_down_publication import TakeDownPublication
from umt.domain.integration.errors import PlatformError
from umt.domain.publishing.publication import Publication
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import required_version
from umt.entrypoints.http.integrations.controllers import platform_error_handler
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
    problem_spec,
)
from umt.entrypoints.http.publishing.answers import publication_response
from umt.entrypoints.http.publishing_dispatch.examples import RECONCILE_200, TAKEN_DOWN_OK
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.publishing import PublicationOut
from umt.entrypoints.http.schemas.publishing_dispatch import ReconcileOut, reconcile_out


class ReconcileController(Controller):
    path = "/api/v1/publications"
    tags = ["publications"]
    security = BEARER
    exception_handlers = {PlatformError: platform_error_handler}

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

    @post(
        "/{publication_id:uuid}/take-down",
        status_code=HTTP_200_OK,
        summary="Take a published post down: delete it on its platform (If-Match)",
        description=(
            "Deletes the post of a `published` publication on its platform, then records it "
            "`taken_down` (its remote id stays) and sends `publication.taken_down`. A post "
            "already gone on the platform counts as taken down. Asking again for one taken "
            "down answers it as it is (nothing is called). Any other status is a 409. The "
            "platform's refusals are problems naming the typed reason (`reason: "
            "token_expired` in the detail): an expired or refused grant (400; the "
            "integration is marked `needs_reauth`), its rate limit (429 with Retry-After), "
            "the platform unreachable or its answer lost (503: taking it down again is safe), "
            "a refusal (400: Instagram's API cannot delete media)."
        ),
        operation_class=TAKEN_DOWN_OK,
        responses={
            **VERSIONED_ERRORS,
            429: problem_spec("The platform's rate limit: try again after Retry-After"),
            503: problem_spec("The platform could not be reached, or its answer was lost"),
        },
        response_headers=ETAG_HEADERS,
        opt=requires_for(TakeDownPublication),
    )
    async def take_down(
        self,
        publication_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[PublicationOut]:
        command = TakeDownPublication(
            publication_id=publication_id, expected_version=required_version(if_match)
        )
        return publication_response(await bus.ask(command, Publication, principal))
