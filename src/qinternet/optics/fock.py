"""Fock states through a linear interferometer: amplitudes, probabilities, distributions.

Convention (see :mod:`qinternet.optics`): ``U`` sends input mode ``j`` to
``sum_k U[k, j] b_k^dagger``; the amplitude of output occupation ``t`` for input
occupation ``s`` is ``perm(U[t, s]) / sqrt(prod(s!) prod(t!))``.

Examples:
    >>> import numpy as np
    >>> splitter = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    >>> fock_probability(splitter, (1, 1), (1, 1))  # Hong-Ou-Mandel: no coincidences
    0.0
    >>> dict(output_distribution(splitter, (1, 1)))
    {(0, 2): 0.5, (1, 1): 0.0, (2, 0): 0.5}
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, ParameterError
from qinternet.core.validation import check_count
from qinternet.optics import _slos
from qinternet.optics._validate import (
    DEFAULT_MAX_MEMORY_BYTES,
    check_memory,
    fock_dimension,
    validate_occupation,
    validate_unitary,
)
from qinternet.optics.permanent import permanent


def hilbert_dimension(num_photons: int, num_modes: int) -> int:
    """Number of Fock states of ``num_photons`` photons in ``num_modes`` modes.

    ``C(N + m - 1, N)``, exact (Python integers of any size).

    Raises:
        InvalidParameterError: if ``num_photons < 0``, ``num_modes < 1`` or either is
            not an integer.

    References:
        S. Aaronson and A. Arkhipov, "The computational complexity of linear optics",
        Theory of Computing 9, 143 (2013), arXiv:1011.3245 (the space Phi_{m,n}).

    Examples:
        >>> hilbert_dimension(2, 2)
        3
        >>> hilbert_dimension(10, 20)
        20030010
    """
    photons = check_count(num_photons, "num_photons")
    modes = check_count(num_modes, "num_modes", 1)
    return fock_dimension(photons, modes)


def fock_amplitude(
    unitary: ArrayLike, input_occupation: ArrayLike, output_occupation: ArrayLike
) -> complex:
    """Amplitude ``<t| U |s>`` of output occupation ``t`` for input occupation ``s``.

    ``perm(U[t, s]) / sqrt(prod(s!) prod(t!))``, zero if the photon numbers differ.

    Args:
        unitary: ``m x m`` unitary (convention of :mod:`qinternet.optics`).
        input_occupation: ``m`` photon numbers entering the modes.
        output_occupation: ``m`` photon numbers leaving the modes.

    Raises:
        NonUnitaryError: if ``unitary`` is not unitary to 1e-10.
        DimensionMismatchError: if an occupation does not have ``m`` entries.
        InvalidParameterError: for negative or non-integer photon numbers, NaN or inf.

    References:
        S. Scheel, "Permanents in linear optical networks", arXiv:quant-ph/0406127.

    Examples:
        >>> import numpy as np
        >>> splitter = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
        >>> round(abs(fock_amplitude(splitter, (1, 1), (2, 0))) ** 2, 12)
        0.5
    """
    matrix = validate_unitary(unitary)
    num_modes = matrix.shape[0]
    inputs = validate_occupation(input_occupation, num_modes, "input_occupation")
    outputs = validate_occupation(output_occupation, num_modes, "output_occupation")
    if sum(inputs) != sum(outputs):
        return 0j
    rows = np.repeat(np.arange(num_modes), outputs)
    cols = np.repeat(np.arange(num_modes), inputs)
    norm = math.prod(math.sqrt(math.factorial(c)) for c in (*inputs, *outputs))
    return permanent(matrix[np.ix_(rows, cols)]) / norm


def fock_probability(
    unitary: ArrayLike, input_occupation: ArrayLike, output_occupation: ArrayLike
) -> float:
    """Probability ``|<t| U |s>|**2`` of output occupation ``t`` for input ``s``.

    Arguments, conventions and errors as in :func:`fock_amplitude`.

    References:
        S. Aaronson and A. Arkhipov, "The computational complexity of linear optics",
        arXiv:1011.3245.

    Examples:
        >>> import numpy as np
        >>> splitter = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
        >>> fock_probability(splitter, (2, 0), (1, 1))
        0.5
    """
    return abs(fock_amplitude(unitary, input_occupation, output_occupation)) ** 2


class FockDistribution(Mapping[tuple[int, ...], float]):
    """Probabilities of all output occupations of ``num_photons`` photons in ``num_modes`` modes.

    A read-only mapping from occupation tuples to probabilities, backed by one float64
    array indexed by the colex rank of the occupation (no per-outcome Python objects).
    Keys not in the support (wrong length, wrong photon number, not integers) raise
    ``KeyError``; use ``.get(key, 0.0)`` for a default. Iteration runs in index order.

    Args:
        probabilities: one probability per occupation, in index order.
        num_photons: total photon number ``N >= 0``.
        num_modes: number of modes ``m >= 1``.

    Raises:
        DimensionMismatchError: if ``len(probabilities) != C(N + m - 1, N)``.

    References:
        N. Heurtel et al., "Strong simulation of linear optical processes",
        arXiv:2206.10549 (occupations indexed by rank, one flat array per photon number).

    Examples:
        >>> dist = FockDistribution(np.array([0.25, 0.5, 0.25]), 2, 2)
        >>> dist.occupation(0), dist.index((1, 1)), dist[(2, 0)]
        ((0, 2), 1, 0.25)
        >>> dist.most_likely(1)
        [((1, 1), 0.5)]
    """

    __slots__ = ("_probabilities", "num_modes", "num_photons")

    def __init__(self, probabilities: ArrayLike, num_photons: int, num_modes: int) -> None:
        size = hilbert_dimension(num_photons, num_modes)
        array = np.array(probabilities, dtype=np.float64)
        if array.shape != (size,):
            raise DimensionMismatchError(
                "probabilities", probabilities, f"must have shape ({size},) for this Fock space"
            )
        array.flags.writeable = False
        self._probabilities = array
        self.num_photons = int(num_photons)
        self.num_modes = int(num_modes)

    @classmethod
    def _from_trusted(
        cls, probabilities: NDArray[np.float64], num_photons: int, num_modes: int
    ) -> FockDistribution:
        """Wrap an array of the right shape and dtype without copying it."""
        distribution = cls.__new__(cls)
        probabilities.flags.writeable = False
        distribution._probabilities = probabilities
        distribution.num_photons = num_photons
        distribution.num_modes = num_modes
        return distribution

    @property
    def probabilities(self) -> NDArray[np.float64]:
        """All probabilities (read-only float64 array) in index order."""
        return self._probabilities

    def __len__(self) -> int:
        return int(self._probabilities.shape[0])

    def __getitem__(self, occupation: tuple[int, ...]) -> float:
        try:
            return float(self._probabilities[self.index(occupation)])
        except ParameterError:
            raise KeyError(occupation) from None

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        num_bars = self.num_modes - 1
        bars = list(range(num_bars))
        for position in range(len(self)):
            yield _occupation_from_bars(bars, self.num_photons, self.num_modes)
            if position + 1 < len(self):
                top = 0
                while top < num_bars - 1 and bars[top] + 1 == bars[top + 1]:
                    top += 1
                bars[top] += 1
                bars[:top] = range(top)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FockDistribution):
            return (
                self.num_photons == other.num_photons
                and self.num_modes == other.num_modes
                and bool(np.array_equal(self._probabilities, other._probabilities))
            )
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"FockDistribution(num_photons={self.num_photons}, num_modes={self.num_modes}, "
            f"len={len(self)})"
        )

    def index(self, occupation: Any) -> int:
        """Colex rank of ``occupation``: its position in :attr:`probabilities`.

        With bars ``b_i = t_0 + ... + t_i + i`` (``i < m - 1``) the rank is
        ``sum_i C(b_i, i + 1)``.

        Raises:
            DimensionMismatchError: if ``occupation`` does not have ``num_modes`` entries.
            InvalidParameterError: for negative or non-integer entries, or a photon
                number other than ``num_photons``.
        """
        counts = validate_occupation(occupation, self.num_modes, "occupation")
        if sum(counts) != self.num_photons:
            raise InvalidParameterError(
                "occupation", occupation, f"must hold {self.num_photons} photons"
            )
        rank = 0
        partial = 0
        for bar_index in range(self.num_modes - 1):
            partial += counts[bar_index]
            rank += math.comb(partial + bar_index, bar_index + 1)
        return rank

    def occupation(self, index: int) -> tuple[int, ...]:
        """The occupation at position ``index`` of :attr:`probabilities` (inverse of :meth:`index`).

        Raises:
            InvalidParameterError: if ``index`` is not an integer in ``[0, len)``.
        """
        position = check_count(index, "index")
        if position >= len(self):
            raise InvalidParameterError("index", index, f"must be < {len(self)}")
        bars = [0] * (self.num_modes - 1)
        upper = self.num_photons + self.num_modes - 2
        for bar_index in range(self.num_modes - 2, -1, -1):
            while math.comb(upper, bar_index + 1) > position:
                upper -= 1
            bars[bar_index] = upper
            position -= math.comb(upper, bar_index + 1)
            upper -= 1
        return _occupation_from_bars(bars, self.num_photons, self.num_modes)

    def most_likely(self, count: int) -> list[tuple[tuple[int, ...], float]]:
        """The ``count`` most likely occupations with their probabilities, most likely first.

        Ties are broken by index. ``count`` larger than ``len(self)`` returns all.

        Raises:
            InvalidParameterError: if ``count`` is not a non-negative integer.
        """
        wanted = min(check_count(count, "count"), len(self))
        if wanted == 0:
            return []
        top = np.sort(np.argpartition(-self._probabilities, wanted - 1)[:wanted])
        top = top[np.argsort(-self._probabilities[top], kind="stable")]
        return [(self.occupation(int(i)), float(self._probabilities[i])) for i in top]

    def total(self) -> float:
        """Sum of all probabilities (1 up to rounding for a unitary)."""
        return float(np.sum(self._probabilities))


def output_distribution(
    unitary: ArrayLike,
    input_occupation: ArrayLike,
    *,
    max_memory_bytes: int = DEFAULT_MAX_MEMORY_BYTES,
) -> FockDistribution:
    """All output probabilities of a Fock input, by dynamic programming over photons.

    SLOS: the photons of the input are created one at a time. After ``k`` photons the
    state is a vector over the ``C(k + m - 1, k)`` occupations of ``k`` photons; adding a
    photon of input mode ``j`` maps it to the next layer by
    ``c'_t = sum_i U[i, j] sqrt(t_i) c_{t - e_i}``, one pass over the layer. The cost is
    ``O(m C(N + m - 1, N))`` instead of one permanent per outcome. Occupations are
    indexed by colex rank; the occupations that share the photons of the last modes are
    contiguous, so those modes add whole blocks of the previous layer, and only the
    first few modes go through rank tables (at most 8 MiB, shared by all layers; see
    ``_kernels_slos``). Peak memory is about
    ``16 C(N+m-2, N-1) + max(16 C(N+m-3, N-2), 8 C(N+m-1, N))`` bytes plus the tables.

    Args:
        unitary: ``m x m`` unitary (convention of :mod:`qinternet.optics`).
        input_occupation: ``m`` photon numbers entering the modes.
        max_memory_bytes: refuse (before allocating) if the estimate exceeds this.

    Returns:
        A :class:`FockDistribution` over all occupations with the input's photon number.

    Raises:
        NonUnitaryError: if ``unitary`` is not unitary to 1e-10.
        DimensionMismatchError: if ``input_occupation`` does not have ``m`` entries.
        InvalidParameterError: for negative or non-integer photon numbers, NaN or inf.
        ResourceLimitError: if the estimated memory exceeds ``max_memory_bytes``.

    References:
        N. Heurtel et al., "Strong simulation of linear optical processes",
        Comput. Phys. Commun. 291, 108848 (2023), arXiv:2206.10549.

    Examples:
        >>> import numpy as np
        >>> tritter = np.exp(2j * np.pi * np.outer(range(3), range(3)) / 3) / np.sqrt(3)
        >>> dist = output_distribution(tritter, (1, 1, 1))
        >>> len(dist), round(dist.total(), 12), round(dist[(1, 1, 1)], 12)
        (10, 1.0, 0.333333333333)
    """
    matrix = validate_unitary(unitary)
    num_modes = matrix.shape[0]
    inputs = validate_occupation(input_occupation, num_modes, "input_occupation")
    limit = check_count(max_memory_bytes, "max_memory_bytes", 1)
    num_photons = sum(inputs)
    check_memory(_distribution_bytes(num_photons, num_modes), limit, "output_distribution")
    if num_photons == 0:
        return FockDistribution(np.ones(1), 0, num_modes)
    probabilities = _slos.slos_probabilities(matrix, inputs)
    return FockDistribution._from_trusted(probabilities, num_photons, num_modes)


def _distribution_bytes(num_photons: int, num_modes: int) -> int:
    """Peak bytes of :func:`output_distribution`: the two live layers plus tables."""

    def layer(k: int) -> int:
        return fock_dimension(k, num_modes) if k >= 0 else 0

    largest = 16 * layer(num_photons - 1) + max(16 * layer(num_photons - 2), 8 * layer(num_photons))
    tables = _slos.LOW_TABLE_BYTES + 8 * (num_photons + num_modes) * (num_modes + 1)
    return largest + tables


def _occupation_from_bars(bars: list[int], num_photons: int, num_modes: int) -> tuple[int, ...]:
    if num_modes == 1:
        return (num_photons,)
    counts = [bars[0]]
    counts.extend(bars[j] - bars[j - 1] - 1 for j in range(1, num_modes - 1))
    counts.append(num_photons + num_modes - 2 - bars[-1])
    return tuple(counts)
