"""Pure bipartite states by their Schmidt coefficients: singlet conversion and swapping.

A pure state ``sum_i sqrt(l_i) |ii>`` is, up to local unitaries, its Schmidt vector
``l`` (non-negative, summing to 1). Vidal's theorem gives the largest probability with
which local operations and classical communication (LOCC) turn it into a state with
Schmidt vector ``m``: ``min_k E_k(l) / E_k(m)`` over ``k`` with ``E_k(m) > 0``, where
``E_k(x)`` is the sum of all but the ``k - 1`` largest coefficients. For a singlet
target this is ``min(1, 2 (1 - l_max))``: ``2 l_1`` for one edge state
``sqrt(l_0)|00> + sqrt(l_1)|11>`` (``l_0 >= l_1``), ``min(1, 2 (1 - l_0^2))`` for two
copies of it held as one four-level state.

Entanglement swapping (a Bell measurement on the two middle qubits of a chain of two such
edges) gives, for each of the four outcomes, a pure state of the two end qubits; with
Schmidt vectors ``(a_0, a_1)`` and ``(b_0, b_1)`` the outcomes phi+- have probability
``(a_0 b_0 + a_1 b_1) / 2`` each and leave Schmidt vector ``(a_0 b_0, a_1 b_1)``
normalised, psi+- have ``(a_0 b_1 + a_1 b_0) / 2`` each and leave ``(a_0 b_1, a_1 b_0)``.
Averaged over the outcomes the singlet conversion probability of the swapped pair is
``min(2 a_1, 2 b_1)``: for two equal edges, as large as that of one edge
(Acín, Cirac, Lewenstein 2007), the step that lets swapping reshape a network.

References:
    G. Vidal, "Entanglement of pure states for a single copy", Phys. Rev. Lett. 83,
    1046 (1999), doi:10.1103/PhysRevLett.83.1046 (the optimal conversion probability).
    M. A. Nielsen, Phys. Rev. Lett. 83, 436 (1999), doi:10.1103/PhysRevLett.83.436
    (deterministic conversion by majorization).
    A. Acín, J. I. Cirac, M. Lewenstein, "Entanglement percolation in quantum
    networks", Nature Phys. 3, 256 (2007), doi:10.1038/nphys549, arXiv:quant-ph/0612167.

Examples:
    >>> singlet_conversion_probability(edge_schmidt(0.2))
    0.4
    >>> round(singlet_conversion_probability(copies_schmidt(edge_schmidt(0.2), 2)), 6)
    0.72
    >>> outcomes = swap_outcomes(edge_schmidt(0.2), edge_schmidt(0.2))
    >>> round(swapped_singlet_probability(outcomes), 12)
    0.4
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count, check_finite

NORMALISATION_TOLERANCE = 1e-9
"""Largest accepted ``|sum(l) - 1|`` of a Schmidt vector."""

SINGLET = (0.5, 0.5)
"""The Schmidt vector of a singlet (a two-qubit maximally entangled state)."""


def schmidt_vector(coefficients: ArrayLike, name: str = "schmidt") -> NDArray[np.float64]:
    """``coefficients`` checked as a Schmidt vector and sorted in decreasing order.

    Raises:
        InvalidParameterError: for an empty or non-finite vector, a negative entry, or
            a sum that differs from 1 by more than :data:`NORMALISATION_TOLERANCE`.

    Examples:
        >>> schmidt_vector([0.25, 0.75]).tolist()
        [0.75, 0.25]
        >>> schmidt_vector([0.5, 0.6])
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: schmidt=[0.5, 0.6]: must sum to 1 (sum 1.1)
    """
    try:
        values = np.asarray(coefficients, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise InvalidParameterError(name, coefficients, "must be real numbers") from None
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise InvalidParameterError(name, coefficients, "must be a non-empty finite vector")
    if np.any(values < 0.0):
        raise InvalidParameterError(name, coefficients, "must be non-negative")
    total = float(values.sum())
    if abs(total - 1.0) > NORMALISATION_TOLERANCE:
        raise InvalidParameterError(name, coefficients, f"must sum to 1 (sum {total:.6g})")
    return np.sort(values)[::-1] / total


def edge_schmidt(lambda_min: float) -> NDArray[np.float64]:
    """The Schmidt vector ``(1 - lambda_min, lambda_min)`` of an edge state.

    Raises:
        InvalidParameterError: unless ``0 <= lambda_min <= 1/2`` (the smaller coefficient).

    Examples:
        >>> edge_schmidt(0.5).tolist()
        [0.5, 0.5]
        >>> edge_schmidt(0.7)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: lambda_min=0.7: must lie in [0, 1/2] (the smaller Schmidt coefficient)
    """
    value = check_finite(lambda_min, "lambda_min")
    if not 0.0 <= value <= 0.5:
        reason = "must lie in [0, 1/2] (the smaller Schmidt coefficient)"
        raise InvalidParameterError("lambda_min", lambda_min, reason)
    return np.array([1.0 - value, value])


def copies_schmidt(schmidt: ArrayLike, num_copies: int) -> NDArray[np.float64]:
    """The Schmidt vector of ``num_copies`` copies of a state held together (the
    Kronecker power of its Schmidt vector), sorted in decreasing order.

    Raises:
        InvalidParameterError: for a bad Schmidt vector or ``num_copies < 1``.
    """
    single = schmidt_vector(schmidt)
    count = check_count(num_copies, "num_copies", minimum=1)
    joint: NDArray[np.float64] = np.ones(1)
    for _ in range(count):
        joint = np.asarray(np.kron(joint, single), dtype=np.float64)
    return np.sort(joint)[::-1]


def conversion_probability(source: ArrayLike, target: ArrayLike) -> float:
    """Vidal's optimal LOCC probability of turning ``source`` into ``target``.

    ``min_k E_k(source) / E_k(target)`` over the ``k`` with ``E_k(target) > 0``, where
    ``E_k(x)`` sums the coefficients of ``x`` from the ``k``-th largest on (Vidal 1999,
    Theorem). Vectors of different length are padded with zeros.

    Raises:
        InvalidParameterError: if either is not a Schmidt vector.

    Examples:
        >>> conversion_probability([0.9, 0.1], [0.5, 0.5])
        0.2
        >>> conversion_probability([0.5, 0.5], [0.9, 0.1])  # deterministic (Nielsen)
        1.0
    """
    src = schmidt_vector(source, "source")
    tgt = schmidt_vector(target, "target")
    size = max(src.size, tgt.size)
    src = np.pad(src, (0, size - src.size))
    tgt = np.pad(tgt, (0, size - tgt.size))
    tails_src = np.cumsum(src[::-1])[::-1]
    tails_tgt = np.cumsum(tgt[::-1])[::-1]
    reachable = tails_tgt > NORMALISATION_TOLERANCE
    return float(min(1.0, np.min(tails_src[reachable] / tails_tgt[reachable])))


def singlet_conversion_probability(schmidt: ArrayLike) -> float:
    """The optimal probability of a singlet from a pure state: ``min(1, 2 (1 - l_max))``.

    For an edge ``sqrt(l_0)|00> + sqrt(l_1)|11>`` this is ``2 l_1`` (Vidal 1999; the
    ``p = 2 lambda_min`` of Acín, Cirac, Lewenstein 2007).

    Raises:
        InvalidParameterError: for a bad Schmidt vector.

    Examples:
        >>> singlet_conversion_probability([0.7, 0.3])
        0.6
    """
    return conversion_probability(schmidt, SINGLET)


@dataclass(frozen=True, eq=False)
class SwapOutcomes:
    """The four Bell-measurement outcomes of a swap of two two-qubit pure states.

    Attributes:
        probabilities: the probability of phi+, phi-, psi+, psi- (sums to 1).
        schmidt: row ``i``: the Schmidt vector of the end qubits' state after outcome
            ``i`` (decreasing order; a row of an outcome with probability 0 is a singlet).
    """

    probabilities: NDArray[np.float64]
    schmidt: NDArray[np.float64]

    @property
    def singlet_probabilities(self) -> NDArray[np.float64]:
        """Each outcome's optimal singlet conversion probability, ``2 l_min``."""
        return np.minimum(1.0, 2.0 * (1.0 - self.schmidt[:, 0]))


def swap_outcomes(first: ArrayLike, second: ArrayLike) -> SwapOutcomes:
    """The outcomes of swapping ``A -- B`` (Schmidt vector ``first``) and ``B -- C``
    (``second``) by a Bell measurement at ``B`` in their Schmidt bases.

    Raises:
        InvalidParameterError: unless both are two-qubit Schmidt vectors.
    """
    a = schmidt_vector(first, "first")
    b = schmidt_vector(second, "second")
    for vector, name in ((a, "first"), (b, "second")):
        if vector.size != 2:
            raise InvalidParameterError(name, vector.tolist(), "must be a two-qubit state")
    same = np.array([a[0] * b[0], a[1] * b[1]])
    crossed = np.array([a[0] * b[1], a[1] * b[0]])
    rows = []
    for pair in (same, same, crossed, crossed):
        total = float(pair.sum())
        rows.append(np.sort(pair / total)[::-1] if total > 0.0 else np.array(SINGLET))
    probabilities = np.array([same.sum(), same.sum(), crossed.sum(), crossed.sum()]) / 2.0
    return SwapOutcomes(probabilities, np.array(rows))


def swapped_singlet_probability(outcomes: SwapOutcomes) -> float:
    """The singlet conversion probability after a swap, averaged over its outcomes."""
    return float(np.dot(outcomes.probabilities, outcomes.singlet_probabilities))
