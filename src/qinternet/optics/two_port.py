"""Fock inputs on two ports, ``|N>_i |M>_j``: output amplitudes in polynomial time.

With photons in only two input modes, the ``n x n`` matrix ``U[t, s]`` whose permanent
gives an amplitude has rank at most 2: its columns are ``N`` copies of ``u = U[:, i]``
and ``M`` copies of ``v = U[:, j]`` (rows repeated by ``t``). Expanding the permanent by
which row copies take the column ``u``,

.. code-block:: text

    perm U[t, s] = N! M! [x^N] prod_k (u_k x + v_k)^{t_k},

so the amplitude of the output occupation ``t`` (``sum t = N + M``) is

.. code-block:: text

    <t| U |N, M> = sqrt(N! M! / prod_k t_k!) [x^N] prod_k (u_k x + v_k)^{t_k}.

The coefficient is built by multiplying in the ``N + M`` linear factors one by one,
keeping only the ``min(N, M) + 1`` coefficients that can still reach the target
degree (when ``N > M`` the roles of ``u`` and ``v`` are swapped), renormalising the
polynomial after each factor and carrying the scale and the factorials as logarithms:
``O((N + M) min(N, M))`` operations, about a millisecond for ``N + M = 137`` photons in
138 modes (the 69-level pachinko machine). No number over- or underflows, but strong
multiphoton interference cancels digits (``|N, N>`` on a 50/50 splitter loses all of
them near ``N = 45``). The same pass therefore bounds the error with the moduli of
the entries, and when the bound exceeds :data:`TARGET_RELATIVE_ERROR` a second,
normwise-stable route keeps the photons as a normalised two-mode state while the
output modes are projected out one by one (beam-splitter rotations of the two modes,
``O((N + M)^2)`` per occupied output mode); the result with the smaller error estimate
is returned (:meth:`TwoPortInput.estimate`).

Examples:
    >>> import numpy as np
    >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
    >>> round(two_port_probability(splitter, (0, 1), (1, 1), (1, 1)), 15)  # HOM dip
    0.0
    >>> round(two_port_probability(splitter, (0, 1), (1, 1), (2, 0)), 12)
    0.5
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.errors import InvalidParameterError
from qinternet.optics._two_port_kernels import polynomial_coefficient, rotated_log_amplitude
from qinternet.optics._validate import validate_occupation, validate_unitary

__all__ = [
    "TARGET_RELATIVE_ERROR",
    "AmplitudeEstimate",
    "TwoPortInput",
    "search_likely_outcomes",
    "two_port_amplitude",
    "two_port_log_probability",
    "two_port_probability",
]


def _check_pair(name: str, value: Any) -> tuple[int, int]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise InvalidParameterError(name, value, "must be a pair of integers")
    if len(value) != 2:
        raise InvalidParameterError(name, value, "must be a pair of integers")
    pair = []
    for entry in value:
        if isinstance(entry, bool | np.bool_):
            raise InvalidParameterError(name, value, "entries must be integers, not bools")
        try:
            pair.append(operator.index(entry))
        except TypeError as exc:
            raise InvalidParameterError(name, value, "entries must be integers") from exc
    return pair[0], pair[1]


_EPSILON = float(np.finfo(np.float64).eps)
_ORDER_SEED = 20130424  # fixed: the random mode orders make results reproducible

TARGET_RELATIVE_ERROR = 1e-10
"""Below this estimated relative error the fast polynomial route is trusted as it is."""


@dataclass(frozen=True)
class AmplitudeEstimate:
    """An amplitude as ``mantissa * exp(log_scale)`` with an estimate of its rounding error.

    Attributes:
        mantissa: complex number with ``|mantissa| <= 1`` (0 for a zero amplitude).
        log_scale: natural-log scale (``-inf`` for a zero amplitude).
        relative_error: estimated bound on the relative rounding error of the amplitude
            (``inf`` when nothing can be said, e.g. an amplitude that cancels to zero).
    """

    mantissa: complex
    log_scale: float
    relative_error: float

    @property
    def log_probability(self) -> float:
        """Natural log of ``|amplitude|^2`` (``-inf`` for zero)."""
        if self.mantissa == 0:
            return -math.inf
        return 2.0 * (math.log(abs(self.mantissa)) + self.log_scale)


@dataclass(frozen=True)
class TwoPortInput:
    """``|N>`` in input mode ``i`` and ``|M>`` in input mode ``j`` of an interferometer.

    Validates the unitary once; the methods then cost ``O((N + M) min(N, M))`` per
    output occupation (module docstring), which makes this the object to reuse when
    evaluating many outcomes (searches, random walks over outcomes).

    Attributes:
        unitary: the ``m x m`` interferometer unitary (:mod:`qinternet.optics` convention).
        input_modes: the distinct input modes ``(i, j)``.
        photons: the photon numbers ``(N, M)`` in those modes (>= 0).

    Raises:
        DimensionMismatchError: if ``unitary`` is not square.
        NonUnitaryError: if ``unitary`` is not unitary.
        InvalidParameterError: for equal or out-of-range input modes, or negative photons.

    References:
        A. I. Barvinok, "Two algorithmic results for the traveling salesman problem",
        Math. Oper. Res. 21, 65 (1996), doi:10.1287/moor.21.1.65 (permanents of
        low-rank matrices in polynomial time).

    Examples:
        >>> import numpy as np
        >>> source = TwoPortInput(np.eye(3), (0, 2), (2, 1))
        >>> source.probability((2, 0, 1)), source.probability((1, 1, 1))
        (1.0, 0.0)
    """

    unitary: NDArray[np.complex128]
    input_modes: tuple[int, int]
    photons: tuple[int, int]
    _first: NDArray[np.complex128] = field(init=False, repr=False, compare=False)
    _second: NDArray[np.complex128] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unitary = validate_unitary(self.unitary, "unitary")
        num_modes = unitary.shape[0]
        i, j = _check_pair("input_modes", self.input_modes)
        if not (0 <= i < num_modes and 0 <= j < num_modes):
            raise InvalidParameterError(
                "input_modes", self.input_modes, f"must lie in 0 .. {num_modes - 1}"
            )
        if i == j:
            raise InvalidParameterError("input_modes", self.input_modes, "the modes must differ")
        n, m = _check_pair("photons", self.photons)
        if n < 0 or m < 0:
            raise InvalidParameterError("photons", self.photons, "must be >= 0")
        readonly = unitary.copy()
        readonly.setflags(write=False)
        object.__setattr__(self, "unitary", readonly)
        object.__setattr__(self, "input_modes", (i, j))
        object.__setattr__(self, "photons", (n, m))
        object.__setattr__(self, "_first", np.ascontiguousarray(unitary[:, i]))
        object.__setattr__(self, "_second", np.ascontiguousarray(unitary[:, j]))

    @property
    def num_modes(self) -> int:
        """Number of modes ``m``."""
        return int(self.unitary.shape[0])

    @property
    def num_photons(self) -> int:
        """Total photon number ``N + M``."""
        return self.photons[0] + self.photons[1]

    def estimate(self, output_occupation: ArrayLike) -> AmplitudeEstimate:
        """The amplitude with an estimate of its relative rounding error.

        The polynomial route (module docstring) runs with the output modes in two
        orders; their relative disagreement (at least ``n eps``) is the error estimate.
        When it exceeds :data:`TARGET_RELATIVE_ERROR` (interference cancelled digits),
        the rotated-mode route runs in two orders as well and the pair that agrees
        better is returned. With one port empty the amplitude is a plain product,
        accurate to about ``n eps``.

        Raises:
            DimensionMismatchError: if the occupation does not have ``m`` entries.
            InvalidParameterError: if an entry is negative or not an integer.

        Examples:
            >>> import numpy as np
            >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
            >>> twin = TwoPortInput(splitter, (0, 1), (40, 40)).estimate((40, 40))
            >>> bool(twin.relative_error < 1e-10)
            True
        """
        occupation = np.asarray(
            validate_occupation(output_occupation, self.num_modes, "output_occupation"),
            dtype=np.int64,
        )
        return self._estimate_trusted(occupation)

    def _log_factorials(self, counts: NDArray[np.int64]) -> float:
        n, m = self.photons
        total = math.lgamma(n + 1) + math.lgamma(m + 1)
        return 0.5 * (total - sum(math.lgamma(count + 1) for count in counts.tolist()))

    def _polynomial(self, order: NDArray[np.int64], counts: NDArray[np.int64]) -> tuple[complex, float]:
        n, m = self.photons
        first = np.repeat(self._first[order], counts)
        second = np.repeat(self._second[order], counts)
        # [x^n] prod (first x + second) or, with fewer photons in the second port,
        # [y^m] prod (first + second y): the same number, a shorter polynomial.
        if n <= m:
            return polynomial_coefficient(second, first, n)
        return polynomial_coefficient(first, second, m)

    def _fast_log_probability(self, occupation: NDArray[np.int64]) -> float:
        """Polynomial route in one order (for guiding searches; no error estimate)."""
        if int(occupation.sum()) != self.num_photons:
            return -math.inf
        occupied = np.flatnonzero(occupation)
        mantissa, log_scale = self._polynomial(occupied, occupation[occupied])
        if mantissa == 0:
            return -math.inf
        log_magnitude = math.log(abs(mantissa)) + log_scale + self._log_factorials(occupation)
        return 2.0 * log_magnitude

    def _estimate_trusted(self, occupation: NDArray[np.int64]) -> AmplitudeEstimate:
        num_photons = self.num_photons
        if int(occupation.sum()) != num_photons:
            return AmplitudeEstimate(0j, -math.inf, 0.0)
        occupied = np.flatnonzero(occupation)
        counts = occupation[occupied]
        log_factorials = self._log_factorials(counts)
        floor = max(num_photons, 1) * _EPSILON
        polynomial = self._polynomial(occupied, counts)
        if min(self.photons) == 0:  # a product of entries: no cancellation
            return _as_estimate(polynomial, polynomial, log_factorials, floor)
        # Rigorous bound: n eps times the coefficient computed with moduli.
        bound = self._polynomial_bound(occupied, counts)
        polynomial_bound = _relative(bound, polynomial, floor)
        if polynomial_bound <= TARGET_RELATIVE_ERROR:
            return _as_estimate(polynomial, polynomial, log_factorials, polynomial_bound)
        orders = np.random.default_rng(_ORDER_SEED).permuted(np.tile(occupied, (2, 1)), axis=1)
        fast = _as_estimate(
            polynomial, self._polynomial(orders[0], occupation[orders[0]]), log_factorials, floor
        )
        rotated = _as_estimate(
            *(
                rotated_log_amplitude(self._first, self._second, self.photons, occupation, order)
                for order in orders
            ),
            0.0,
            floor,
        )
        if rotated.mantissa == 0 or fast.mantissa == 0:
            return fast if rotated.mantissa == 0 else rotated
        best, other = (rotated, fast) if rotated.relative_error <= fast.relative_error else (fast, rotated)
        cross = _relative((other.mantissa, other.log_scale), (best.mantissa, best.log_scale), 0.0)
        if cross <= 10.0 * max(best.relative_error, other.relative_error):
            return best  # the two routes agree within their own noise
        # The routes disagree: trust the smaller rigorous bound (the rotated route's
        # absolute error is about 4 s sqrt(n + 1) eps for s projected modes).
        log_magnitude = math.log(abs(rotated.mantissa)) + rotated.log_scale
        rotated_bound = 4.0 * occupied.size * math.sqrt(num_photons + 1.0) * _EPSILON
        rotated_bound *= math.exp(min(-log_magnitude, 700.0))
        if min(rotated_bound, polynomial_bound) <= 1e-3:
            if rotated_bound <= polynomial_bound:
                return replace(rotated, relative_error=max(rotated.relative_error, rotated_bound))
            return replace(fast, relative_error=max(fast.relative_error, polynomial_bound))
        return replace(best, relative_error=cross)

    def _polynomial_bound(self, order: NDArray[np.int64], counts: NDArray[np.int64]) -> tuple[complex, float]:
        """The coefficient with moduli of the entries, times ``n eps`` (as mantissa, scale)."""
        n, m = self.photons
        first = np.repeat(np.abs(self._first[order]), counts).astype(np.complex128)
        second = np.repeat(np.abs(self._second[order]), counts).astype(np.complex128)
        if n <= m:
            mantissa, log_scale = polynomial_coefficient(second, first, n)
        else:
            mantissa, log_scale = polynomial_coefficient(first, second, m)
        return mantissa, log_scale + math.log(2.0 * max(n + m, 1) * _EPSILON)

    def log_amplitude(self, output_occupation: ArrayLike) -> tuple[complex, float]:
        """The amplitude as ``(mantissa, log_scale)``: ``mantissa * exp(log_scale)``.

        ``|mantissa| <= 1``. A zero amplitude (including a total photon number other
        than ``N + M``) is ``(0, -inf)``. Use this when amplitudes underflow floats;
        :meth:`estimate` adds the error estimate.

        Raises:
            DimensionMismatchError: if the occupation does not have ``m`` entries.
            InvalidParameterError: if an entry is negative or not an integer.
        """
        estimate = self.estimate(output_occupation)
        return estimate.mantissa, estimate.log_scale

    def amplitude(self, output_occupation: ArrayLike) -> complex:
        """The amplitude ``<t| U |N, M>`` (0 if ``sum t != N + M``)."""
        mantissa, log_scale = self.log_amplitude(output_occupation)
        return 0j if mantissa == 0 else mantissa * math.exp(log_scale)

    def log_probability(self, output_occupation: ArrayLike) -> float:
        """The natural logarithm of the probability (``-inf`` for a zero probability)."""
        return self.estimate(output_occupation).log_probability

    def probability(self, output_occupation: ArrayLike) -> float:
        """The probability ``|<t| U |N, M>|^2`` of the output occupation ``t``."""
        return math.exp(self.log_probability(output_occupation))


def two_port_amplitude(
    unitary: ArrayLike,
    input_modes: tuple[int, int],
    photons: tuple[int, int],
    output_occupation: ArrayLike,
) -> complex:
    """Amplitude of output occupation ``t`` for ``|N>`` in mode ``i`` and ``|M>`` in mode ``j``.

    Args:
        unitary: the ``m x m`` unitary (convention of :mod:`qinternet.optics`).
        input_modes: the two distinct occupied input modes ``(i, j)``.
        photons: ``(N, M)``, the photon numbers entering ``i`` and ``j``.
        output_occupation: ``t``, photons per output mode; 0 is returned if
            ``sum(t) != N + M``.

    Returns:
        ``sqrt(N! M! / prod t_k!) [x^N] prod_k (U[k, i] x + U[k, j])^{t_k}``, equal to
        ``perm(U[t, s]) / sqrt(N! M! prod t_k!)``.

    Raises:
        DimensionMismatchError: if ``unitary`` is not square or ``t`` has the wrong length.
        NonUnitaryError: if ``unitary`` is not unitary.
        InvalidParameterError: for bad modes or negative photon numbers.

    References:
        A. I. Barvinok, Math. Oper. Res. 21, 65 (1996), doi:10.1287/moor.21.1.65.

    Examples:
        >>> import numpy as np
        >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
        >>> z = two_port_amplitude(splitter, (0, 1), (1, 1), (0, 2))
        >>> bool(abs(z - 1j / np.sqrt(2)) < 1e-15)
        True
    """
    return TwoPortInput(np.asarray(unitary), input_modes, photons).amplitude(output_occupation)


def two_port_log_probability(
    unitary: ArrayLike,
    input_modes: tuple[int, int],
    photons: tuple[int, int],
    output_occupation: ArrayLike,
) -> float:
    """Natural logarithm of :func:`two_port_probability` (``-inf`` for zero).

    Arguments and exceptions as :func:`two_port_amplitude`; useful when the probability
    underflows a float (hundreds of photons).

    Examples:
        >>> import numpy as np
        >>> round(two_port_log_probability(np.eye(2), (0, 1), (3, 4), (3, 4)), 12)
        0.0
    """
    source = TwoPortInput(np.asarray(unitary), input_modes, photons)
    return source.log_probability(output_occupation)


def two_port_probability(
    unitary: ArrayLike,
    input_modes: tuple[int, int],
    photons: tuple[int, int],
    output_occupation: ArrayLike,
) -> float:
    """Probability of output occupation ``t`` for ``|N>_i |M>_j`` through ``unitary``.

    Arguments and exceptions as :func:`two_port_amplitude`. The cost is
    ``O((N + M) min(N, M))`` operations after validating the unitary.

    References:
        A. I. Barvinok, Math. Oper. Res. 21, 65 (1996), doi:10.1287/moor.21.1.65.

    Examples:
        >>> import numpy as np
        >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
        >>> round(two_port_probability(splitter, (0, 1), (2, 2), (2, 2)), 12)
        0.25
    """
    source = TwoPortInput(np.asarray(unitary), input_modes, photons)
    return source.probability(output_occupation)


def _distinguishable_mode_occupation(source: TwoPortInput) -> NDArray[np.int64]:
    """The most likely occupation of a multinomial with the two ports' mean intensities.

    Exact for ``M = 0`` (then the output statistics are multinomial); a starting point
    otherwise. Built by adding photons one at a time where ``p_k / (t_k + 1)`` is largest
    (optimal because ``log P`` is separable and concave in the occupations).
    """
    n, m = source.photons
    intensities = n * np.abs(source._first) ** 2 + m * np.abs(source._second) ** 2
    occupation = np.zeros(source.num_modes, dtype=np.int64)
    for _ in range(source.num_photons):
        occupation[int(np.argmax(intensities / (occupation + 1)))] += 1
    return occupation


def search_likely_outcomes(
    source: TwoPortInput,
    *,
    num_steps: int,
    rng: np.random.Generator,
    num_kept: int = 10,
    final_inverse_temperature: float = 10.0,
) -> list[tuple[tuple[int, ...], AmplitudeEstimate]]:
    """Likely output occupations found by an annealed Metropolis walk over outcomes.

    The walk starts at the most likely occupation of distinguishable photons and
    proposes moving one photon from a random occupied detector to a random other one;
    it accepts with the Metropolis-Hastings rule for the target ``P(t)^beta``, the
    inverse temperature ``beta`` rising linearly from 1 to ``final_inverse_temperature``
    so that the walk settles near a maximum. Each step costs one two-port probability
    by the fast polynomial route; the output space is never enumerated. The best
    outcomes visited are then re-evaluated with :meth:`TwoPortInput.estimate` (error
    estimate included). They are not certified to be the most likely of the whole space.

    Args:
        source: the two-port input and interferometer.
        num_steps: number of proposed moves (>= 0).
        rng: the random stream (the result is reproducible from its seed).
        num_kept: how many of the most likely distinct outcomes visited to return (>= 1).
        final_inverse_temperature: ``beta`` at the last step (>= 1).

    Returns:
        Up to ``num_kept`` distinct occupations visited with their amplitude estimates
        (``.log_probability``, ``.relative_error``), most likely first.

    Raises:
        InvalidParameterError: for a negative ``num_steps``, ``num_kept < 1`` or ``beta < 1``.

    References:
        N. Metropolis et al., J. Chem. Phys. 21, 1087 (1953), doi:10.1063/1.1699114;
        S. Kirkpatrick, C. D. Gelatt and M. P. Vecchi, Science 220, 671 (1983),
        doi:10.1126/science.220.4598.671.

    Examples:
        >>> import numpy as np
        >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
        >>> source = TwoPortInput(splitter, (0, 1), (1, 1))
        >>> found = search_likely_outcomes(source, num_steps=20, rng=np.random.default_rng(0))
        >>> [(t, round(float(np.exp(e.log_probability)), 12)) for t, e in found]
        [((2, 0), 0.5), ((0, 2), 0.5)]
    """
    if isinstance(num_steps, bool) or not isinstance(num_steps, int | np.integer):
        raise InvalidParameterError("num_steps", num_steps, "must be an integer")
    if num_steps < 0:
        raise InvalidParameterError("num_steps", num_steps, "must be >= 0")
    if isinstance(num_kept, bool) or not isinstance(num_kept, int | np.integer) or num_kept < 1:
        raise InvalidParameterError("num_kept", num_kept, "must be an integer >= 1")
    beta_final = float(final_inverse_temperature)
    if not (math.isfinite(beta_final) and beta_final >= 1.0):
        raise InvalidParameterError(
            "final_inverse_temperature", final_inverse_temperature, "must be finite and >= 1"
        )
    current = _distinguishable_mode_occupation(source)
    current_log_p = source._fast_log_probability(current)
    visited: dict[tuple[int, ...], float] = {tuple(current.tolist()): current_log_p}
    if source.num_modes < 2 or source.num_photons == 0:
        num_steps = 0
    for step in range(int(num_steps)):
        beta = 1.0 + (beta_final - 1.0) * step / max(int(num_steps) - 1, 1)
        occupied = np.flatnonzero(current)
        origin = int(occupied[rng.integers(occupied.size)])
        target = int(rng.integers(source.num_modes - 1))
        target += target >= origin
        proposal = current.copy()
        proposal[origin] -= 1
        proposal[target] += 1
        key = tuple(proposal.tolist())
        proposal_log_p = visited.get(key)
        if proposal_log_p is None:
            proposal_log_p = source._fast_log_probability(proposal)
            visited[key] = proposal_log_p
        # Hastings factor: the reverse move picks among the proposal's occupied modes.
        log_hastings = math.log(occupied.size / np.count_nonzero(proposal))
        if current_log_p == -math.inf:
            accept = True
        elif proposal_log_p == -math.inf:
            accept = False
        else:
            log_ratio = beta * (proposal_log_p - current_log_p) + log_hastings
            accept = log_ratio >= 0.0 or rng.random() < math.exp(log_ratio)
        if accept:
            current, current_log_p = proposal, proposal_log_p
    # Re-evaluate the best candidates carefully (the fast values may have lost digits).
    candidates = sorted(visited.items(), key=lambda item: item[1], reverse=True)
    estimates = [
        (occupation, source._estimate_trusted(np.asarray(occupation, dtype=np.int64)))
        for occupation, _ in candidates[: 2 * int(num_kept)]
    ]
    estimates.sort(key=lambda item: item[1].log_probability, reverse=True)
    return estimates[: int(num_kept)]


def _relative(
    numerator: tuple[complex, float], denominator: tuple[complex, float], floor: float
) -> float:
    """``|numerator| / |denominator|`` of two ``(mantissa, log_scale)`` pairs, at least ``floor``."""
    if numerator[0] == 0:
        return floor
    if denominator[0] == 0:
        return math.inf
    log_ratio = math.log(abs(numerator[0]) / abs(denominator[0])) + numerator[1] - denominator[1]
    return max(math.exp(min(log_ratio, 700.0)), floor)


def _as_estimate(
    first: tuple[complex, float], second: tuple[complex, float], log_shift: float, floor: float
) -> AmplitudeEstimate:
    """Combine two evaluations ``(mantissa, log_scale)`` of one amplitude into an estimate."""
    (mantissa, log_scale), (other, other_log_scale) = first, second
    if mantissa == 0 or other == 0:
        error = 0.0 if mantissa == other else math.inf
        return AmplitudeEstimate(mantissa, log_scale + log_shift, error)
    shift = other_log_scale - log_scale
    difference = abs(mantissa - other * math.exp(min(shift, 700.0))) / abs(mantissa)
    return AmplitudeEstimate(mantissa, log_scale + log_shift, max(difference, floor))
