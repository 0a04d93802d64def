"""Entanglement swapping: a Bell-state measurement joins two pairs into one.

Pairs (A, B1) and (B2, C); the middle node measures (B1, B2) in the Bell basis with a
CNOT (B1 controls B2), a Hadamard on B1 and Z measurements of both qubits. Label the
Bell states by a parity bit x and a phase bit z, index ``k = 2 x + z`` in the order of
:attr:`~qinternet.states.BellDiagonal.coefficients` (phi+, phi-, psi+, psi-). The
circuit maps |B_(x, z)> to |z>|x>, so the classical message is two bits,
``bits = (m1, m2) = (z, x)`` (m1 from B1, m2 from B2), and the outcome leaves (A, C) in
B_k for ideal phi+ inputs. The end node C applies the correction Pauli sigma_k
(I, Z, X, Y for k = 0..3) to return to phi+, or tracks it as a Pauli frame.

Noise model (:class:`BsmNoise`): a gate error is an independent depolarising channel
(:func:`qinternet.noise.depolarizing`: the qubit becomes I/2 with probability
``gate_depolarizing``) on B1 and on B2 before an ideal Bell measurement; a readout error
flips each reported bit independently with probability ``readout_flip``.

Bell-diagonal closed form: with coefficient vectors a (of (A, B1)) and b (of (B2, C))
after the gate noise, and r(e) the probability that readout flips the outcome index by
``e`` (r = ((1-q)^2, q(1-q), q(1-q), q^2)), every reported outcome k' has probability
1/4 and leaves the coefficients ``c_m = sum_{i ^ j ^ e ^ k' = m} a_i b_j r(e)``, a
convolution over the Klein group Z2 x Z2; the correction removes the ``^ k'``.

References:
    M. Zukowski, A. Zeilinger, M. A. Horne, A. K. Ekert, "Event-ready-detectors Bell
    experiment via entanglement swapping", PRL 71, 4287 (1993),
    doi:10.1103/PhysRevLett.71.4287.
    H.-J. Briegel, W. Dur, J. I. Cirac, P. Zoller, "Quantum repeaters", PRL 81, 5932
    (1998), doi:10.1103/PhysRevLett.81.5932.

Examples:
    >>> from qinternet.states import BellDiagonal
    >>> result = swap(BellDiagonal.from_werner(0.9), BellDiagonal.from_werner(0.9))
    >>> round(result.fidelity, 9)  # F1 F2 + (1 - F1)(1 - F2)/3
    0.813333333
    >>> [(b.bits, b.correction.name, b.probability) for b in result.branches][:2]
    [((0, 0), 'I', 0.25), ((1, 0), 'Z', 0.25)]
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.core.validation import check_unit_interval
from qinternet.noise import PAULI_MATRICES, Pauli, depolarizing
from qinternet.states import (
    BellDiagonal,
    BellName,
    DensityMatrix,
    Ket,
    StateRegistry,
    apply_unitary,
    bell_state,
    fidelity,
    permute,
    projectors_from_basis,
    tensor,
)

CNOT = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=np.complex128)
"""Controlled-NOT, first qubit controls."""
HADAMARD = np.array([[1, 1], [1, -1]], dtype=np.complex128) / math.sqrt(2.0)
"""The Hadamard gate."""
CORRECTIONS: tuple[Pauli, Pauli, Pauli, Pauli] = (Pauli.I, Pauli.Z, Pauli.X, Pauli.Y)
"""Correction Pauli (on one qubit) that maps Bell state k back to phi+, by Bell index."""
PROBABILITY_FLOOR = 1e-15
"""Outcome probability below which the conditional state is undefined (maximally mixed)."""

StateT = TypeVar("StateT", DensityMatrix, BellDiagonal)


def two_qubit_density(state: Any, name: str = "state") -> DensityMatrix:
    """``state`` (Ket, DensityMatrix or BellDiagonal) as a two-qubit density matrix.

    Raises:
        InvalidStateError: naming ``name`` if it is not a state of two qubits.
    """
    if not isinstance(state, Ket | DensityMatrix | BellDiagonal):
        raise InvalidStateError(name, state, "must be a Ket, DensityMatrix or BellDiagonal")
    rho = state.to_density()
    if rho.dims != (2, 2):
        raise InvalidStateError(name, state, f"must be a two-qubit state, got dims {rho.dims}")
    return rho


@dataclass(frozen=True)
class BsmNoise:
    """Gate and readout errors of a Bell-state measurement.

    Attributes:
        gate_depolarizing: probability that each measured qubit is depolarised
            (replaced by I/2) before the measurement, in [0, 1].
        readout_flip: probability that each of the two reported bits is flipped, in [0, 1].

    Raises:
        InvalidParameterError: if a probability lies outside [0, 1].
    """

    gate_depolarizing: float = 0.0
    readout_flip: float = 0.0

    def __post_init__(self) -> None:
        for name in ("gate_depolarizing", "readout_flip"):
            object.__setattr__(self, name, check_unit_interval(getattr(self, name), name))

    def index_flip_probabilities(self) -> tuple[float, float, float, float]:
        """r(e): probability that readout changes the Bell index by XOR with e = 0..3."""
        q = self.readout_flip
        return ((1 - q) ** 2, q * (1 - q), q * (1 - q), q * q)


def bits_of(index: int) -> tuple[int, int]:
    """The message (m1, m2) = (z, x) of Bell index ``k = 2 x + z``."""
    return (index & 1, index >> 1)


def index_of(bits: tuple[int, int]) -> int:
    """The Bell index ``2 * m2 + m1`` of the message ``bits = (m1, m2)``."""
    return 2 * bits[1] + bits[0]


@dataclass(frozen=True)
class SwapMessage:
    """The classical message of a Bell-state measurement.

    Attributes:
        bits: the reported (m1, m2) = (phase bit, parity bit).
        correction: the Pauli the far end applies (or tracks) to reach phi+.

    Raises:
        InvalidParameterError: if ``bits`` is not a pair of bits.
    """

    bits: tuple[int, int]
    correction: Pauli

    def __post_init__(self) -> None:
        bits = self.bits
        if not (isinstance(bits, tuple) and len(bits) == 2 and all(b in (0, 1) for b in bits)):
            raise InvalidParameterError("bits", bits, "must be a pair of bits (m1, m2)")

    @property
    def bell(self) -> BellName:
        """The Bell state this message heralds for phi+ inputs (the Pauli frame)."""
        return list(BellName)[index_of(self.bits)]


@dataclass(frozen=True)
class SwapBranch(SwapMessage, Generic[StateT]):
    """One reported outcome of a Bell-state measurement: its message and state.

    Attributes:
        probability: probability of this report.
        state: the state of (A, C) given the report, before correction.
        corrected_state: the state after the correction on C.

    Raises:
        InvalidParameterError: for bits that are not bits or a probability outside [0, 1].
    """

    probability: float
    state: StateT
    corrected_state: StateT

    def __post_init__(self) -> None:
        super().__post_init__()
        check_unit_interval(self.probability, "probability")


@dataclass(frozen=True)
class SwapResult(Generic[StateT]):
    """The four reported outcomes of a swap (in the order of the Bell index), and the
    state of (A, C) after the Pauli correction, averaged over the outcomes."""

    branches: tuple[SwapBranch[StateT], ...]
    corrected_state: StateT

    @property
    def fidelity(self) -> float:
        """Fidelity of :attr:`corrected_state` with phi+."""
        state = self.corrected_state
        if isinstance(state, BellDiagonal):
            return state.fidelity
        return fidelity(state, bell_state("phi+"))


def _four(values: Any) -> tuple[float, float, float, float]:
    return (float(values[0]), float(values[1]), float(values[2]), float(values[3]))


def klein_convolution(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float, float]:
    """``c_m = sum_{i ^ j = m} a_i b_j``: the convolution over the Klein group Z2 x Z2.

    Examples:
        >>> klein_convolution((0.9, 0.1, 0.0, 0.0), (0.8, 0.0, 0.2, 0.0))
        (0.72, 0.08, 0.18, 0.02)
    """
    out = [0.0, 0.0, 0.0, 0.0]
    for i in range(4):
        for j in range(4):
            out[i ^ j] += a[i] * b[j]
    return _four(out)


def swap_bell_diagonal(
    first: BellDiagonal, second: BellDiagonal, noise: BsmNoise | None = None
) -> SwapResult[BellDiagonal]:
    """Swap two Bell-diagonal pairs in closed form (the fast path).

    Args:
        first: the state of (A, B1).
        second: the state of (B2, C).
        noise: gate and readout errors of the measurement (default: none).

    Returns:
        The four reported outcomes, each with probability 1/4.

    Raises:
        InvalidStateError: if an input is not a :class:`BellDiagonal`.

    Examples:
        >>> from qinternet.states import BellDiagonal
        >>> perfect = BellDiagonal.from_werner(1.0)
        >>> result = swap_bell_diagonal(perfect, perfect, BsmNoise(readout_flip=0.1))
        >>> round(result.fidelity, 12)  # (1 - q)^2
        0.81
    """
    for name, state in (("first", first), ("second", second)):
        if not isinstance(state, BellDiagonal):
            raise InvalidStateError(name, state, "must be a BellDiagonal; use swap_density")
    noise = BsmNoise() if noise is None else noise
    gate = depolarizing(noise.gate_depolarizing)
    a = gate.apply_bell_diagonal(first, 1).coefficients
    b = gate.apply_bell_diagonal(second, 0).coefficients
    corrected = klein_convolution(klein_convolution(a, b), noise.index_flip_probabilities())
    after = BellDiagonal(corrected)  # the correction undoes the shift by k: same for all k
    branches = []
    for k in range(4):
        before = BellDiagonal(_four([corrected[m ^ k] for m in range(4)]))
        branches.append(SwapBranch(bits_of(k), CORRECTIONS[k], 0.25, before, after))
    return SwapResult(tuple(branches), after)


def bell_measurement(
    state: DensityMatrix, qubits: tuple[int, int], noise: BsmNoise | None = None
) -> tuple[tuple[float, DensityMatrix], ...]:
    """Measure ``qubits`` of ``state`` in the Bell basis by explicit operations.

    Gate noise (a depolarising channel on each measured qubit), then CNOT and Hadamard by
    :func:`~qinternet.states.apply_unitary`, then the projective Z measurement of both
    qubits (projection and partial trace), then the readout error, which mixes the
    outcomes.

    Returns:
        For each reported Bell index k = 2 m2 + m1: its probability and the normalised
        state of the remaining subsystems (maximally mixed if the probability is 0).

    Examples:
        >>> from qinternet.states import bell_state
        >>> [(p, s.dims) for p, s in bell_measurement(bell_state("psi+").to_density(), (0, 1))]
        [(0.0, (1,)), (0.0, (1,)), (1.0, (1,)), (0.0, (1,))]
    """
    noise = BsmNoise() if noise is None else noise
    rho = state
    if noise.gate_depolarizing > 0.0:
        rho = depolarizing(noise.gate_depolarizing).apply(rho, list(qubits))
    rho = apply_unitary(apply_unitary(rho, CNOT, list(qubits)), HADAMARD, [qubits[0]])
    blocks, rest_dims = computational_blocks(rho, qubits)
    flips = noise.index_flip_probabilities()
    z_rows = [2 * (k & 1) + (k >> 1) for k in range(4)]  # Z outcome (m1, m2) of Bell index k
    return tuple(
        _normalised(sum(flips[reported ^ k] * blocks[z_rows[k]] for k in range(4)), rest_dims)
        for reported in range(4)
    )


def computational_blocks(
    state: DensityMatrix, measured: Sequence[int]
) -> tuple[np.ndarray[Any, np.dtype[np.complex128]], tuple[int, ...]]:
    """Unnormalised states of the other subsystems for each Z outcome of ``measured`` qubits.

    Row ``m`` (bits of ``measured`` in order, the first most significant) is
    ``<m| rho |m>`` on the remaining subsystems, whose trace is the outcome probability.
    """
    rest = [i for i in range(state.num_subsystems) if i not in measured]
    k, rest_dims = len(measured), tuple(state.dims[i] for i in rest)
    r = math.prod(rest_dims)
    matrix = permute(state, [*measured, *rest]).matrix.reshape(2**k, r, 2**k, r)
    return np.einsum("mamb->mab", matrix), rest_dims if rest_dims else (1,)


def _normalised(matrix: Any, dims: Sequence[int]) -> tuple[float, DensityMatrix]:
    probability = float(np.trace(matrix).real)
    if probability < PROBABILITY_FLOOR:
        return 0.0, DensityMatrix.maximally_mixed(dims)
    state = DensityMatrix._trusted(np.asarray(matrix / probability, dtype=np.complex128), dims)
    return min(probability, 1.0), state  # rounding may exceed 1 by an ulp


def swap_density(
    first: Any, second: Any, noise: BsmNoise | None = None
) -> SwapResult[DensityMatrix]:
    """Swap two pairs of any two-qubit states by explicit operations on density matrices.

    Args:
        first: the state of (A, B1) (Ket, DensityMatrix or BellDiagonal).
        second: the state of (B2, C).
        noise: gate and readout errors of the measurement (default: none).

    Raises:
        InvalidStateError: if an input is not a two-qubit state.

    Examples:
        >>> from qinternet.states import werner
        >>> result = swap_density(werner(0.9), werner(0.8))
        >>> round(result.fidelity, 12)  # 0.9 * 0.8 + 0.1 * 0.2 / 3
        0.726666666667
    """
    joint = tensor(
        two_qubit_density(first, "first"), two_qubit_density(second, "second")
    ).to_density()
    branches = []
    for k, (probability, state) in enumerate(bell_measurement(joint, (1, 2), noise)):
        after = apply_unitary(state, PAULI_MATRICES[CORRECTIONS[k]], [1])
        branches.append(SwapBranch(bits_of(k), CORRECTIONS[k], probability, state, after))
    mixed = sum(b.probability * b.corrected_state.matrix for b in branches)
    return SwapResult(tuple(branches), DensityMatrix._trusted(np.asarray(mixed), (2, 2)))


def swap(
    first: Any, second: Any, noise: BsmNoise | None = None
) -> SwapResult[BellDiagonal] | SwapResult[DensityMatrix]:
    """Swap two pairs: the closed form if both are Bell-diagonal, else density matrices."""
    if isinstance(first, BellDiagonal) and isinstance(second, BellDiagonal):
        return swap_bell_diagonal(first, second, noise)
    return swap_density(first, second, noise)


def swap_with_registry(
    registry: StateRegistry,
    left: Hashable,
    right: Hashable,
    rng: np.random.Generator,
    noise: BsmNoise | None = None,
    *,
    correct: Hashable | None = None,
) -> SwapMessage:
    """Bell-measure the subsystems ``left`` (B1) and ``right`` (B2) of a registry.

    Applies the gate noise, CNOT and Hadamard with the registry's ``apply_kraus`` and
    ``apply_unitary``, measures both in Z with ``measure`` (which removes them), and
    flips each bit with probability ``noise.readout_flip`` (drawing from ``rng`` only
    if it is positive). The partners of ``left`` and ``right`` are left in one group.

    Args:
        registry: holds the pairs; ``left`` and ``right`` name B1 and B2.
        rng: the random stream of the outcomes and readout errors.
        noise: gate and readout errors (default: none).
        correct: if given, the subsystem to which the correction is applied at once;
            otherwise the caller applies it when the message arrives (returned).

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import bell_state, fidelity
        >>> registry = StateRegistry()
        >>> registry.add_many(["A", "B1"], bell_state("phi+"))
        >>> registry.add_many(["B2", "C"], bell_state("phi+"))
        >>> message = swap_with_registry(registry, "B1", "B2", np.random.default_rng(1), correct="C")
        >>> round(fidelity(registry.state_of(["A", "C"]), bell_state("phi+")), 12)
        1.0
    """
    noise = BsmNoise() if noise is None else noise
    if noise.gate_depolarizing > 0.0:
        kraus = depolarizing(noise.gate_depolarizing).kraus_operators
        registry.apply_kraus(left, kraus)
        registry.apply_kraus(right, kraus)
    registry.apply_unitary([left, right], CNOT)
    registry.apply_unitary(left, HADAMARD)
    z_basis = projectors_from_basis(np.eye(2))
    m1 = registry.measure(left, z_basis, rng).outcome
    m2 = registry.measure(right, z_basis, rng).outcome
    if noise.readout_flip > 0.0:
        flips = rng.random(2) < noise.readout_flip
        m1, m2 = m1 ^ int(flips[0]), m2 ^ int(flips[1])
    message = SwapMessage((m1, m2), CORRECTIONS[index_of((m1, m2))])
    if correct is not None:
        registry.apply_unitary(correct, PAULI_MATRICES[message.correction])
    return message
