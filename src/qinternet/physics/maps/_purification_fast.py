"""One recurrence-purification round on two stored pairs, without building 16x16 gates
(the hot path of purifying repeater chains).

:func:`qinternet.physics.maps.purification.purify_density` is the oracle: same steps
(BBPSSW twirl to Werner, or the DEJMPS rotations Rx(+pi/2) on Alice's and Rx(-pi/2) on
Bob's qubits), bilateral CNOTs from the source pair onto the target pair, and
post-selection on equal target outcomes. Here the local rotations act on the 4x4
matrices, the CNOTs are a permutation of the 16 joint basis states, and only the two
kept target blocks are summed.

Examples:
    >>> from qinternet.states import werner
    >>> p, state = purify_outcome(werner(0.8).matrix, werner(0.8).matrix, "bbpssw")
    >>> round(p, 6), round(float(state[0, 0].real + state[3, 3].real + 2 * state[0, 3].real) / 2, 6)
    (0.768889, 0.83815)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import PhysicalConstraintError
from qinternet.physics.maps.purification import PurificationMethod
from qinternet.states import BELL_BASIS

ComplexArray = NDArray[np.complex128]

_RX_PLUS = np.array([[1, -1j], [-1j, 1]], dtype=np.complex128) / math.sqrt(2.0)
_DEJMPS_LOCAL = np.kron(_RX_PLUS, _RX_PLUS.conj())
"""Rx(+pi/2) on Alice's qubit, Rx(-pi/2) on Bob's, as one 4x4 operator per pair."""


def _bilateral_cnot_permutation() -> NDArray[np.int64]:
    """Joint index (a1 b1 a2 b2) -> index after CNOT(a1 -> a2) and CNOT(b1 -> b2)."""
    permutation = np.empty(16, dtype=np.int64)
    for index in range(16):
        a1, b1, a2, b2 = (index >> 3) & 1, (index >> 2) & 1, (index >> 1) & 1, index & 1
        permutation[index] = (a1 << 3) | (b1 << 2) | ((a2 ^ a1) << 1) | (b2 ^ b1)
    return permutation


_CNOTS = _bilateral_cnot_permutation()


def _werner_twirl(rho: ComplexArray) -> ComplexArray:
    fidelity = float(np.real(BELL_BASIS[:, 0].conj() @ rho @ BELL_BASIS[:, 0]))
    phi_plus = np.outer(BELL_BASIS[:, 0], BELL_BASIS[:, 0].conj())
    return (4 * fidelity - 1) / 3 * phi_plus + (1 - fidelity) / 3 * np.eye(4)


def purify_outcome(
    source: ComplexArray, target: ComplexArray, method: PurificationMethod | str
) -> tuple[float, ComplexArray]:
    """Success probability and the kept source pair's 4x4 state after one round.

    The arguments are trusted 4x4 density matrices of pairs in the phi+ frame (qubit 0
    at Alice, qubit 1 at Bob).

    Raises:
        PhysicalConstraintError: if the pairs can never pass the coincidence test.
    """
    chosen = PurificationMethod(method)
    if chosen is PurificationMethod.BBPSSW:
        source, target = _werner_twirl(source), _werner_twirl(target)
    else:
        source = _DEJMPS_LOCAL @ source @ _DEJMPS_LOCAL.conj().T
        target = _DEJMPS_LOCAL @ target @ _DEJMPS_LOCAL.conj().T
    # Joint state with qubit order (a1, b1, a2, b2): kron(source, target).
    joint = np.kron(source, target)
    joint = joint[_CNOTS][:, _CNOTS]  # the CNOT permutation is its own inverse
    blocks = joint.reshape(4, 2, 2, 4, 2, 2)  # (a1 b1), a2, b2 ; (a1 b1)', a2', b2'
    kept = blocks[:, 0, 0, :, 0, 0] + blocks[:, 1, 1, :, 1, 1]
    success = float(np.trace(kept).real)
    if success <= 0.0:
        raise PhysicalConstraintError("target", "pair", "never passes the coincidence test")
    return min(success, 1.0), np.asarray(kept / success, dtype=np.complex128)
