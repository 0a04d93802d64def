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
polynomial after each factor and carrying the scale and the factorials as logarithms.
The cost is ``O((N + M) min(N, M))``; no intermediate number over- or underflows, so
``N + M = 137`` photons in 138 modes (the 69-level pachinko machine) take well under a
millisecond per outcome.

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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.errors import InvalidParameterError
from qinternet.optics._validate import validate_occupation, validate_unitary

__all__ = [
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


def _log_coefficient(
    constant_terms: NDArray[np.complex128],
    linear_terms: NDArray[np.complex128],
    degree: int,
) -> tuple[complex, float]:
    """``[z^degree] prod_f (constant_f + linear_f z)`` as ``(mantissa, log_scale)``.

    The value is ``mantissa * exp(log_scale)`` with ``|mantissa| <= 1``; a zero
    coefficient is returned as ``(0, -inf)``. Trusted inputs: one entry per factor.
    """
    polynomial = np.zeros(degree + 1, dtype=np.complex128)
    polynomial[0] = 1.0
    log_scale = 0.0
    for constant, linear in zip(constant_terms.tolist(), linear_terms.tolist(), strict=True):
        shifted = polynomial[:-1] * linear
        polynomial *= constant
        polynomial[1:] += shifted
        largest = float(np.max(np.abs(polynomial)))
        if largest == 0.0:
            return 0j, -math.inf
        polynomial /= largest
        log_scale += math.log(largest)
    mantissa = complex(polynomial[degree])
    if mantissa == 0:
        return 0j, -math.inf
    return mantissa, log_scale


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

    def log_amplitude(self, output_occupation: ArrayLike) -> tuple[complex, float]:
        """The amplitude as ``(mantissa, log_scale)``: ``mantissa * exp(log_scale)``.

        ``|mantissa| <= 1``. A zero amplitude (including a total photon number other
        than ``N + M``) is ``(0, -inf)``. Use this when amplitudes underflow floats.

        Raises:
            DimensionMismatchError: if the occupation does not have ``m`` entries.
            InvalidParameterError: if an entry is negative or not an integer.
        """
        occupation = np.asarray(
            validate_occupation(output_occupation, self.num_modes, "output_occupation"),
            dtype=np.int64,
        )
        return self._log_amplitude_trusted(occupation)

    def _log_amplitude_trusted(self, occupation: NDArray[np.int64]) -> tuple[complex, float]:
        n, m = self.photons
        if int(occupation.sum()) != n + m:
            return 0j, -math.inf
        occupied = np.flatnonzero(occupation)
        repeats = occupation[occupied]
        first = np.repeat(self._first[occupied], repeats)
        second = np.repeat(self._second[occupied], repeats)
        # [x^n] prod (first x + second) or, with fewer photons in the second port,
        # [y^m] prod (first + second y): the same number, a shorter polynomial.
        if n <= m:
            mantissa, log_scale = _log_coefficient(second, first, n)
        else:
            mantissa, log_scale = _log_coefficient(first, second, m)
        if mantissa == 0:
            return 0j, -math.inf
        log_factorials = math.lgamma(n + 1) + math.lgamma(m + 1)
        log_factorials -= sum(math.lgamma(count + 1) for count in repeats.tolist())
        return mantissa, log_scale + 0.5 * log_factorials

    def amplitude(self, output_occupation: ArrayLike) -> complex:
        """The amplitude ``<t| U |N, M>`` (0 if ``sum t != N + M``)."""
        mantissa, log_scale = self.log_amplitude(output_occupation)
        return 0j if mantissa == 0 else mantissa * math.exp(log_scale)

    def log_probability(self, output_occupation: ArrayLike) -> float:
        """The natural logarithm of the probability (``-inf`` for a zero probability)."""
        mantissa, log_scale = self.log_amplitude(output_occupation)
        if mantissa == 0:
            return -math.inf
        return 2.0 * (math.log(abs(mantissa)) + log_scale)

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
