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
them near ``N = 45``). A second pass with the moduli of the entries bounds that
error; when the bound exceeds :data:`TARGET_RELATIVE_ERROR`, a second route keeps the
photons as a normalised two-mode state while the output modes are projected out one
by one (beam-splitter rotations of the two modes, ``O((N + M)^2)`` per occupied output
mode, about 15 ms for 137 photons), both routes run in two mode orders, and the
result whose orders and routes agree best is returned with that disagreement as its
error estimate (:meth:`TwoPortInput.estimate`). With one port empty the amplitude is
a plain product (tens of microseconds, no cancellation).

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

from qinternet.core.errors import InvalidParameterError
from qinternet.optics._two_port_kernels import (
    AmplitudeEstimate,
    as_estimate,
    polynomial_coefficient,
    relative_size,
    rotated_log_amplitude,
)
from qinternet.optics._validate import validate_occupation, validate_unitary

__all__ = [
    "TARGET_RELATIVE_ERROR",
    "AmplitudeEstimate",
    "TwoPortInput",
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

    def _polynomial(
        self, order: NDArray[np.int64], counts: NDArray[np.int64]
    ) -> tuple[complex, float]:
        n, m = self.photons
        first = np.repeat(self._first[order], counts)
        second = np.repeat(self._second[order], counts)
        # [x^n] prod (first x + second) or, with fewer photons in the second port,
        # [y^m] prod (first + second y): the same number, a shorter polynomial.
        if n <= m:
            return polynomial_coefficient(second, first, n)
        return polynomial_coefficient(first, second, m)

    def fast_log_probability(self, output_occupation: ArrayLike) -> float:
        """Log-probability by the polynomial route in one pass, without an error estimate.

        About a millisecond for 137 photons (tens of microseconds with one port empty);
        good for guiding searches, where a lost digit does not matter. Use
        :meth:`estimate` or :meth:`log_probability` for reported numbers.

        Raises:
            DimensionMismatchError: if the occupation does not have ``m`` entries.
            InvalidParameterError: if an entry is negative or not an integer.
        """
        occupation = np.asarray(
            validate_occupation(output_occupation, self.num_modes, "output_occupation"),
            dtype=np.int64,
        )
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
            return as_estimate(polynomial, polynomial, log_factorials, floor)
        # Rigorous bound: n eps times the coefficient computed with moduli.
        bound = self._polynomial_bound(occupied, counts)
        polynomial_bound = relative_size(bound, polynomial, floor)
        if polynomial_bound <= TARGET_RELATIVE_ERROR:
            return as_estimate(polynomial, polynomial, log_factorials, polynomial_bound)
        orders = np.random.default_rng(_ORDER_SEED).permuted(np.tile(occupied, (2, 1)), axis=1)
        fast = as_estimate(
            polynomial, self._polynomial(orders[0], occupation[orders[0]]), log_factorials, floor
        )
        first_rotated, second_rotated = (
            rotated_log_amplitude(self._first, self._second, self.photons, occupation, order)
            for order in orders
        )
        rotated = as_estimate(first_rotated, second_rotated, 0.0, floor)
        if rotated.mantissa == 0 or fast.mantissa == 0:
            return fast if rotated.mantissa == 0 else rotated
        best, other = (
            (rotated, fast) if rotated.relative_error <= fast.relative_error else (fast, rotated)
        )
        cross = as_estimate(
            (best.mantissa, best.log_scale), (other.mantissa, other.log_scale), 0.0, floor
        ).relative_error
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

    def _polynomial_bound(
        self, order: NDArray[np.int64], counts: NDArray[np.int64]
    ) -> tuple[complex, float]:
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
