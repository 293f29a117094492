"""The advertising context: campaigns, ad sets and ads with budgets, pacing and rules."""
