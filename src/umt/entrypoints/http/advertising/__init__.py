"""The advertising context: campaigns on ad networks, their budgets, pacing and rules."""

from __future__ import annotations

from umt.entrypoints.http.advertising.budget_caps import BudgetCapController
from umt.entrypoints.http.advertising.campaigns import CampaignController
from umt.entrypoints.http.advertising.rules import AdRuleController
from umt.entrypoints.http.routers import ContextRouter

router = ContextRouter(route_handlers=(CampaignController, AdRuleController, BudgetCapController))
