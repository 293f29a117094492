"""The content-creation agent serves the content library's tasks through the bus."""

from __future__ import annotations

from tests.unit.application.agents.harness import Runtime

from umt.application.agents.catalogue import BRAND_PROJECT, CONTENT_CREATION
from umt.application.principal import Principal
from umt.domain.identity.permissions import Role


async def test_an_agent_stores_reviews_and_lists_a_piece(
    runtime: Runtime, owner: Principal
) -> None:
    await runtime.start(BRAND_PROJECT)
    await runtime.start(CONTENT_CREATION)
    client = await runtime.requester()
    brand = await client.request(
        "brand-project", runtime.task("brand.create", owner, input={"name": "Acme Coffee"})
    )
    assert brand.result is not None
    created = await client.request(
        "content-creation",
        runtime.task(
            "content.create",
            owner,
            input={
                "brand_id": brand.result["id"],
                "content_type": "social_post",
                "channel": "linkedin",
                "title": "Spring roast",
                "body": "Our spring roast is here. Try it this week.",
                "agent": "content-creation",
                "provenance": {"adapter": "offline", "seed": 5},
            },
        ),
    )
    assert created.status == "ok", created
    assert created.result is not None
    content_id = created.result["id"]
    assert created.result["versions"][0]["author"]["agent"] == "content-creation"
    assert created.result["versions"][0]["provenance"]["seed"] == 5
    submitted = await client.request(
        "content-creation", runtime.task("content.submit", owner, input={"content_id": content_id})
    )
    assert submitted.result is not None
    assert submitted.result["status"] == "in_review"
    approved = await client.request(
        "content-creation", runtime.task("content.approve", owner, input={"content_id": content_id})
    )
    assert approved.result is not None
    assert approved.result["status"] == "approved"
    listed = await client.request(
        "content-creation", runtime.task("content.list", owner, input={"q": "spring"})
    )
    assert listed.result is not None
    assert [p["id"] for p in listed.result["items"]] == [content_id]
    creator = Principal.for_member(owner.user_id, owner.organization_id, Role.CONTENT_CREATOR)
    archived = await client.request(
        "content-creation",
        runtime.task("content.archive", creator, input={"content_id": content_id}),
    )
    assert archived.status == "ok"  # a creator may archive (content:write)
    refused = await client.request(
        "content-creation",
        runtime.task("content.mark_published", creator, input={"content_id": content_id}),
    )
    assert refused.error is not None
    assert refused.error.code == "permission_denied"


async def test_an_agent_renders_a_builtin_template(runtime: Runtime, owner: Principal) -> None:
    await runtime.start(CONTENT_CREATION)
    client = await runtime.requester()
    listed = await client.request(
        "content-creation",
        runtime.task("template.list_builtin", owner, input={"content_type": "social_post"}),
    )
    assert listed.result is not None
    (launch,) = listed.result["value"]
    rendered = await client.request(
        "content-creation",
        runtime.task(
            "template.render",
            owner,
            input={
                "template_id": launch["id"],
                "variables": {"product": "Night Roast", "benefit": "Bold, never bitter."},
            },
        ),
    )
    assert rendered.result is not None
    assert rendered.result["text"] == "Night Roast is here. Bold, never bitter.\n\nTry it today."
    missing = await client.request(
        "content-creation",
        runtime.task("template.render", owner, input={"template_id": launch["id"]}),
    )
    assert missing.error is not None
    assert missing.error.code == "template_variable_missing"
