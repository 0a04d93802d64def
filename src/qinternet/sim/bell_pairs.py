"""Bell-diagonal pairs as four numbers: the storage's fast path for Pauli noise.

A two-qubit state ``sum_k c_k |B_k><B_k|`` (Bell states phi+, phi-, psi+, psi-) stays
Bell-diagonal under every Pauli channel on either qubit: a Pauli of Bell index j (I, Z,
X, Y) maps B_k to B_(k XOR j) up to a phase, so a channel of Pauli probabilities w
leaves the coefficients ``c_m = sum_j c[m XOR j] w_j``, a convolution over the Klein group
(Dur, Hein, Cirac, Briegel, PRA 72, 052326 (2005), Sec. II; Bennett et al., PRA 54, 3824
(1996), Sec. III). Memories whose noise is pure dephasing, attempt dephasing and
depolarisation (T1 infinite) are such channels; amplitude damping (finite T1) is not,
and pairs in such memories stay density matrices.

Examples:
    >>> import math
    >>> from qinternet.physics.devices import Memory
    >>> weights = memory_pauli_weights(Memory(t2_s=1.0), 0.5, 0)
    >>> bool(math.isclose(weights[1], (1 - math.exp(-0.5)) / 2))
    True
    >>> from qinternet.states import werner
    >>> [round(float(c), 12) for c in bell_coefficients(werner(0.91))]
    [0.91, 0.03, 0.03, 0.03]
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import numpy as np
from numpy.typing import NDArray

from qinternet.physics.devices import Memory
from qinternet.physics.maps._swap_fast import klein
from qinternet.states import BELL_BASIS, BellDiagonal, DensityMatrix, State

BELL_COHERENCE_ATOL = 1e-14
"""Largest Bell-basis coherence (and imaginary diagonal part) of a stored state still
taken as rounding of a Bell-diagonal one (entries of a unit-trace 4x4 matrix)."""

_BELL = np.ascontiguousarray(BELL_BASIS)
_BELL_H = np.ascontiguousarray(BELL_BASIS.conj().T)
_OFF_DIAGONAL = ~np.eye(4, dtype=bool)


def bell_coefficients(state: State | BellDiagonal) -> NDArray[np.float64] | None:
    """The Bell coefficients (phi+, phi-, psi+, psi-) of a two-qubit ``state``, or None
    if it has Bell-basis coherences above :data:`BELL_COHERENCE_ATOL` (or is not a pair
    of qubits)."""
    if isinstance(state, BellDiagonal):
        return np.array(state.coefficients)
    if state.dims != (2, 2):
        return None
    in_bell_basis = _BELL_H @ state.to_density().matrix @ _BELL
    if np.max(np.abs(in_bell_basis[_OFF_DIAGONAL])) > BELL_COHERENCE_ATOL:
        return None
    diagonal = np.diagonal(in_bell_basis)
    if np.max(np.abs(diagonal.imag)) > BELL_COHERENCE_ATOL:
        return None
    coefficients: NDArray[np.float64] = diagonal.real.copy()
    return coefficients


def bell_density(coefficients: NDArray[np.float64]) -> DensityMatrix:
    """The density matrix ``sum_k c_k |B_k><B_k|`` of Bell coefficients ``c``.

    Examples:
        >>> rho = bell_density(np.array([0.5, 0.0, 0.5, 0.0]))
        >>> np.round(rho.matrix.real, 12).tolist()[0]
        [0.25, 0.0, 0.0, 0.25]
    """
    return DensityMatrix._trusted((_BELL * coefficients) @ _BELL_H, (2, 2))


def is_pauli_memory(memory: Memory) -> bool:
    """Whether ``memory``'s storage noise is a Pauli channel (no amplitude damping)."""
    return math.isinf(memory.t1_s)


def memory_pauli_weights(
    memory: Memory, elapsed_s: float, num_attempts: int
) -> NDArray[np.float64]:
    """Pauli probabilities (I, Z, X, Y) of :meth:`Memory.storage_kraus` for a memory
    with T1 = inf: dephasing p = (1 - exp(-t/T2) (1 - 2 f)) / 2 with f the attempt
    dephasing (as :func:`qinternet.noise.memory.decoherence_kraus`), then depolarisation
    d = 1 - exp(-t/T_dep) with weights (1 - 3d/4, d/4, d/4, d/4).

    Examples:
        >>> weights = memory_pauli_weights(Memory(depolarizing_time_s=1.0), 1.0, 0)
        >>> d = 1 - math.exp(-1.0)
        >>> bool(np.allclose(weights, [1 - 3 * d / 4, d / 4, d / 4, d / 4]))
        True
    """
    flip = memory.attempt_dephasing_probability(num_attempts)
    exponent = -elapsed_s / memory.t2_s
    if flip < 0.5:
        p = -math.expm1(exponent + math.log1p(-2.0 * flip)) / 2.0
    else:
        p = (1.0 - math.exp(exponent) * (1.0 - 2.0 * flip)) / 2.0
    dephasing = np.array([1.0 - p, p, 0.0, 0.0])
    if math.isinf(memory.depolarizing_time_s):
        return dephasing
    d = memory.depolarizing_probability(elapsed_s)
    return klein(dephasing, np.array([1.0 - 0.75 * d, 0.25 * d, 0.25 * d, 0.25 * d]))


class BellPairs:
    """Stored Bell-diagonal pairs by slot: each pair's two slots and coefficients.

    Examples:
        >>> pairs = BellPairs()
        >>> pairs.add("a", "b", np.array([0.9, 0.1, 0.0, 0.0]))
        >>> pairs.dephase("b", np.array([0.5, 0.5, 0.0, 0.0]))
        >>> pairs.pair_of("b", "a").tolist(), len(pairs)
        ([0.5, 0.5, 0.0, 0.0], 2)
    """

    def __init__(self) -> None:
        self._pairs: dict[Hashable, _Pair] = {}
        self._checked: dict[int, tuple[object, NDArray[np.float64] | None]] = {}

    def __len__(self) -> int:
        """Number of qubits held (two per pair)."""
        return len(self._pairs)

    def __contains__(self, slot: object) -> bool:
        return slot in self._pairs

    def coefficients_of(self, state: State | BellDiagonal) -> NDArray[np.float64] | None:
        """:func:`bell_coefficients` of ``state`` (a fresh array); the answers for the
        first 64 state objects are remembered (a link stores the same ones again)."""
        known = self._checked.get(id(state))
        if known is not None and known[0] is state:
            coefficients = known[1]
        else:
            coefficients = bell_coefficients(state)
            if len(self._checked) < 64:
                self._checked[id(state)] = (state, coefficients)
        return None if coefficients is None else coefficients.copy()

    def add(self, slot_a: Hashable, slot_b: Hashable, coefficients: NDArray[np.float64]) -> None:
        """Hold a pair in two slots (which must be free of pairs)."""
        self._pairs[slot_a] = self._pairs[slot_b] = _Pair((slot_a, slot_b), coefficients)

    def pair_of(self, slot_a: Hashable, slot_b: Hashable) -> NDArray[np.float64] | None:
        """The coefficients of the pair in ``slot_a`` and ``slot_b``, or None if they do
        not hold one pair."""
        pair = self._pairs.get(slot_a)
        if pair is None or slot_b not in pair.slots or slot_a == slot_b:
            return None
        return pair.coefficients

    def dephase(self, slot: Hashable, weights: NDArray[np.float64]) -> None:
        """Apply the Pauli channel of ``weights`` (I, Z, X, Y) to the qubit in ``slot``."""
        pair = self._pairs[slot]
        pair.coefficients = klein(pair.coefficients, weights)

    def pop(self, slot: Hashable) -> tuple[tuple[Hashable, Hashable], NDArray[np.float64]] | None:
        """Remove the pair holding ``slot``; value: its slots and coefficients (None if
        ``slot`` holds no pair)."""
        pair = self._pairs.pop(slot, None)
        if pair is None:
            return None
        for member in pair.slots:
            self._pairs.pop(member, None)
        return pair.slots, pair.coefficients


class _Pair:
    __slots__ = ("coefficients", "slots")

    def __init__(self, slots: tuple[Hashable, Hashable], coefficients: NDArray[np.float64]) -> None:
        self.slots, self.coefficients = slots, coefficients
