"""Linked quantum computers: a CNOT between two nodes from one shared pair.

Each node is a small processor: a communication qubit that holds its half of the pair and
a data qubit. The non-local CNOT of Eisert, Jacobs, Papadopoulos and Plenio uses one pair
and two classical bits: Alice (control c, pair half a) applies CNOT(c -> a) and measures
a in Z, Bob flips his half b if the bit is 1, applies CNOT(b -> t) to his target t and
measures b in X; Alice applies Z to c if that bit is 1. Local noise is each node's
:class:`ProcessorNoise`: a two-qubit depolarising channel after its CNOT and flips of its
reported bit.

:func:`nonlocal_cnot` computes the implemented two-qubit channel exactly as its Choi
state (both data qubits maximally entangled with references, six qubits in all) and
returns the process fidelity with the ideal CNOT and the average gate fidelity
(d F_pro + 1)/(d + 1) with d = 4 (Horodecki et al. 1999; Nielsen, Phys. Lett. A 303,
249 (2002)). For a Werner pair of fidelity F and no local noise, each Pauli error of the
pair lands on the output as X on t, Z on c or both, so F_pro = F.

References:
    J. Eisert, K. Jacobs, P. Papadopoulos, M. B. Plenio, "Optimal local implementation of
    nonlocal quantum gates", PRA 62, 052317 (2000), doi:10.1103/PhysRevA.62.052317.
    M. A. Nielsen, "A simple formula for the average gate fidelity of a quantum
    dynamical operation", Phys. Lett. A 303, 249 (2002), doi:10.1016/S0375-9601(02)01272-0.

Examples:
    >>> from qinternet.states import werner
    >>> gate = nonlocal_cnot(werner(0.9))
    >>> round(gate.process_fidelity, 12), round(gate.average_gate_fidelity, 12)
    (0.9, 0.92)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qinternet.core.validation import check_probability, check_unit_interval
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps.swapping import CNOT, two_qubit_density
from qinternet.states import (
    DensityMatrix,
    apply_kraus,
    apply_unitary,
    bell_state,
    partial_trace,
    permute,
    tensor,
)

__all__ = ["NonlocalGate", "ProcessorNoise", "nonlocal_cnot", "two_qubit_depolarizing_kraus"]

_GATE_DIMENSION = 4
# Qubit order of the Choi state: reference of c, reference of t, c, a, b, t.
_C_REF, _T_REF, _C, _A, _B, _T = range(6)
_PROJECTORS_Z = (
    np.diag([1.0, 0.0]).astype(np.complex128),
    np.diag([0.0, 1.0]).astype(np.complex128),
)
_PLUS = np.array([1.0, 1.0], dtype=np.complex128) / math.sqrt(2.0)
_MINUS = np.array([1.0, -1.0], dtype=np.complex128) / math.sqrt(2.0)
_PROJECTORS_X = (np.outer(_PLUS, _PLUS.conj()), np.outer(_MINUS, _MINUS.conj()))


@dataclass(frozen=True)
class ProcessorNoise:
    """The local errors of one node of a linked computer.

    Attributes:
        cnot_depolarizing: probability p that the two qubits of the node's CNOT are
            replaced by I/4 after the gate (rho -> (1 - p) rho + p I/4), in [0, 1].
        readout_flip: probability that the node's reported measurement bit is wrong.

    Raises:
        InvalidParameterError: if a probability lies outside [0, 1].

    Examples:
        >>> ProcessorNoise(cnot_depolarizing=0.02, readout_flip=0.01).readout_flip
        0.01
    """

    cnot_depolarizing: float = 0.0
    readout_flip: float = 0.0

    def __post_init__(self) -> None:
        for name in ("cnot_depolarizing", "readout_flip"):
            object.__setattr__(self, name, check_probability(getattr(self, name), name))


@dataclass(frozen=True)
class NonlocalGate:
    """What :func:`nonlocal_cnot` returns.

    Attributes:
        choi: the Choi state of the implemented channel on (reference c, reference t, c, t).
        process_fidelity: <CNOT Choi state| choi |CNOT Choi state>.
        average_gate_fidelity: (4 F_pro + 1)/5, over Haar-random two-qubit inputs.

    Raises:
        InvalidParameterError: if a fidelity lies outside [0, 1].
    """

    choi: DensityMatrix
    process_fidelity: float
    average_gate_fidelity: float

    def __post_init__(self) -> None:
        check_unit_interval(self.process_fidelity, "process_fidelity")
        check_unit_interval(self.average_gate_fidelity, "average_gate_fidelity")


def two_qubit_depolarizing_kraus(p: float) -> list[np.ndarray]:
    """Kraus operators of rho -> (1 - p) rho + p I/4 on two qubits.

    Raises:
        InvalidParameterError: if ``p`` is outside [0, 1].

    Examples:
        >>> operators = two_qubit_depolarizing_kraus(0.2)
        >>> len(operators), round(float(sum(np.trace(k.conj().T @ k).real for k in operators)), 12)
        (17, 4.0)
    """
    probability = check_probability(p, "p")
    identity: np.ndarray = math.sqrt(1.0 - probability) * np.eye(4, dtype=np.complex128)
    paulis = itertools.product(PAULI_MATRICES, repeat=2)
    return [identity, *(math.sqrt(probability) / 4.0 * np.kron(a, b) for a, b in paulis)]


def _measure_and_correct(
    projectors: tuple[np.ndarray, np.ndarray], correction: np.ndarray, readout_flip: float
) -> list[np.ndarray]:
    """Kraus operators on (measured, corrected): project, report the bit (flipped with
    probability ``readout_flip``) and apply ``correction`` to the other qubit if it is 1."""
    operators = []
    for outcome, reported in itertools.product((0, 1), repeat=2):
        weight = readout_flip if reported != outcome else 1.0 - readout_flip
        if weight > 0.0:
            applied = correction if reported else np.eye(2, dtype=np.complex128)
            operators.append(math.sqrt(weight) * np.kron(projectors[outcome], applied))
    return operators


def nonlocal_cnot(
    pair: Any, alice: ProcessorNoise | None = None, bob: ProcessorNoise | None = None
) -> NonlocalGate:
    """The CNOT from Alice's data qubit to Bob's, made with ``pair`` (Eisert et al. 2000).

    Args:
        pair: the shared pair (Alice's half first), meant to be phi+: a two-qubit Ket,
            DensityMatrix or BellDiagonal.
        alice: Alice's local noise (CNOT c -> a, Z read-out of a); default: none.
        bob: Bob's local noise (CNOT b -> t, X read-out of b); default: none.

    Returns:
        The implemented channel's Choi state, process and average gate fidelity.

    Raises:
        InvalidStateError: if ``pair`` is not a two-qubit state.

    Examples:
        >>> from qinternet.states import bell_state
        >>> noisy = ProcessorNoise(readout_flip=0.1)
        >>> round(nonlocal_cnot(bell_state("phi+"), alice=noisy).process_fidelity, 12)
        0.9
    """
    shared = two_qubit_density(pair, "pair")
    alice = alice or ProcessorNoise()
    bob = bob or ProcessorNoise()
    phi_plus = bell_state("phi+")
    # Order after tensor: c_ref, c, a, b, t_ref, t -> permute to c_ref, t_ref, c, a, b, t.
    rho = tensor(phi_plus, shared, phi_plus).to_density()
    rho = permute(rho, [0, 4, 1, 2, 3, 5])
    rho = apply_unitary(rho, CNOT, [_C, _A])
    rho = apply_kraus(rho, two_qubit_depolarizing_kraus(alice.cnot_depolarizing), [_C, _A])
    rho = apply_kraus(
        rho, _measure_and_correct(_PROJECTORS_Z, PAULI_MATRICES[1], alice.readout_flip), [_A, _B]
    )
    rho = apply_unitary(rho, CNOT, [_B, _T])
    rho = apply_kraus(rho, two_qubit_depolarizing_kraus(bob.cnot_depolarizing), [_B, _T])
    rho = apply_kraus(
        rho, _measure_and_correct(_PROJECTORS_X, PAULI_MATRICES[3], bob.readout_flip), [_B, _C]
    )
    choi = partial_trace(rho, [_C_REF, _T_REF, _C, _T])
    ideal = apply_unitary(
        permute(tensor(phi_plus, phi_plus).to_density(), [0, 2, 1, 3]), CNOT, [2, 3]
    )
    overlap = float(np.real(np.trace(ideal.matrix @ choi.matrix)))
    process = min(1.0, max(0.0, overlap))
    average = (_GATE_DIMENSION * process + 1.0) / (_GATE_DIMENSION + 1.0)
    return NonlocalGate(choi, process, average)
