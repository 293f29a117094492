"""Webhooks over HTTP: subscriptions (secret once, sealed), signed deliveries to a real
loopback receiver with retries, replay, tenancy; inbound verification, replays, errors."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from tests.support.egress import INTERNAL_NOTATIONS
from tests.support.webhook_receiver import dead_url, verify_standard_webhook, webhook_receiver
from tests.unit.entrypoints.http.helpers import (
    API,
    Account,
    add_member,
    assert_problem,
    build_app,
    register,
)
from tests.unit.entrypoints.http.publishing_helpers import scheduled_publication

from umt.domain.identity.permissions import Role
from umt.domain.integration.signatures import meta, standard, tiktok, x

Client = TestClient[Litestar]
SANDBOX_SECRET = standard.new_secret()
FAST = {
    "run_webhook_sender": True,
    "webhook_allow_private_urls": True,  # the receiver is on loopback
    "webhook_retry_base_seconds": 0.05,
    "webhook_retry_max_seconds": 0.2,
    "webhook_max_attempts": 3,
    "webhook_poll_seconds": 0.05,
    "webhook_timeout_seconds": 2,
    "webhook_sandbox_secret": SANDBOX_SECRET,
    "webhook_meta_app_secret": "meta-app-secret",
    "webhook_meta_verify_token": "meta-verify",
    "webhook_x_consumer_secret": "x-consumer-secret",
    "webhook_tiktok_client_secret": "tiktok-secret",
    "webhook_mailchimp_secret": "mailchimp-url-secret",
}


@pytest.fixture
def app_client(tmp_path: Path) -> Iterator[Client]:
    with TestClient(app=build_app(tmp_path, **FAST)) as client:
        yield client


def subscribe(client: Client, account: Account, url: str, *types: str) -> dict[str, Any]:
    response = client.post(
        f"{API}/webhook-subscriptions",
        json={"url": url, "event_types": list(types or ("brand.*",))},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def deliveries(client: Client, account: Account, subscription_id: str) -> list[dict[str, Any]]:
    response = client.get(
        f"{API}/webhook-subscriptions/{subscription_id}/deliveries", headers=account.headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def settled(
    client: Client, account: Account, subscription_id: str, count: int = 1
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = deliveries(client, account, subscription_id)
        if len(found) >= count and all(d["status"] != "pending" for d in found):
            return found
        time.sleep(0.05)
    raise AssertionError(deliveries(client, account, subscription_id))


def make_brand(client: Client, account: Account, name: str = "Acme Coffee") -> str:
    response = client.post(f"{API}/brands", json={"name": name}, headers=account.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_a_subscribed_event_arrives_signed_the_standard_way(app_client: Client) -> None:
    owner = register(app_client)
    with webhook_receiver() as receiver:
        created = subscribe(app_client, owner, receiver.url, "brand.created")
        assert created["secret"].startswith("whsec_")
        assert (
            app_client.get(f"{API}/webhook-subscriptions/{created['id']}", headers=owner.headers)
            .json()
            .get("secret")
            is None
        ), "the secret is shown once"
        brand_id = make_brand(app_client, owner)
        [request] = receiver.wait_for(1)
        assert verify_standard_webhook(created["secret"], request)
        body = json.loads(request.body)
        assert body["type"] == "brand.created"
        assert body["organization_id"] == owner.organization_id
        [delivery] = settled(app_client, owner, created["id"])
        assert delivery["status"] == "delivered"
        assert request.headers["webhook-id"] == delivery["id"]
        assert delivery["attempt_log"][0]["status_code"] == 200
        assert brand_id


def test_a_failing_receiver_is_retried_until_it_succeeds(app_client: Client) -> None:
    owner = register(app_client)
    with webhook_receiver(script=[503, 500, 200]) as receiver:
        created = subscribe(app_client, owner, receiver.url)
        make_brand(app_client, owner)
        receiver.wait_for(3)
        [delivery] = settled(app_client, owner, created["id"])
    assert delivery["status"] == "delivered"
    assert [a["status_code"] for a in delivery["attempt_log"]] == [503, 500, 200]
    assert delivery["attempt_log"][0]["response_excerpt"] == "answered 503"
    ids = {r.headers["webhook-id"] for r in receiver.requests}
    assert ids == {delivery["id"]}, "one webhook-id across the retries of a delivery"


def test_a_dead_receiver_fails_after_the_maximum_attempts(app_client: Client) -> None:
    owner = register(app_client)
    with dead_url() as url:
        created = subscribe(app_client, owner, url)
        make_brand(app_client, owner)
        [delivery] = settled(app_client, owner, created["id"])
    assert delivery["status"] == "failed"
    assert delivery["attempts"] == 3
    assert all(a["status_code"] is None and a["error"] for a in delivery["attempt_log"])


def test_a_client_error_is_final_and_replay_sends_the_event_again(app_client: Client) -> None:
    owner = register(app_client)
    with webhook_receiver(script=[410, 200]) as receiver:
        created = subscribe(app_client, owner, receiver.url)
        make_brand(app_client, owner)
        [failed] = settled(app_client, owner, created["id"])
        assert failed["status"] == "failed"
        assert failed["attempts"] == 1
        response = app_client.post(
            f"{API}/webhook-deliveries/{failed['id']}/replay", headers=owner.headers
        )
        assert response.status_code == 201, response.text
        replay = response.json()
        assert replay["replay_of"] == failed["id"]
        assert replay["event_id"] == failed["event_id"]
        first, second = receiver.wait_for(2)
    assert json.loads(first.body) == json.loads(second.body)
    assert second.headers["webhook-id"] == replay["id"] != first.headers["webhook-id"]
    done = app_client.get(f"{API}/webhook-deliveries/{replay['id']}", headers=owner.headers)
    assert done.json()["status"] in ("pending", "delivered")


def test_another_organizations_events_never_reach_a_subscription(app_client: Client) -> None:
    owner, stranger = register(app_client), register(app_client, organization_name="Globex")
    with webhook_receiver() as receiver:
        mine = subscribe(app_client, owner, receiver.url, "#")
        make_brand(app_client, stranger, "Their brand")
        make_brand(app_client, owner, "My brand")
        receiver.wait_for(1)
        time.sleep(0.5)  # time for anything wrongly routed to arrive too
        bodies = [json.loads(r.body) for r in receiver.requests]
    assert {b["organization_id"] for b in bodies} == {owner.organization_id}
    assert len(settled(app_client, owner, mine["id"])) == len(bodies)
    for path in (
        f"{API}/webhook-subscriptions/{mine['id']}",
        f"{API}/webhook-subscriptions/{mine['id']}/deliveries",
    ):
        assert_problem(app_client.get(path, headers=stranger.headers), 404, "not_found")


def test_patch_pause_rotate_and_delete(app_client: Client) -> None:
    owner = register(app_client)
    created = subscribe(app_client, owner, "https://hooks.example.com/umt", "brand.*")
    url = f"{API}/webhook-subscriptions/{created['id']}"
    patched = app_client.patch(
        url,
        json={"event_types": ["project.*", "brand.created"], "active": False},
        headers={**owner.headers, "If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["event_types"] == ["project.*", "brand.created"]
    assert patched.json()["active"] is False
    stale = app_client.patch(
        url, json={"active": True}, headers={**owner.headers, "If-Match": '"1"'}
    )
    assert_problem(stale, 412)
    rotated = app_client.post(f"{url}/rotate-secret", headers=owner.headers)
    assert rotated.status_code == 200
    assert rotated.json()["secret"] not in ("", created["secret"])
    listed = app_client.get(f"{API}/webhook-subscriptions", headers=owner.headers).json()
    assert [s["id"] for s in listed["items"]] == [created["id"]]
    assert app_client.delete(url, headers={**owner.headers, "If-Match": "*"}).status_code == 204
    assert_problem(app_client.get(url, headers=owner.headers), 404)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://127.0.0.1/x", "unsafe_webhook_url"),
        ("http://10.1.2.3/x", "unsafe_webhook_url"),
        ("http://169.254.169.254/latest/meta-data", "unsafe_webhook_url"),
        ("http://[::1]/x", "unsafe_webhook_url"),
        ("http://localhost:8000/x", "unsafe_webhook_url"),
        ("ftp://example.com/x", "unsafe_webhook_url"),
        ("https://user:pw@example.com/x", "unsafe_webhook_url"),
    ],
)
def test_ssrf_targets_are_refused_by_default(client: Client, url: str, code: str) -> None:
    owner = register(client)
    response = client.post(
        f"{API}/webhook-subscriptions",
        json={"url": url, "event_types": ["brand.*"]},
        headers=owner.headers,
    )
    assert_problem(response, 422, code, "url")


@pytest.fixture(scope="module")
def strict_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """An app with the production default: private addresses refused."""
    with TestClient(app=build_app(tmp_path_factory.mktemp("strict"))) as client:
        yield client


@pytest.fixture(scope="module")
def strict_owner(strict_client: Client) -> Account:
    return register(strict_client)


@pytest.mark.parametrize("host", INTERNAL_NOTATIONS)
def test_internal_notations_are_refused_at_creation_and_on_patch(
    strict_client: Client, strict_owner: Account, host: str
) -> None:
    bad = f"http://{host}:8080/hook"
    created = strict_client.post(
        f"{API}/webhook-subscriptions",
        json={"url": bad, "event_types": ["brand.*"]},
        headers=strict_owner.headers,
    )
    assert_problem(created, 422, "unsafe_webhook_url", "url")
    good = subscribe(strict_client, strict_owner, "https://hooks.example.com/umt")
    path = f"{API}/webhook-subscriptions/{good['id']}"
    patched = strict_client.patch(
        path, json={"url": bad}, headers={**strict_owner.headers, "If-Match": "*"}
    )
    assert_problem(patched, 422, "unsafe_webhook_url", "url")
    kept = strict_client.get(path, headers=strict_owner.headers).json()
    assert kept["url"] == "https://hooks.example.com/umt"
    assert kept["version"] == good["version"]


def test_bad_event_patterns_are_refused(app_client: Client) -> None:
    owner = register(app_client)
    for types in ([], ["Brand Created"], ["brand..x"]):
        response = app_client.post(
            f"{API}/webhook-subscriptions",
            json={"url": "https://hooks.example.com/", "event_types": types},
            headers=owner.headers,
        )
        assert response.status_code == 422, response.text


def test_only_owners_and_admins_manage_webhooks(app_client: Client) -> None:
    owner = register(app_client)
    admin = add_member(app_client, owner, Role.ADMIN)
    manager = add_member(app_client, owner, Role.BRAND_MANAGER)
    assert subscribe(app_client, admin, "https://hooks.example.com/a")["id"]
    for call in (
        lambda h: app_client.get(f"{API}/webhook-subscriptions", headers=h),
        lambda h: app_client.post(
            f"{API}/webhook-subscriptions",
            json={"url": "https://hooks.example.com/", "event_types": ["#"]},
            headers=h,
        ),
    ):
        assert_problem(call(manager.headers), 403, "permission_denied")


# -- inbound ------------------------------------------------------------------------------------


def post_sandbox(client: Client, body: bytes, *, at: int | None = None, **overrides: str) -> Any:
    headers = standard.headers(SANDBOX_SECRET, "msg_1", at or int(time.time()), body)
    headers.update(overrides)
    return client.post(f"{API}/webhooks/sandbox", content=body, headers=headers)


def stored_inbound(client: Client) -> int:
    store = client.app.state.container.memory_store()
    return len(store.inbound_webhooks)


def test_a_signed_sandbox_webhook_is_stored_once_and_announced(app_client: Client) -> None:
    body = b'{"event":"post.published","id":"p1"}'
    sent_at = int(time.time())  # the same delivery twice: same signature, whatever the clock
    first = post_sandbox(app_client, body, at=sent_at)
    assert first.status_code == 200, first.text
    assert first.json() == {"received": True, "duplicate": False}
    again = post_sandbox(app_client, body, at=sent_at)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert stored_inbound(app_client) == 1
    store = app_client.app.state.container.memory_store()
    announced = [m for m in store.outbox if m.event_type == "integration.webhook_received"]
    assert len(announced) == 1
    assert announced[0].payload["data"]["platform"] == "sandbox"


def test_bad_signatures_are_401_and_logged_without_values(
    app_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    body = b'{"event":"x"}'
    tampered = app_client.post(
        f"{API}/webhooks/sandbox",
        content=body + b" ",
        headers=standard.headers(SANDBOX_SECRET, "msg_1", int(time.time()), body),
    )
    stale = app_client.post(
        f"{API}/webhooks/sandbox",
        content=body,
        headers=standard.headers(SANDBOX_SECRET, "msg_2", int(time.time()) - 3600, body),
    )
    missing = app_client.post(f"{API}/webhooks/sandbox", content=body)
    for response in (tampered, stale, missing):
        assert_problem(response, 401, "webhook_signature_invalid")
    assert stored_inbound(app_client) == 0
    text = caplog.text
    assert "webhook refused" in text
    assert SANDBOX_SECRET not in text
    assert "v1," not in text


def test_unknown_or_unconfigured_platforms_are_404(app_client: Client) -> None:
    for platform in ("myspace", "pinterest", "linkedin", "hubspot"):
        response = app_client.post(f"{API}/webhooks/{platform}", content=b"{}")
        assert_problem(response, 404, "webhook_endpoint_not_found")


def test_meta_x_tiktok_and_mailchimp_over_http(app_client: Client) -> None:
    body = b'{"object":"page","entry":[]}'
    ok = app_client.post(
        f"{API}/webhooks/meta",
        content=body,
        headers={meta.HEADER: meta.sign("meta-app-secret", body)},
    )
    assert ok.status_code == 200, ok.text
    handshake = app_client.get(
        f"{API}/webhooks/meta",
        params={"hub.mode": "subscribe", "hub.verify_token": "meta-verify", "hub.challenge": "42"},
    )
    assert (handshake.status_code, handshake.text) == (200, "42")
    wrong = app_client.get(
        f"{API}/webhooks/meta",
        params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "42"},
    )
    assert_problem(wrong, 401)
    crc = app_client.get(f"{API}/webhooks/x", params={"crc_token": "abc"})
    assert crc.json() == {"response_token": x.sign("x-consumer-secret", b"abc")}
    x_ok = app_client.post(
        f"{API}/webhooks/x",
        content=body,
        headers={x.HEADER: x.sign("x-consumer-secret", body)},
    )
    assert x_ok.status_code == 200
    now = int(time.time())
    tk = app_client.post(
        f"{API}/webhooks/tiktok",
        content=body,
        headers={tiktok.HEADER: tiktok.sign("tiktok-secret", now, body)},
    )
    assert tk.status_code == 200
    mc = app_client.post(
        f"{API}/webhooks/mailchimp",
        params={"secret": "mailchimp-url-secret"},
        content=b"type=subscribe&data[email]=a@b.c",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert mc.status_code == 200
    assert_problem(
        app_client.post(f"{API}/webhooks/mailchimp", params={"secret": "wrong"}, content=b"x"),
        401,
    )
    assert (
        app_client.get(
            f"{API}/webhooks/mailchimp", params={"secret": "mailchimp-url-secret"}
        ).status_code
        == 200
    )
    assert stored_inbound(app_client) == 4


def test_linkedin_and_hubspot_over_http(tmp_path: Path) -> None:
    from umt.domain.integration.signatures import hubspot, linkedin

    overrides = {
        "webhook_linkedin_client_secret": "li-secret",
        "webhook_hubspot_client_secret": "hs-secret",
    }
    with TestClient(app=build_app(tmp_path, **overrides)) as client:
        body = b'{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS"}'
        ok = client.post(
            f"{API}/webhooks/linkedin",
            content=body,
            headers={linkedin.HEADER: linkedin.sign("li-secret", body)},
        )
        assert ok.status_code == 200, ok.text
        challenge = client.get(f"{API}/webhooks/linkedin", params={"challengeCode": "c-1"})
        assert challenge.json() == linkedin.answer_challenge("li-secret", {"challengeCode": "c-1"})

        path = f"{API}/webhooks/hubspot?portal=1"
        stamp = str(int(time.time() * 1000))
        signed_url = f"{client.base_url}{path}"  # HubSpot signs the full URL it called
        signature = hubspot.sign("hs-secret", "POST", signed_url, body, stamp)
        hs = client.post(
            path,
            content=body,
            headers={hubspot.HEADER: signature, hubspot.TIMESTAMP_HEADER: stamp},
        )
        assert hs.status_code == 200, hs.text
        old = str(int((time.time() - 600) * 1000))
        stale = client.post(
            path,
            content=body,
            headers={
                hubspot.HEADER: hubspot.sign("hs-secret", "POST", signed_url, body, old),
                hubspot.TIMESTAMP_HEADER: old,
            },
        )
        assert_problem(stale, 401, "webhook_signature_invalid")


def test_the_calendars_events_are_delivered_but_not_the_schedulers_hand_over(
    app_client: Client,
) -> None:
    owner = register(app_client)
    with webhook_receiver() as receiver:
        created = subscribe(app_client, owner, receiver.url, "publication.#")
        brand_id = make_brand(app_client, owner)
        publication = scheduled_publication(app_client, owner, brand_id)
        [request] = receiver.wait_for(1)
        body = json.loads(request.body)
        assert body["type"] == "publication.scheduled"
        assert body["subject_id"] == publication["id"]
        assert body["data"]["channel_account_id"] == publication["channel_account_id"]
        [delivery] = settled(app_client, owner, created["id"])
        assert delivery["status"] == "delivered"


def test_every_published_event_of_the_new_contexts_is_fanned_out_but_the_hand_over() -> None:
    from umt.application.webhooks.fan_out import FAN_OUT_PATTERNS
    from umt.domain.integration.webhooks import pattern_matches

    def delivered(event_type: str) -> bool:
        return any(pattern_matches(p, event_type) for p in FAN_OUT_PATTERNS)

    for event_type in (
        "publication.scheduled",
        "publication.published",
        "publication.failed",
        "publication.missed",
        "publication.taken_down",
        "campaign.launched",
        "budget.alert",
        "budget_cap.created",
        "budget_cap.updated",
        "budget_cap.removed",
        "ad_rule.triggered",
        "channel_account.discovered",
        "metrics.synced",
        "schedule.created",
        "evergreen_rule.created",
        "evergreen.recycled",
    ):
        assert delivered(event_type), event_type
    assert not delivered("publication.due")
