"""The advertising context's tasks answer documents: money as exact decimal text. A task whose
result holds a ``Decimal`` (every campaign, cap and rule does) used to fail after its effect
was committed, when its result was turned into JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.unit.application.agents.harness import Runtime
from tests.unit.domain.advertising.campaign_builders import ad_set, campaign, daily

from umt.application.agents.catalogue import CONTENT_AD_MANAGEMENT
from umt.application.agents.documents import to_document
from umt.application.principal import Principal

AGENT = "content-ad-management"


def test_a_campaign_is_a_document_with_its_budgets_as_decimal_text() -> None:
    planned = campaign()
    planned.add_ad_set(ad_set(budget=daily("12.5")), now=planned.starts_at, cap=None)
    document = to_document(planned)
    [one] = document["ad_sets"]
    assert one["budget"]["amount"] == {"amount": "12.50", "currency": "EUR"}
    assert to_document(Decimal("0.1")) == {"value": "0.1"}


async def test_budget_cap_tasks_answer_the_cap_over_the_broker(
    runtime: Runtime, owner: Principal
) -> None:
    await runtime.start(CONTENT_AD_MANAGEMENT)
    client = await runtime.requester()

    async def ask(task_type: str, **command: Any) -> Any:
        response = await client.request(AGENT, runtime.task(task_type, owner, input=command))
        assert response.status == "ok", response
        return response.result

    done = await ask("budget_cap.set", currency="EUR", daily="400", lifetime="9000.5")
    assert done["cap"]["daily"] == {"amount": "400.00", "currency": "EUR"}
    assert done["cap"]["lifetime"] == {"amount": "9000.50", "currency": "EUR"}
    assert done["over_cap"] == []
    [listed] = (await ask("budget_cap.list"))["items"]
    assert (listed["currency"], listed["daily"]["amount"]) == ("EUR", "400.00")
    assert await ask("campaign.list") == {"items": [], "next_cursor": None}
    assert await ask("budget_cap.remove", currency="EUR") == {}
    assert runtime.store.budget_caps == {}
