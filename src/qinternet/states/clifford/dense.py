"""The density-matrix route: a :class:`NetworkCircuit` evolved exactly on 4^n numbers.

Every operation acts through :mod:`qinternet.states.ops` (unitaries and Kraus channels on
the reshaped state). Each measurement splits the run into branches, one per record of
results so far, each with its probability and its conditional state; conditioned Paulis
act per branch. The result is the exact distribution of measurement records and the
exact final state (the mixture of the branches), so samples are drawn from the exact
distribution and Pauli expectation values are traces, with no statistical error.

Runs any operation, T gates and amplitude damping included, up to
:data:`DENSE_MAX_QUBITS` qubits.

Examples:
    >>> import numpy as np
    >>> from qinternet.states.clifford.circuit import CircuitBuilder
    >>> builder = CircuitBuilder({"alice": 1, "bob": 1})
    >>> builder.werner_pair(0, 1, fidelity=0.7)
    >>> _ = builder.measure(0), builder.measure(1)
    >>> run = run_dense(builder.build())
    >>> sorted((r, round(float(p), 6)) for r, p in zip(run.records, run.probabilities))
    [((0, 0), 0.4), ((0, 1), 0.1), ((1, 0), 0.1), ((1, 1), 0.4)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import ResourceLimitError
from qinternet.states._validate import ComplexArray
from qinternet.states.clifford.circuit import (
    PAULI_PAIRS,
    NetworkCircuit,
    Operation,
    OpKind,
    PauliObservable,
    check_observable,
)
from qinternet.states.ops import _apply_operator, apply_kraus, apply_unitary, partial_trace
from qinternet.states.types import DensityMatrix

DENSE_MAX_QUBITS = 10
"""Largest register the density-matrix route accepts (a 2^10 x 2^10 matrix, 16 MiB)."""

DENSE_MAX_BYTES = 2**30
"""Largest memory all measurement branches together may hold."""

BRANCH_ATOL = 1e-13
"""Branches less likely than this are dropped (exact zeros up to rounding)."""

_PAULI: dict[str, ComplexArray] = {
    "I": np.eye(2, dtype=np.complex128),
    "X": np.array([[0, 1], [1, 0]], dtype=np.complex128),
    "Y": np.array([[0, -1j], [1j, 0]], dtype=np.complex128),
    "Z": np.diag([1, -1]).astype(np.complex128),
}
_H = np.array([[1, 1], [1, -1]], dtype=np.complex128) / math.sqrt(2.0)
_UNITARIES: dict[OpKind, ComplexArray] = {
    OpKind.H: _H,
    OpKind.S: np.diag([1, 1j]).astype(np.complex128),
    OpKind.S_DAG: np.diag([1, -1j]).astype(np.complex128),
    OpKind.T: np.diag([1, np.exp(1j * math.pi / 4)]).astype(np.complex128),
    OpKind.X: _PAULI["X"],
    OpKind.Y: _PAULI["Y"],
    OpKind.Z: _PAULI["Z"],
    OpKind.CNOT: np.array(
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=np.complex128
    ),
    OpKind.CZ: np.diag([1, 1, 1, -1]).astype(np.complex128),
}
_RESET = [np.array([[1, 0], [0, 0]]), np.array([[0, 1], [0, 0]])]
_PROJECTORS = [np.diag([1.0, 0.0]).astype(np.complex128), np.diag([0.0, 1.0]).astype(np.complex128)]


def _pauli_matrix(word: str) -> ComplexArray:
    """The matrix of a Pauli word such as ``"XZ"`` (first letter most significant)."""
    matrix = _PAULI[word[0]]
    for letter in word[1:]:
        matrix = np.asarray(np.kron(matrix, _PAULI[letter]), dtype=np.complex128)
    return matrix


def _pauli_kraus(paulis: Sequence[str], probabilities: Sequence[float]) -> list[ComplexArray]:
    """Kraus operators sqrt(p) P of a Pauli channel (identity with the remaining weight)."""
    identity = "I" * len(paulis[0])
    weights = {identity: max(0.0, 1.0 - math.fsum(probabilities))}
    weights.update(zip(paulis, probabilities, strict=True))
    kraus = []
    for word, weight in weights.items():
        if weight > 0.0:
            kraus.append(math.sqrt(weight) * _pauli_matrix(word))
    return kraus


def _channel(op: Operation) -> list[ComplexArray]:
    """Kraus operators of a noise channel."""
    kind, args = op.kind, op.args
    if kind is OpKind.X_ERROR:
        return _pauli_kraus(["X"], args)
    if kind is OpKind.Z_ERROR:
        return _pauli_kraus(["Z"], args)
    if kind is OpKind.DEPOLARIZE1:
        return _pauli_kraus(["X", "Y", "Z"], [args[0] / 3] * 3)
    if kind is OpKind.DEPOLARIZE2:
        return _pauli_kraus(list(PAULI_PAIRS), [args[0] / 15] * 15)
    if kind is OpKind.PAULI_CHANNEL_1:
        return _pauli_kraus(["X", "Y", "Z"], args)
    if kind is OpKind.PAULI_CHANNEL_2:
        return _pauli_kraus(list(PAULI_PAIRS), args)
    gamma = args[0]  # AMPLITUDE_DAMPING
    return [
        np.array([[1, 0], [0, math.sqrt(1 - gamma)]]),
        np.array([[0, math.sqrt(gamma)], [0, 0]]),
    ]


@dataclass(frozen=True)
class DenseRun:
    """Exact result of a circuit: measurement records, their probabilities, final state.

    Attributes:
        records: every record of measurement results with non-zero probability.
        probabilities: the probability of each record (summing to 1).
        state: the final state averaged over the records (unconditional).
    """

    records: tuple[tuple[int, ...], ...]
    probabilities: NDArray[np.float64]
    state: DensityMatrix

    def sample(self, shots: int, rng: np.random.Generator) -> NDArray[np.uint8]:
        """``shots`` records drawn from the exact distribution: shape (shots, measurements)."""
        width = len(self.records[0])
        picks = rng.choice(len(self.records), size=shots, p=self.probabilities)
        table = np.array(self.records, dtype=np.uint8).reshape(len(self.records), width)
        return table[picks]

    def expectation(self, observable: PauliObservable) -> float:
        """tr(rho P) of the Pauli product ``observable`` on the final state."""
        checked = check_observable(observable, self.state.num_subsystems)
        if not checked:
            return 1.0
        qubits = [q for q, _ in checked]
        product = _pauli_matrix("".join(letter for _, letter in checked))
        reduced = partial_trace(self.state, keep=qubits).matrix
        return float(np.trace(reduced @ product).real)


def check_dense_size(num_qubits: int) -> None:
    """Refuse a register too large for a density matrix.

    Raises:
        ResourceLimitError: naming the qubit count and the memory it would take.
    """
    if num_qubits > DENSE_MAX_QUBITS:
        size_gib = 16 * 4.0**num_qubits / 2**30
        reason = (
            f"a density matrix of {num_qubits} qubits takes {size_gib:.3g} GiB; the "
            f"density-matrix route holds at most {DENSE_MAX_QUBITS} qubits"
        )
        raise ResourceLimitError("num_qubits", num_qubits, reason)


def run_dense(circuit: NetworkCircuit) -> DenseRun:
    """Evolve ``circuit`` from |0...0> exactly, branching on every measurement.

    Raises:
        ResourceLimitError: above :data:`DENSE_MAX_QUBITS` qubits, or when the branches
            of the measurement records would exceed :data:`DENSE_MAX_BYTES`.
    """
    n = circuit.num_qubits
    check_dense_size(n)
    zero = np.zeros((2**n, 2**n), dtype=np.complex128)
    zero[0, 0] = 1.0
    branches: list[tuple[tuple[int, ...], float, DensityMatrix]] = [
        ((), 1.0, DensityMatrix._trusted(zero, (2,) * n))
    ]
    for op in circuit.operations:
        if op.is_measurement:
            if 2 * len(branches) * 16 * 4**n > DENSE_MAX_BYTES:
                reason = f"its measurement records need more than {DENSE_MAX_BYTES} bytes"
                raise ResourceLimitError("num_measurements", circuit.num_measurements, reason)
            branches = [new for branch in branches for new in _measure(branch, op)]
        else:
            branches = [(r, p, _apply(state, op, r)) for r, p, state in branches]
    total = sum(p * state.matrix for _, p, state in branches)
    probabilities = np.array([p for _, p, _ in branches])
    return DenseRun(
        tuple(r for r, _, _ in branches),
        probabilities / probabilities.sum(),
        DensityMatrix._trusted(np.asarray(total), (2,) * n),
    )


def _apply(state: DensityMatrix, op: Operation, record: tuple[int, ...]) -> DensityMatrix:
    if op.condition is not None and record[op.condition] == 0:
        return state
    if op.kind in _UNITARIES:
        return apply_unitary(state, _UNITARIES[op.kind], op.targets)
    if op.kind is OpKind.RESET:
        return apply_kraus(state, _RESET, op.targets)
    if op.kind is OpKind.BELL_PAIR:
        first, second = op.targets
        state = apply_kraus(apply_kraus(state, _RESET, [first]), _RESET, [second])
        state = apply_unitary(state, _H, [first])
        state = apply_unitary(state, _UNITARIES[OpKind.CNOT], [first, second])
        return apply_kraus(state, _pauli_kraus(["X", "Y", "Z"], op.args), [second])
    return apply_kraus(state, _channel(op), op.targets)


def _measure(
    branch: tuple[tuple[int, ...], float, DensityMatrix], op: Operation
) -> list[tuple[tuple[int, ...], float, DensityMatrix]]:
    """The two branches of a Z (or X: Z between Hadamards) measurement of one qubit."""
    record, probability, state = branch
    qubit = op.targets
    if op.kind is OpKind.MEASURE_X:
        state = apply_unitary(state, _H, qubit)
    out = []
    for outcome, projector in enumerate(_PROJECTORS):
        projected = _apply_operator(state, projector, qubit, [2]).to_density()
        weight = float(np.trace(projected.matrix).real)
        if weight * probability <= BRANCH_ATOL:
            continue
        post = DensityMatrix._trusted(projected.matrix / weight, projected.dims)
        if op.kind is OpKind.MEASURE_X:
            post = apply_unitary(post, _H, qubit)
        out.append(((*record, outcome), probability * weight, post))
    return out
