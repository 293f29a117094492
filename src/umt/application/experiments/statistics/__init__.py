"""The experiments' statistics engine: numpy/scipy over per-arm summary statistics, no I/O.

Every method documents its formula and its source; docs/experiments-statistics.md gathers
them with the defaults and when each is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from umt.application.experiments.statistics.arms import BinaryArm, ContinuousArm, Covariate
from umt.application.experiments.statistics.cuped import cuped, cuped_theta
from umt.application.experiments.statistics.errors import StatisticsInputError
from umt.application.experiments.statistics.estimate import Estimate
from umt.application.experiments.statistics.multiple import benjamini_hochberg

if TYPE_CHECKING:
    from umt.application.experiments.statistics.bandit import thompson_allocation
    from umt.application.experiments.statistics.bayesian import (
        BayesianEstimate,
        beta_binomial,
        probability_greater,
    )
    from umt.application.experiments.statistics.fixed import two_proportion_z_test, welch_t_test
    from umt.application.experiments.statistics.power import (
        achieved_power,
        sample_size_means,
        sample_size_proportions,
    )
    from umt.application.experiments.statistics.sequential import (
        DEFAULT_STANDARDIZED_TAU,
        always_valid_half_width,
        log_mixture_likelihood_ratio,
        mixture_likelihood_ratio,
        msprt_means,
        msprt_means_p_values,
        msprt_proportions,
        msprt_proportions_p_values,
    )
    from umt.application.experiments.statistics.srm import SrmCheck, sample_ratio_mismatch

# numpy and scipy take about a second and 90 MiB to load: a process that never analyses an
# experiment or sizes one never loads them. The methods that use them are imported from their
# module on first use (PEP 562); the plain ones above are imported at once.
_DEFERRED = {
    "BayesianEstimate": "bayesian",
    "DEFAULT_STANDARDIZED_TAU": "sequential",
    "SrmCheck": "srm",
    "achieved_power": "power",
    "always_valid_half_width": "sequential",
    "beta_binomial": "bayesian",
    "log_mixture_likelihood_ratio": "sequential",
    "mixture_likelihood_ratio": "sequential",
    "msprt_means": "sequential",
    "msprt_means_p_values": "sequential",
    "msprt_proportions": "sequential",
    "msprt_proportions_p_values": "sequential",
    "probability_greater": "bayesian",
    "sample_ratio_mismatch": "srm",
    "sample_size_means": "power",
    "sample_size_proportions": "power",
    "thompson_allocation": "bandit",
    "two_proportion_z_test": "fixed",
    "welch_t_test": "fixed",
}


def __getattr__(name: str) -> Any:
    module = _DEFERRED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups find it without coming back here
    return value


__all__ = [
    "DEFAULT_STANDARDIZED_TAU",
    "BayesianEstimate",
    "BinaryArm",
    "ContinuousArm",
    "Covariate",
    "Estimate",
    "SrmCheck",
    "StatisticsInputError",
    "achieved_power",
    "always_valid_half_width",
    "benjamini_hochberg",
    "beta_binomial",
    "cuped",
    "cuped_theta",
    "log_mixture_likelihood_ratio",
    "mixture_likelihood_ratio",
    "msprt_means",
    "msprt_means_p_values",
    "msprt_proportions",
    "msprt_proportions_p_values",
    "probability_greater",
    "sample_ratio_mismatch",
    "sample_size_means",
    "sample_size_proportions",
    "thompson_allocation",
    "two_proportion_z_test",
    "welch_t_test",
]
