"""SQL adapters of the webhooks context: subscriptions, deliveries and inbound webhooks."""
