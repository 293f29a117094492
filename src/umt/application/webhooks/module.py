"""The webhooks context: inbound webhooks, outbound subscriptions and their deliveries.

Its agent (auth-integration) follows every organization event: each becomes deliveries to the
organization's subscriptions (the fan-out).
"""

from __future__ import annotations

from umt.application.agents.names import Agent
from umt.application.context_module import BackgroundLoop, ContextModule, Subscription
from umt.application.webhooks import (
    create_subscription,
    delete_subscription,
    delivery_queries,
    fan_out,
    receive_webhook,
    replay_delivery,
    rotate_secret,
    subscription_queries,
    update_subscription,
)
from umt.application.webhooks.dispatcher import run_webhook_sender

MODULE = ContextModule(
    name="webhooks",
    handlers=(
        receive_webhook.receive_webhook,
        receive_webhook.answer_webhook_challenge,
        create_subscription.create_webhook_subscription,
        subscription_queries.get_webhook_subscription,
        subscription_queries.list_webhook_subscriptions,
        update_subscription.update_webhook_subscription,
        delete_subscription.delete_webhook_subscription,
        rotate_secret.rotate_webhook_secret,
        delivery_queries.list_webhook_deliveries,
        delivery_queries.get_webhook_delivery,
        replay_delivery.replay_webhook_delivery,
        fan_out.fan_out_event,
    ),
    subscriptions=(
        Subscription(Agent.AUTH_INTEGRATION, fan_out.FAN_OUT_PATTERNS, fan_out.on_domain_event),
    ),
    # the sender goes with the auth-integration agent, like the fan-out that feeds it
    loops=(BackgroundLoop("webhook-sender", Agent.AUTH_INTEGRATION, run_webhook_sender),),
)
