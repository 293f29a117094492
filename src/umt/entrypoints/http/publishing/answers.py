"""A publication as a route answers it: its body and its version as the ETag (shared by the
calendar's routes and the publish engine's)."""

from __future__ import annotations

from litestar import Response
from litestar.status_codes import HTTP_200_OK

from umt.domain.publishing.publication import Publication
from umt.entrypoints.http.etags import etag
from umt.entrypoints.http.schemas.publishing import PublicationOut, publication_out


def publication_response(
    publication: Publication, status: int = HTTP_200_OK
) -> Response[PublicationOut]:
    return Response(
        publication_out(publication),
        status_code=status,
        headers={"ETag": etag(publication.version)},
    )
