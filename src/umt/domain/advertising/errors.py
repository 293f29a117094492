"""Named business-rule violations of the advertising context."""

from __future__ import annotations

from umt.domain.shared.errors import Conflict, IllegalTransition, InvalidValue


class CampaignInvalid(InvalidValue):
    """A campaign, ad set or ad is inconsistent (names, bids, placements, targeting)."""

    code = "campaign_invalid"


class BudgetNotPositive(InvalidValue):
    """A budget (or a bid) must be greater than zero."""

    code = "budget_not_positive"


class BudgetCurrencyMismatch(InvalidValue):
    """Money in another currency than the ad account's: platforms spend in one currency."""

    code = "budget_currency_mismatch"


class BudgetCapExceeded(InvalidValue):
    """The campaign's daily spend ceiling would exceed the brand's or organization's cap."""

    code = "budget_cap_exceeded"


class LifetimeBudgetNeedsEndDate(InvalidValue):
    """A lifetime budget is spread over a flight: the ad set or its campaign needs an end."""

    code = "lifetime_budget_needs_end_date"


class CampaignDatesInvalid(InvalidValue):
    """An end at or before its start, or an ad set's dates outside its campaign's."""

    code = "campaign_dates_invalid"


class CampaignEndInPast(InvalidValue):
    """A flight that already ended cannot be planned, launched or given more budget."""

    code = "campaign_end_in_past"


class AdAccountInvalid(InvalidValue):
    """The channel account is not an active ad account of the campaign's brand."""

    code = "ad_account_invalid"


class CreativeNotApproved(InvalidValue):
    """An ad shows an approved content version only."""

    code = "creative_not_approved"


class IllegalCampaignTransition(IllegalTransition):
    """draft → creating → active ⇄ paused → completed → archived allows no such step."""

    code = "illegal_campaign_transition"


class CampaignNotEditable(Conflict):
    """The tree (ad sets, ads) is frozen once the campaign leaves draft."""

    code = "campaign_not_editable"


class CampaignTreeIncomplete(Conflict):
    """Launch needs ad sets with ads; activation needs every object created remotely."""

    code = "campaign_tree_incomplete"


class CampaignNotDelivering(Conflict):
    """A rule is judged on a delivering (active) campaign only, whose tree exists remotely."""

    code = "campaign_not_delivering"


class UnknownAdObject(InvalidValue):
    """An ad set or ad the campaign does not have."""

    code = "unknown_ad_object"


class AdRuleInvalid(InvalidValue):
    """A rule's condition, guard, action or limits are inconsistent."""

    code = "ad_rule_invalid"
