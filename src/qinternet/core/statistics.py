"""Means with standard errors: every reported mean carries its statistical error, and is
printed with the digits that error allows (:func:`format_estimate`).

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


EXACT_RELATIVE = 1e-12
"""A standard error below this fraction of the value is rounding noise: the value is exact."""


def _error_digits(stderr: float) -> tuple[int, float]:
    """The power of ten of the last digit to show, and ``stderr`` rounded to it (the
    Particle Data Group's rule: the three leading digits of the error in 100-354 keep
    two significant digits, 355-949 one, 950-999 round up to 1000 and keep two)."""
    exponent = math.floor(math.log10(stderr))
    leading = math.floor(stderr / 10.0 ** (exponent - 2) + 1e-9)  # 100 .. 999
    if leading >= 950:
        exponent, leading = exponent + 1, 100
    last = exponent - (1 if leading < 355 else 0)
    return last, round(stderr / 10.0**last) * 10.0**last


def format_significant(value: float, digits: int = 4) -> str:
    """``value`` to ``digits`` significant digits, in positional notation from 1e-3 to
    below 1e6 (where ``format(value, ".4g")`` would already write ``5e+04``), else with
    a power of ten; trailing zeros after the point are dropped.

    Examples:
        >>> format_significant(49999.99999), format_significant(0.0212345)
        ('50000', '0.02123')
        >>> format_significant(1.5e-5), format_significant(2.5e7), format_significant(-0.0)
        ('1.5e-05', '2.5e+07', '0')
    """
    if value == 0.0 or not math.isfinite(value):
        return f"{value + 0.0:g}"
    scale = math.floor(math.log10(abs(float(f"{value:.{digits - 1}e}"))))
    if not -3 <= scale < 6:
        return f"{value:.{digits}g}"
    places = digits - 1 - scale  # decimal places of the last significant digit
    if places <= 0:
        return f"{round(value, places):.0f}"
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def format_estimate(value: float, stderr: float) -> str:
    """``value ± stderr``, both rounded to the error's significant digits.

    The error keeps one or two significant digits by the rule of the Particle Data Group
    (M. Tanabashi et al., Phys. Rev. D 98, 030001 (2018), Introduction, Sec. 5.3) and
    the value is rounded to the same decimal place; very large or small numbers share
    one power of ten. A value whose error is 0 (or below :data:`EXACT_RELATIVE` of it)
    is exact and printed without ``±``; an unknown error (NaN: one sample) prints ``-``.

    Examples:
        >>> format_estimate(0.93492, 0.00213), format_estimate(0.93492, 0.0062)
        ('0.9349 ± 0.0021', '0.935 ± 0.006')
        >>> format_estimate(2800.0, 529.15), format_estimate(0.9349, 2.1e-17)
        ('2800 ± 500', '0.9349')
        >>> format_estimate(3.2e-7, 9.7e-9), format_estimate(12.0, float("nan"))
        ('(3.20 ± 0.10)e-07', '12 ± -')
    """
    if math.isnan(value):
        return "-"
    if math.isnan(stderr):
        return f"{format_significant(value)} ± -"
    if stderr <= EXACT_RELATIVE * abs(value) or not math.isfinite(value):
        return format_significant(value)
    if not math.isfinite(stderr):
        return f"{format_significant(value)} ± {stderr}"
    last, error = _error_digits(stderr)
    rounded = round(value / 10.0**last) * 10.0**last + 0.0  # + 0.0: no "-0.00"
    scale = math.floor(math.log10(max(abs(rounded), error)))
    if -3 <= scale < 6:
        decimals = max(0, -last)
        return f"{rounded:.{decimals}f} ± {error:.{decimals}f}"
    decimals = max(0, scale - last)
    mantissa, spread = rounded / 10.0**scale, error / 10.0**scale
    return f"({mantissa:.{decimals}f} ± {spread:.{decimals}f})e{scale:+03d}"
