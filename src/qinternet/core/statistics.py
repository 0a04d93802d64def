"""Means with standard errors: every reported mean carries its statistical error.

Used by the event simulations (:mod:`qinternet.sim`), the Monte Carlo of
:mod:`qinternet.analysis` and the applications, so all of them report and compare
estimates the same way.

Examples:
    >>> estimate = mean_with_stderr([1.0, 2.0, 3.0, 4.0])
    >>> estimate.mean, round(estimate.stderr, 6), estimate.num_samples
    (2.5, 0.645497, 4)
    >>> estimate.agrees_with(2.0, num_sigma=5)
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from qinternet.core.errors import InvalidParameterError


@dataclass(frozen=True, eq=False)
class MeanEstimate:
    """A sample mean, its standard error (sample std / sqrt(n)) and the sample size.

    With fewer than two samples the standard error is NaN (unknown), and with none the
    mean is NaN too. Two estimates are equal when all three numbers are (NaN equal to
    NaN), so reproducibility checks can compare whole results.

    Raises:
        InvalidParameterError: for a negative sample size or a negative standard error.
    """

    mean: float
    stderr: float
    num_samples: int

    def __post_init__(self) -> None:
        if self.num_samples < 0:
            raise InvalidParameterError("num_samples", self.num_samples, "must be >= 0")
        if self.stderr < 0:
            raise InvalidParameterError("stderr", self.stderr, "must be >= 0 (or NaN: unknown)")

    def _key(self) -> tuple[object, ...]:
        values = ("nan" if math.isnan(v) else v for v in (self.mean, self.stderr))
        return (*values, self.num_samples)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MeanEstimate) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def agrees_with(self, expected: float, *, num_sigma: float = 5.0, floor: float = 0.0) -> bool:
        """True if ``expected`` lies within ``num_sigma`` standard errors (or ``floor``)."""
        return abs(self.mean - expected) <= max(num_sigma * self.stderr, floor)


def mean_with_stderr(samples: Sequence[float] | ArrayLike) -> MeanEstimate:
    """Mean and standard error of ``samples``."""
    values = np.asarray(samples, dtype=np.float64).ravel()
    n = int(values.size)
    if n == 0:
        return MeanEstimate(math.nan, math.nan, 0)
    mean = float(values.mean())
    if n == 1:
        return MeanEstimate(mean, math.nan, 1)
    return MeanEstimate(mean, float(values.std(ddof=1) / math.sqrt(n)), n)


def pooled(estimates: Sequence[MeanEstimate]) -> MeanEstimate:
    """The mean and standard error of the union of the samples behind ``estimates``.

    Exact: each group's sum and sum of squares are recovered from (mean, stderr, n).

    Examples:
        >>> a, b = mean_with_stderr([1.0, 2.0]), mean_with_stderr([3.0, 4.0, 5.0])
        >>> p, direct = pooled([a, b]), mean_with_stderr([1.0, 2.0, 3.0, 4.0, 5.0])
        >>> p.mean == direct.mean, round(p.stderr - direct.stderr, 12), p.num_samples
        (True, 0.0, 5)
    """
    groups = [e for e in estimates if e.num_samples > 0]
    total = sum(e.num_samples for e in groups)
    if total == 0:
        return MeanEstimate(math.nan, math.nan, 0)
    mean = sum(e.mean * e.num_samples for e in groups) / total
    if total == 1:
        return MeanEstimate(mean, math.nan, 1)
    squares = 0.0
    for e in groups:
        variance = 0.0 if e.num_samples < 2 else e.stderr**2 * e.num_samples
        squares += (e.num_samples - 1) * variance + e.num_samples * (e.mean - mean) ** 2
    return MeanEstimate(mean, math.sqrt(squares / (total - 1) / total), total)
