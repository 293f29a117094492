"""The channel accounts context: the destinations a brand publishes to or advertises on,
discovered from its connected integrations, and the credentials a capability call acts with."""
