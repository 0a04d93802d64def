"""Means with standard errors (moved to :mod:`qinternet.statistics`; imported here by
the protocol modules that predate the move).

Examples:
    >>> mean_with_stderr([1.0, 3.0]).mean
    2.0
"""

from qinternet.statistics import MeanEstimate, mean_with_stderr, pooled

__all__ = ["MeanEstimate", "mean_with_stderr", "pooled"]
