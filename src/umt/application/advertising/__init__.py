"""The advertising context: campaigns on ad networks, their budgets, pacing and rules."""
