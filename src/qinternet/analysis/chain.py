"""Exact waiting time and fidelity of a nested repeater chain (Brand, Coopmans, Elkouss).

The chain has ``2**n`` segments (``n = num_levels``). Time runs in *attempts* (one
attempt = one round of elementary entanglement generation), and the model is:

- **level 0**: each segment's link is heralded after a geometric number of attempts,
  ``Pr(T_0 = t) = p (1 - p)**(t - 1)``, as a Werner state of parameter ``w_0``;
- **level k + 1**: two level-k links are produced in parallel (independently); the
  first one waits in memory for the other, its Werner parameter decaying as
  ``exp(-wait / T_coh)``; then an entanglement swap joins them, with success probability
  ``p_swap`` and output ``w = w_A w_B exp(-|T_A - T_B| / T_coh)`` (Werner states stay
  Werner states under swapping: ``F = F_A F_B + (1 - F_A)(1 - F_B)/3``). A failed swap
  loses both links and the round starts again with two fresh level-k links;
- **cut-off** (optional, per level): a link that has waited ``cutoff`` attempts for its
  partner is discarded and the round starts again from scratch (the memory time
  cut-off of Li, Coopmans, Elkouss); such a round lasts ``min(T_A, T_B) + cutoff``.

The delivered state is a Werner state with fidelity ``(1 + 3 w) / 4`` to phi+.

:func:`chain_statistics` computes the distribution of the waiting time of the top level
and the mean of its Werner parameter given each waiting time (the "Werner parameter
function"), level by level on arrays of length ``L``: the max of two i.i.d. waiting times
from their CDF, the geometric compound of failed rounds by FFT
(:mod:`qinternet.analysis.distributions`). Entries below ``L`` are exact up to rounding;
``L`` doubles until the mass beyond it is at most ``tail_mass``. Milliseconds for an
8-segment chain; the oracle for :mod:`qinternet.analysis.monte_carlo`.

References:
    S. Brand, T. Coopmans, D. Elkouss, "Efficient computation of the waiting time and
    fidelity in quantum repeater chains", IEEE J. Sel. Areas Commun. 38, 619 (2020),
    doi:10.1109/JSAC.2020.2969037, arXiv:1912.07688.
    B. Li, T. Coopmans, D. Elkouss, "Efficient optimization of cut-offs in quantum
    repeater chains", IEEE Trans. Quantum Eng. 2, 4101015 (2021),
    arXiv:2005.06615.

Examples:
    >>> from dataclasses import replace
    >>> stats = chain_statistics(ChainParameters(1, 0.1), tail_mass=1e-13)
    >>> round(stats.mean_waiting_time, 6)  # (3 - 2p) / (p (2 - p))
    14.736842
    >>> eight = ChainParameters(3, 0.1, swap_success_probability=0.5, link_werner=0.98,
    ...                         coherence_time_attempts=1000.0)
    >>> stats = chain_statistics(eight)
    >>> stats.truncation_mass <= 1e-10, round(stats.mean_waiting_time, 1)
    (True, 242.3)
    >>> round(stats.mean_fidelity, 4)
    0.7945
    >>> cut = chain_statistics(replace(eight, cutoff_attempts=200))  # better, a bit slower
    >>> round(cut.mean_fidelity, 4), round(cut.mean_waiting_time, 1)
    (0.8012, 248.9)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.analysis.distributions import geometric_pmf, join_pair, repeat_until_success
from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, ResourceLimitError
from qinternet.core.validation import check_real

FloatArray = NDArray[np.float64]

MIN_WERNER = -1.0 / 3.0
"""The smallest Werner parameter of a state (fidelity 0)."""

MIN_TAIL_MASS = 1e-14
"""Smaller tail masses are below the rounding error of summing the distribution."""

DEFAULT_MAX_LENGTH = 1 << 24
"""Longest distribution array :func:`chain_statistics` allocates (about 134 MB each)."""

_RELIABLE_RATIO = 1e-8
"""``werner_parameter[t]`` is reported where ``pmf[t] > _RELIABLE_RATIO * max(pmf)``: below,
FFT rounding (about 1e-16 of the largest entry) would spoil the ratio (relative
error about 1e-16 * max(pmf) / pmf[t], so at most about 1e-8 where reported)."""


def fidelity_from_werner(werner: float) -> float:
    """Fidelity ``(1 + 3 w) / 4`` to phi+ of the Werner state with parameter ``w``.

    Examples:
        >>> fidelity_from_werner(1.0), fidelity_from_werner(0.0)
        (1.0, 0.25)
    """
    return (1.0 + 3.0 * werner) / 4.0


def werner_from_fidelity(fidelity: float) -> float:
    """Werner parameter ``(4 F - 1) / 3`` of the Werner state of fidelity ``F``.

    Raises:
        InvalidParameterError: if ``fidelity`` is not in [0, 1].

    Examples:
        >>> round(werner_from_fidelity(0.9), 12)
        0.866666666667
    """
    value = check_real(fidelity, "fidelity")
    if not 0.0 <= value <= 1.0:
        raise InvalidParameterError("fidelity", fidelity, "must lie in [0, 1]")
    return (4.0 * value - 1.0) / 3.0


def _probability(value: Any, name: str) -> float:
    number = check_real(value, name)
    if not 0.0 < number <= 1.0:
        raise InvalidParameterError(name, value, "must lie in (0, 1]")
    return number


def _cutoff(value: Any, name: str) -> float:
    if value is None:
        return math.inf
    number = check_real(value, name)
    if number < 1.0:
        raise InvalidParameterError(
            name, value, "a cut-off must be at least one attempt (None: no cut-off)"
        )
    return number if math.isinf(number) else float(math.floor(number))


@dataclass(frozen=True)
class ChainParameters:
    """A nested (doubling) repeater chain of ``2**num_levels`` segments, time in attempts.

    Args:
        num_levels: nesting levels ``n >= 0``; the chain has ``2**n`` segments
            (``0``: a single elementary link).
        link_success_probability: success probability ``p`` of one elementary
            generation attempt, in (0, 1].
        swap_success_probability: success probability of an entanglement swap, in (0, 1].
        link_werner: Werner parameter ``w_0`` of a fresh elementary link, in [-1/3, 1]
            (use :func:`werner_from_fidelity` for a link fidelity).
        coherence_time_attempts: ``T_coh`` in attempts: a stored link's Werner parameter
            decays as ``exp(-t / T_coh)`` (> 0; ``math.inf``: perfect memories).
        cutoff_attempts: the most attempts a link may wait for its partner before it is
            discarded: ``None`` (no cut-off), one number >= 1 for every level, or a
            sequence of ``num_levels`` entries (``None`` or >= 1) for levels 1..n.
            Fractions round down (links wait whole attempts).

    Raises:
        InvalidParameterError: for a parameter outside its range, named with its value.
        DimensionMismatchError: for a cut-off sequence whose length is not ``num_levels``.

    Examples:
        >>> ChainParameters(2, 0.05, cutoff_attempts=30).level_cutoffs
        (30.0, 30.0)
        >>> ChainParameters(3, 0.1).num_segments
        8
        >>> ChainParameters(1, 1.5)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: link_success_probability=1.5: must lie in (0, 1]
    """

    num_levels: int
    link_success_probability: float
    swap_success_probability: float = 1.0
    link_werner: float = 1.0
    coherence_time_attempts: float = math.inf
    cutoff_attempts: float | tuple[float | None, ...] | None = None
    level_cutoffs: tuple[float, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        levels = self.num_levels
        if isinstance(levels, bool) or not isinstance(levels, int | np.integer) or levels < 0:
            raise InvalidParameterError("num_levels", levels, "must be an integer >= 0")
        set_ = object.__setattr__
        set_(self, "num_levels", int(levels))
        set_(
            self,
            "link_success_probability",
            _probability(self.link_success_probability, "link_success_probability"),
        )
        set_(
            self,
            "swap_success_probability",
            _probability(self.swap_success_probability, "swap_success_probability"),
        )
        werner = check_real(self.link_werner, "link_werner")
        if not MIN_WERNER <= werner <= 1.0:
            raise InvalidParameterError("link_werner", self.link_werner, "must lie in [-1/3, 1]")
        set_(self, "link_werner", werner)
        coherence = check_real(self.coherence_time_attempts, "coherence_time_attempts")
        if coherence <= 0.0:
            raise InvalidParameterError(
                "coherence_time_attempts",
                self.coherence_time_attempts,
                "must be > 0 attempts (math.inf: no decoherence)",
            )
        set_(self, "coherence_time_attempts", coherence)
        set_(self, "level_cutoffs", self._normalise_cutoffs())

    def _normalise_cutoffs(self) -> tuple[float, ...]:
        value = self.cutoff_attempts
        if isinstance(value, Sequence) and not isinstance(value, str):
            if len(value) != self.num_levels:
                raise DimensionMismatchError(
                    "cutoff_attempts",
                    value,
                    f"needs one entry per level, {self.num_levels}, not {len(value)}",
                )
            cutoffs = tuple(_cutoff(c, f"cutoff_attempts[{i}]") for i, c in enumerate(value))
            object.__setattr__(self, "cutoff_attempts", tuple(value))
            return cutoffs
        cutoff = _cutoff(value, "cutoff_attempts")
        return (cutoff,) * self.num_levels

    @property
    def num_segments(self) -> int:
        """Number of elementary links, ``2**num_levels``."""
        return 1 << self.num_levels

    @property
    def link_fidelity(self) -> float:
        """Fidelity ``(1 + 3 w_0) / 4`` of a fresh elementary link."""
        return fidelity_from_werner(self.link_werner)

    @property
    def decay_per_attempt(self) -> float:
        """``exp(-1 / T_coh)``: the factor on a stored link's Werner parameter per attempt."""
        return math.exp(-1.0 / self.coherence_time_attempts)


@dataclass(frozen=True)
class ChainStatistics:
    """The waiting time and delivered Werner parameter of a chain (see :func:`chain_statistics`).

    Attributes:
        parameters: the chain.
        waiting_time_pmf: ``Pr(T = t)`` for ``t = 0 .. L-1`` attempts (read-only;
            ``T`` counts attempts until the end-to-end link exists, so entry 0 is 0).
        werner_parameter: ``E[w | T = t]`` (read-only); NaN where ``Pr(T = t)`` is below
            1e-8 of its maximum, where FFT rounding would spoil the ratio.
        mean_waiting_time: ``E[T | T < L]`` in attempts; the neglected tail changes it by
            about ``truncation_mass * L``.
        mean_werner_parameter: ``E[w | T < L]`` of the delivered link.
        truncation_mass: ``Pr(T >= L) = 1 - sum(waiting_time_pmf)``.

    Raises:
        DimensionMismatchError: if the two arrays are not 1-D of one length.
        InvalidParameterError: if ``truncation_mass`` is not in [0, 1].
    """

    parameters: ChainParameters
    waiting_time_pmf: FloatArray
    werner_parameter: FloatArray
    mean_waiting_time: float
    mean_werner_parameter: float
    truncation_mass: float

    def __post_init__(self) -> None:
        pmf = np.array(self.waiting_time_pmf, dtype=np.float64)
        werner = np.array(self.werner_parameter, dtype=np.float64)
        if pmf.ndim != 1 or werner.shape != pmf.shape:
            raise DimensionMismatchError(
                "werner_parameter",
                werner,
                f"must be 1-D with the shape of waiting_time_pmf {pmf.shape}",
            )
        if not 0.0 <= self.truncation_mass <= 1.0:
            raise InvalidParameterError("truncation_mass", self.truncation_mass, "not in [0, 1]")
        pmf.flags.writeable = False
        werner.flags.writeable = False
        object.__setattr__(self, "waiting_time_pmf", pmf)
        object.__setattr__(self, "werner_parameter", werner)

    @property
    def mean_fidelity(self) -> float:
        """Mean fidelity ``(1 + 3 E[w]) / 4`` of the delivered link to phi+."""
        return fidelity_from_werner(self.mean_werner_parameter)

    @property
    def fidelity(self) -> FloatArray:
        """``E[F | T = t] = (1 + 3 E[w | T = t]) / 4`` (NaN where the Werner parameter is)."""
        return np.asarray((1.0 + 3.0 * self.werner_parameter) / 4.0, dtype=np.float64)

    @property
    def waiting_time_cdf(self) -> FloatArray:
        """``Pr(T <= t)`` for ``t = 0 .. L-1``."""
        return np.cumsum(self.waiting_time_pmf)


def _initial_length(params: ChainParameters, tail_mass: float) -> int:
    """A power of two near ``(estimated mean) * ln(1 / tail_mass)``: the max of two
    geometric waiting times has about 1.5 times their mean."""
    mean = 1.0 / params.link_success_probability
    for _ in range(params.num_levels):
        mean *= 1.5 / params.swap_success_probability
    target = max(16.0, mean * math.log(1.0 / tail_mass))
    return 1 << min(62, math.ceil(math.log2(target)))


def _distributions(params: ChainParameters, length: int) -> tuple[FloatArray, FloatArray]:
    pmf = geometric_pmf(params.link_success_probability, length)
    werner_mass = params.link_werner * pmf
    decay = params.decay_per_attempt
    for cutoff in params.level_cutoffs:
        joined = join_pair(pmf, werner_mass, cutoff=cutoff, decay=decay)
        pmf, werner_mass = repeat_until_success(joined, params.swap_success_probability)
    return pmf, werner_mass


def chain_statistics(
    params: ChainParameters,
    *,
    tail_mass: float = 1e-10,
    max_length: int = DEFAULT_MAX_LENGTH,
) -> ChainStatistics:
    """The exact waiting-time distribution and Werner parameter function of a chain.

    Level by level (see the module docstring for the model): the success of a round is
    the max of two i.i.d. waiting times, kept if their difference is within the cut-off;
    the level's waiting time is the geometric compound of failed rounds (failed swaps,
    cut-offs) and one successful round; the Werner parameter is carried as the weighted
    array ``Pr(T = t) E[w | T = t]`` through the same operations. No history is
    enumerated: ``O(n L log L)`` for ``n`` levels on arrays of length ``L``.

    Args:
        params: the chain.
        tail_mass: the largest acceptable ``Pr(T >= L)``, in [1e-14, 0.5]; ``L`` (a power
            of two) doubles until the computed distribution holds ``1 - tail_mass``.
        max_length: the longest array allowed, a guard against chains that would need
            more memory than the machine has.

    Returns:
        :class:`ChainStatistics` with the distribution, the Werner parameter function,
        their means and the truncation mass.

    Raises:
        InvalidParameterError: if ``tail_mass`` or ``max_length`` is out of range.
        ResourceLimitError: if the distribution needs more than ``max_length`` entries
            (a chain that almost never delivers, e.g. a very short cut-off).

    References:
        Brand, Coopmans, Elkouss, IEEE JSAC 38, 619 (2020), arXiv:1912.07688;
        Li, Coopmans, Elkouss, IEEE TQE 2, 4101015 (2021), arXiv:2005.06615.

    Examples:
        >>> stats = chain_statistics(ChainParameters(2, 0.2, link_werner=0.9))
        >>> round(stats.mean_werner_parameter, 12)  # perfect memories: w_0 ** 4
        0.6561
        >>> round(float(stats.waiting_time_pmf.sum() + stats.truncation_mass), 12)
        1.0
    """
    if not isinstance(params, ChainParameters):
        raise InvalidParameterError("params", params, "must be a ChainParameters")
    tail = check_real(tail_mass, "tail_mass")
    if not MIN_TAIL_MASS <= tail <= 0.5:
        raise InvalidParameterError("tail_mass", tail_mass, f"must lie in [{MIN_TAIL_MASS}, 0.5]")
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 16:
        raise InvalidParameterError("max_length", max_length, "must be an integer >= 16")
    length = _initial_length(params, tail)
    while True:
        if length > max_length:
            raise ResourceLimitError(
                "params",
                params,
                f"needs more than max_length={max_length} attempts of waiting-time "
                f"distribution (about {8 * 8 * length / 1e9:.2g} GB) for "
                f"tail_mass={tail_mass}",
            )
        pmf, werner_mass = _distributions(params, length)
        captured = float(pmf.sum())
        truncation = max(0.0, 1.0 - captured)
        if truncation <= tail:
            break
        length *= 2
    reliable = pmf > _RELIABLE_RATIO * float(pmf.max())
    werner = np.full(length, np.nan)
    werner[reliable] = werner_mass[reliable] / pmf[reliable]
    t = np.arange(length, dtype=np.float64)
    return ChainStatistics(
        parameters=params,
        waiting_time_pmf=pmf,
        werner_parameter=werner,
        mean_waiting_time=float(t @ pmf) / captured,
        mean_werner_parameter=float(werner_mass.sum()) / captured,
        truncation_mass=truncation,
    )
