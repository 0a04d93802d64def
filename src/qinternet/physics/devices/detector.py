"""Single-photon detectors: efficiency, dark counts, dead time, threshold or number-resolving.

Model. Each incident photon is registered independently with probability eta
(binomial thinning); dark counts in a window of ``window_s`` seconds are Poissonian
with mean lambda = rate * window, so at least one dark count happens with probability

    p_dark = 1 - exp(-rate * window).

A *threshold* (on/off) detector reports only "no click" / "click"; a
*number-resolving* detector reports the number of counts (registered photons plus
dark counts). For photon-number probabilities P(n) the no-click probability is

    P(no click) = (1 - p_dark) * sum_n P(n) (1 - eta)^n,

(for a coherent pulse of mean mu: (1 - p_dark) exp(-eta mu)). After a click the
detector is blind for ``dead_time_s``; being clock-free it answers "ready at now_s after
a click at last_click_s?" rather than tracking time itself.

References:
    R. H. Hadfield, "Single-photon detectors for optical quantum information
    applications", Nat. Photonics 3, 696 (2009), doi:10.1038/nphoton.2009.230.
    P. Kok, B. W. Lovett, *Introduction to Optical Quantum Information Processing*
    (Cambridge University Press, 2010), ch. 5 (detector POVMs with efficiency and dark
    counts), doi:10.1017/CBO9781139193658.

Examples:
    >>> detector = Detector(efficiency=0.8, dark_count_rate_hz=20.0, window_s=25e-9)
    >>> round(detector.dark_count_probability() * 1e7, 6)  # 1 - exp(-5e-7), times 1e7
    4.999999
    >>> round(detector.click_probability([0.0, 1.0]), 6)  # one photon
    0.8
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.units import NANOSECOND
from qinternet.core.validation import (
    check_bool,
    check_non_negative,
    check_positive,
    check_probability,
)

DEFAULT_WINDOW_S = 10 * NANOSECOND
"""Default detection window (a typical gated window); set it to your experiment's."""

DISTRIBUTION_ATOL = 1e-9
"""Slack on the sum of a photon-number distribution."""


def _photon_distribution(values: Sequence[float], name: str) -> NDArray[np.float64]:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, values, "must be a sequence of probabilities") from None
    if array.ndim != 1 or array.size == 0:
        raise InvalidParameterError(name, values, "must be a non-empty 1-D sequence P(n)")
    if not np.all(np.isfinite(array)) or np.any(array < 0.0) or np.any(array > 1.0):
        raise InvalidParameterError(name, values, "entries must be probabilities in [0, 1]")
    total = float(array.sum())
    if total > 1.0 + DISTRIBUTION_ATOL:
        raise InvalidParameterError(name, values, f"sums to {total:.12g} > 1")
    return array


@dataclass(frozen=True)
class Detector:
    """A single-photon detector.

    Args:
        efficiency: probability eta that an incident photon is registered, in [0, 1].
        dark_count_rate_hz: rate of dark counts in Hz (finite, >= 0).
        dead_time_s: time after a click during which the detector is blind, in s (>= 0).
        number_resolving: True for a photon-number-resolving detector, False for a
            threshold (click / no click) detector.
        window_s: default detection window in s (finite, > 0).

    Raises:
        InvalidParameterError: naming the field, for values out of range, NaN or of the
            wrong type.

    References:
        R. H. Hadfield, Nat. Photonics 3, 696 (2009), doi:10.1038/nphoton.2009.230.

    Examples:
        >>> Detector(efficiency=1.2)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: efficiency=1.2: must be a probability in [0, 1]
    """

    efficiency: float
    dark_count_rate_hz: float = 0.0
    dead_time_s: float = 0.0
    number_resolving: bool = False
    window_s: float = DEFAULT_WINDOW_S

    def __post_init__(self) -> None:
        object.__setattr__(self, "efficiency", check_probability(self.efficiency, "efficiency"))
        rate = check_non_negative(self.dark_count_rate_hz, "dark_count_rate_hz", "Hz")
        object.__setattr__(self, "dark_count_rate_hz", rate)
        dead = check_non_negative(self.dead_time_s, "dead_time_s", "s")
        object.__setattr__(self, "dead_time_s", dead)
        check_bool(self.number_resolving, "number_resolving")
        object.__setattr__(self, "window_s", check_positive(self.window_s, "window_s", "s"))

    def _window(self, window_s: float | None) -> float:
        return self.window_s if window_s is None else check_positive(window_s, "window_s", "s")

    def mean_dark_counts(self, window_s: float | None = None) -> float:
        """Mean number of dark counts rate * window in a window (default :attr:`window_s`)."""
        return self.dark_count_rate_hz * self._window(window_s)

    def dark_count_probability(self, window_s: float | None = None) -> float:
        """Probability 1 - exp(-rate * window) of at least one dark count in a window.

        Raises:
            InvalidParameterError: if ``window_s`` is not a finite number > 0.

        Examples:
            >>> Detector(efficiency=0.9, dark_count_rate_hz=1e3).dark_count_probability(1e-3)
            0.6321205588285577
        """
        return -math.expm1(-self.mean_dark_counts(window_s))

    def click_probability(
        self, light: float | Sequence[float], window_s: float | None = None
    ) -> float:
        """Probability of at least one count for incident light.

        Args:
            light: either the mean photon number of a coherent (Poissonian) pulse, or the
                photon-number probabilities P(0), P(1), ... (summing to 1, or to less
                when the rest is deliberately dropped).
            window_s: detection window (default :attr:`window_s`).

        Returns:
            1 - (1 - p_dark) * sum_n P(n) (1 - eta)^n; the same for threshold and
            number-resolving detectors (both register "at least one count").

        Raises:
            InvalidParameterError: if the mean is negative or NaN, or the probabilities
                are not a distribution.

        Examples:
            >>> detector = Detector(efficiency=0.5)
            >>> round(detector.click_probability(2.0), 6)  # 1 - exp(-1)
            0.632121
            >>> detector.click_probability([0.5, 0.0, 0.5])  # 0 or 2 photons
            0.375
        """
        return 1.0 - self._no_click_probability(light, window_s)

    def _no_click_probability(
        self, light: float | Sequence[float], window_s: float | None
    ) -> float:
        no_dark = math.exp(-self.mean_dark_counts(window_s))
        if isinstance(light, int | float | np.floating | np.integer):
            mean = check_non_negative(light, "light", "photons (mean photon number)")
            return no_dark * math.exp(-self.efficiency * mean)
        distribution = _photon_distribution(light, "light")
        miss = (1.0 - self.efficiency) ** np.arange(distribution.size)
        return no_dark * float(distribution @ miss)

    def count_probabilities(
        self, photon_distribution: Sequence[float], window_s: float | None = None
    ) -> NDArray[np.float64]:
        """Distribution of the reported outcome for incident photon-number probabilities.

        Number-resolving: probabilities of 0, 1, ..., N counts, with N the largest photon
        number given, plus one final entry for more than N counts (only dark counts can
        push the count above N). Threshold: the two probabilities (no click, click).

        Raises:
            InvalidParameterError: if the probabilities are not a distribution.

        Examples:
            >>> Detector(efficiency=0.5, number_resolving=True).count_probabilities([0, 0, 1])
            array([0.25, 0.5 , 0.25, 0.  ])
            >>> Detector(efficiency=0.5).count_probabilities([0, 0, 1])
            array([0.25, 0.75])
        """
        distribution = _photon_distribution(photon_distribution, "photon_distribution")
        if not self.number_resolving:
            no_click = self._no_click_probability(distribution.tolist(), window_s)
            return np.array([no_click, float(distribution.sum()) - no_click])
        size = distribution.size
        registered = np.zeros(size)
        for n, weight in enumerate(distribution):
            k = np.arange(n + 1)
            binomial = np.array([math.comb(n, int(j)) for j in k], dtype=np.float64)
            eta = self.efficiency
            registered[: n + 1] += weight * binomial * eta**k * (1.0 - eta) ** (n - k)
        mean_dark = self.mean_dark_counts(window_s)
        dark = np.array(
            [math.exp(-mean_dark) * mean_dark**j / math.factorial(j) for j in range(size)]
        )
        counts = np.convolve(registered, dark)[:size]
        return np.append(counts, max(0.0, float(distribution.sum()) - float(counts.sum())))

    def herald_probability(
        self, photon_distribution: Sequence[float], window_s: float | None = None
    ) -> float:
        """Probability that the detector reports what a single-photon herald needs.

        Number-resolving: exactly one count. Threshold: at least one count (it cannot
        tell one photon from several, which is why multi-photon events spoil heralds).

        Raises:
            InvalidParameterError: if the probabilities are not a distribution.

        Examples:
            >>> light = [0.0, 0.5, 0.5]
            >>> Detector(efficiency=1.0, number_resolving=True).herald_probability(light)
            0.5
            >>> Detector(efficiency=1.0).herald_probability(light)
            1.0
        """
        outcomes = self.count_probabilities(photon_distribution, window_s)
        return float(outcomes[1])

    @property
    def max_count_rate_hz(self) -> float:
        """Largest sustained click rate 1 / dead_time_s (``math.inf`` without dead time)."""
        return math.inf if self.dead_time_s == 0.0 else 1.0 / self.dead_time_s

    def is_ready(self, *, now_s: float, last_click_s: float) -> bool:
        """Whether the detector has recovered at ``now_s`` from a click at ``last_click_s``.

        Raises:
            InvalidParameterError: if a time is NaN or infinite, or ``now_s`` precedes
                ``last_click_s``.

        Examples:
            >>> Detector(efficiency=0.9, dead_time_s=50e-9).is_ready(now_s=1e-6, last_click_s=0.0)
            True
        """
        now = check_non_negative(now_s, "now_s", "s")
        last = check_non_negative(last_click_s, "last_click_s", "s")
        if now < last:
            raise InvalidParameterError("now_s", now_s, f"precedes last_click_s={last_click_s!r}")
        return now - last >= self.dead_time_s
