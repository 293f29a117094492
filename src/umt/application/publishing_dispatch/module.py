"""The publishing dispatch context: the ticker that hands due publications to the
content-ad-management agent, and the exactly-once publish engine the agent runs."""

from __future__ import annotations

from umt.application.agents.names import Agent
from umt.application.context_module import BackgroundLoop, ContextModule, Subscription
from umt.application.publishing_dispatch import (
    publish_publication,
    reconcile_publication,
    take_down_publication,
)
from umt.application.publishing_dispatch.first_comment_loop import (
    run_publication_first_comments,
)
from umt.application.publishing_dispatch.ticker import run_publication_ticker
from umt.application.publishing_dispatch.token_check import run_publication_token_check

MODULE = ContextModule(
    name="publishing_dispatch",
    handlers=(
        publish_publication.publish_publication,
        reconcile_publication.reconcile_publication,
        take_down_publication.take_down_publication,
    ),
    subscriptions=(
        Subscription(
            Agent.CONTENT_AD_MANAGEMENT,
            (publish_publication.DUE_EVENT,),
            publish_publication.on_publication_due,
        ),
    ),
    loops=(
        BackgroundLoop("publication-ticker", Agent.CONTENT_AD_MANAGEMENT, run_publication_ticker),
        BackgroundLoop(
            "publication-token-check", Agent.CONTENT_AD_MANAGEMENT, run_publication_token_check
        ),
        BackgroundLoop(
            "publication-first-comments",
            Agent.CONTENT_AD_MANAGEMENT,
            run_publication_first_comments,
        ),
    ),
)
