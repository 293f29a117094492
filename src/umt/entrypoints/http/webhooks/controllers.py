"""Webhooks: platforms' deliveries in (public, verified by signature) and the organization's
subscriptions out (``webhooks:manage``: owners and admins)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from umt.application.webhooks.create_subscription import (
    CreateWebhookSubscription,
    SubscriptionWithSecret,
)
from umt.application.webhooks.delete_subscription import DeleteWebhookSubscription
from umt.application.webhooks.delivery_queries import GetWebhookDelivery, ListWebhookDeliveries
from umt.application.webhooks.receive_webhook import (
    AnswerWebhookChallenge,
    Receipt,
    ReceiveWebhook,
)
from umt.application.webhooks.replay_delivery import ReplayWebhookDelivery
from umt.application.webhooks.rotate_secret import RotateWebhookSecret
from umt.application.webhooks.subscription_queries import (
    GetWebhookSubscription,
    ListWebhookSubscriptions,
)
from umt.application.webhooks.update_subscription import UpdateWebhookSubscription
from umt.application.webhooks.verification import ChallengeAnswer, InboundRequest
from umt.domain.integration.deliveries import WebhookDelivery
from umt.domain.integration.webhooks import WebhookSubscription
from umt.entrypoints.http.dependencies import Bus, Caller
from umt.entrypoints.http.etags import etag, required_version
from umt.entrypoints.http.one_time_secrets import NO_STORE_HEADERS, secret_route
from umt.entrypoints.http.openapi import (
    BEARER,
    ETAG_HEADERS,
    PROTECTED_ERRORS,
    VERSIONED_ERRORS,
    RequiredIfMatch,
    problem_spec,
)
from umt.entrypoints.http.rules import requires_for
from umt.entrypoints.http.schemas.common import Page, given
from umt.entrypoints.http.schemas.webhooks import (
    ChallengeOut,
    DeliveryOut,
    ReceiptOut,
    SubscriptionCreate,
    SubscriptionOut,
    SubscriptionPatch,
    SubscriptionWithSecretOut,
    delivery_out,
    subscription_out,
    subscription_with_secret_out,
)

PUBLIC = {"public": True}
INBOUND_ERRORS = {
    400: problem_spec("The request is malformed"),
    401: problem_spec("The signature (or URL secret) is missing, invalid or outside the window"),
    404: problem_spec("umt takes no webhooks from this platform, or none is configured"),
    413: problem_spec("The body is larger than the configured limit"),
    415: problem_spec("The body's Content-Type is not one this platform sends"),
    422: problem_spec("The request breaks the schema (a malformed parameter)"),
    429: problem_spec("Rate limited; retry after the Retry-After seconds"),
    503: problem_spec("The store is down; the platform should retry"),
}
CHALLENGE_RESPONSE = ResponseSpec(
    data_container=ChallengeOut,
    description=(
        "The platform's expected answer: X gets response_token, LinkedIn challengeCode and"
        " challengeResponse (JSON); Meta gets hub.challenge and Mailchimp 'ok' as text/plain"
    ),
    generate_examples=False,
)
Limit = Annotated[int, QueryParameter(ge=1, le=100, description="How many, newest first")]


def _inbound(request: Request[Any, Any, Any], platform: str, body: bytes) -> InboundRequest:
    return InboundRequest(
        platform=platform,
        method=request.method,
        url=str(request.url),
        headers={name.lower(): value for name, value in request.headers.items()},
        query=dict(request.query_params.items()),
        body=body,
    )


class InboundWebhookController(Controller):
    path = "/api/v1/webhooks"
    tags = ["webhooks"]

    @post(
        "/{platform:str}",
        status_code=HTTP_200_OK,
        summary="Receive a platform's webhook (verified by its signature scheme)",
        responses=INBOUND_ERRORS,
        opt=PUBLIC,
    )
    async def receive(
        self, platform: FromPath[str], request: Request[Any, Any, Any], bus: Bus
    ) -> ReceiptOut:
        body = await request.body()
        receipt = await bus.ask(ReceiveWebhook(_inbound(request, platform, body)), Receipt)
        return ReceiptOut(received=True, duplicate=receipt.duplicate)

    @get(
        "/{platform:str}",
        summary="Answer a platform's verification request (Meta, X CRC, LinkedIn, Mailchimp)",
        responses={**INBOUND_ERRORS, 200: CHALLENGE_RESPONSE},
        opt=PUBLIC,
    )
    async def challenge(
        self, platform: FromPath[str], request: Request[Any, Any, Any], bus: Bus
    ) -> Response[bytes]:
        answer = await bus.ask(
            AnswerWebhookChallenge(_inbound(request, platform, b"")), ChallengeAnswer
        )
        return Response(answer.body, media_type=answer.content_type)


def _subscription_response(
    subscription: WebhookSubscription, status: int = HTTP_200_OK
) -> Response[SubscriptionOut]:
    return Response(
        subscription_out(subscription),
        status_code=status,
        headers={"ETag": etag(subscription.version)},
    )


def _with_secret(
    created: SubscriptionWithSecret, status: int
) -> Response[SubscriptionWithSecretOut]:
    return Response(
        subscription_with_secret_out(created.subscription, created.secret),
        status_code=status,
        headers={"ETag": etag(created.subscription.version), **NO_STORE_HEADERS},
    )


class WebhookSubscriptionController(Controller):
    path = "/api/v1/webhook-subscriptions"
    tags = ["webhooks"]
    security = BEARER
    response_headers = ETAG_HEADERS

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Subscribe a URL to event types; the answer holds the signing secret, once",
        responses=PROTECTED_ERRORS,
        **secret_route(requires_for(CreateWebhookSubscription), "secret"),
    )
    async def create(
        self, data: JSONBody[SubscriptionCreate], principal: Caller, bus: Bus
    ) -> Response[SubscriptionWithSecretOut]:
        command = CreateWebhookSubscription(
            url=data.url, event_types=tuple(data.event_types), description=data.description
        )
        created = await bus.ask(command, SubscriptionWithSecret, principal)
        return _with_secret(created, HTTP_201_CREATED)

    @get(
        "/",
        summary="List the organization's webhook subscriptions",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListWebhookSubscriptions),
    )
    async def list_subscriptions(self, principal: Caller, bus: Bus) -> Page[SubscriptionOut]:
        found = await bus.ask(ListWebhookSubscriptions(), list[WebhookSubscription], principal)
        return Page(items=[subscription_out(s) for s in found])

    @get(
        "/{subscription_id:uuid}",
        summary="Get a webhook subscription",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetWebhookSubscription),
    )
    async def get_subscription(
        self, subscription_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[SubscriptionOut]:
        query = GetWebhookSubscription(subscription_id)
        return _subscription_response(await bus.ask(query, WebhookSubscription, principal))

    @patch(
        "/{subscription_id:uuid}",
        summary="Change the URL, event types, description, or pause it (active)",
        responses=VERSIONED_ERRORS,
        opt=requires_for(UpdateWebhookSubscription),
    )
    async def update(
        self,
        subscription_id: FromPath[UUID],
        data: JSONBody[SubscriptionPatch],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> Response[SubscriptionOut]:
        command = UpdateWebhookSubscription(
            subscription_id=subscription_id,
            changes=given(data),
            expected_version=required_version(if_match),
        )
        return _subscription_response(await bus.ask(command, WebhookSubscription, principal))

    @delete(
        "/{subscription_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a webhook subscription and its delivery history",
        responses=VERSIONED_ERRORS,
        opt=requires_for(DeleteWebhookSubscription),
    )
    async def remove(
        self,
        subscription_id: FromPath[UUID],
        principal: Caller,
        bus: Bus,
        if_match: RequiredIfMatch = None,
    ) -> None:
        command = DeleteWebhookSubscription(
            subscription_id, expected_version=required_version(if_match)
        )
        await bus.execute(command, principal)

    @post(
        "/{subscription_id:uuid}/rotate-secret",
        status_code=HTTP_200_OK,
        summary="Replace the signing secret; the answer holds the new one, once",
        responses=PROTECTED_ERRORS,
        **secret_route(requires_for(RotateWebhookSecret), "secret"),
    )
    async def rotate_secret(
        self, subscription_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[SubscriptionWithSecretOut]:
        rotated = await bus.ask(
            RotateWebhookSecret(subscription_id), SubscriptionWithSecret, principal
        )
        return _with_secret(rotated, HTTP_200_OK)

    @get(
        "/{subscription_id:uuid}/deliveries",
        summary="The subscription's newest deliveries, each with its attempts",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ListWebhookDeliveries),
    )
    async def deliveries(
        self, subscription_id: FromPath[UUID], principal: Caller, bus: Bus, limit: Limit = 50
    ) -> Page[DeliveryOut]:
        query = ListWebhookDeliveries(subscription_id, limit)
        found = await bus.ask(query, list[WebhookDelivery], principal)
        return Page(items=[delivery_out(d) for d in found])


class WebhookDeliveryController(Controller):
    path = "/api/v1/webhook-deliveries"
    tags = ["webhooks"]
    security = BEARER

    @get(
        "/{delivery_id:uuid}",
        summary="Get a delivery with its attempts",
        responses=PROTECTED_ERRORS,
        opt=requires_for(GetWebhookDelivery),
    )
    async def get_delivery(
        self, delivery_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> DeliveryOut:
        found = await bus.ask(GetWebhookDelivery(delivery_id), WebhookDelivery, principal)
        return delivery_out(found)

    @post(
        "/{delivery_id:uuid}/replay",
        status_code=HTTP_201_CREATED,
        summary="Send the delivery's event again, as a new delivery",
        responses=PROTECTED_ERRORS,
        opt=requires_for(ReplayWebhookDelivery),
    )
    async def replay(
        self, delivery_id: FromPath[UUID], principal: Caller, bus: Bus
    ) -> Response[DeliveryOut]:
        replay = await bus.ask(ReplayWebhookDelivery(delivery_id), WebhookDelivery, principal)
        return Response(
            delivery_out(replay),
            status_code=HTTP_201_CREATED,
            headers={"Location": f"/api/v1/webhook-deliveries/{replay.id}"},
        )
