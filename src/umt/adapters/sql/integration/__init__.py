"""SQL adapters of the integration context: platform connections and sealed secrets."""
