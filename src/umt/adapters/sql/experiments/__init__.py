"""SQL adapters of the experiments context: experiments, their observations and metrics."""
