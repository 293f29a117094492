"""SQL adapters of the publishing calendar: publications and their attempts."""
