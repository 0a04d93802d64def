"""Quantum teleportation of a chosen qubit state through a two-qubit resource state.

Qubits (S, A, B): the input on S, the resource on (A, B). Alice Bell-measures (S, A)
(:func:`~qinternet.physics.maps.swapping.bell_measurement`: CNOT, Hadamard, Z measurements,
optional gate and readout errors) and sends the two bits; Bob applies the correction
Pauli sigma_k of the reported Bell index k (I, Z, X, Y), and, if the resource is meant
to be another Bell state than phi+ (its Pauli ``frame``), the Pauli that maps it to phi+.
The output is the mixture over the outcomes of Bob's corrected states.

For a Werner resource of fidelity F (more generally, for fidelity F with the frame's Bell
state after a twirl) the fidelity averaged over the Bloch sphere is (2F + 1)/3
(Horodecki et al. 1999); :func:`average_teleportation_fidelity` averages exactly over the
six Pauli eigenstates, a spherical 3-design, which is exact for this quadratic average.

References:
    C. H. Bennett et al., "Teleporting an unknown quantum state via dual classical and
    Einstein-Podolsky-Rosen channels", PRL 70, 1895 (1993), doi:10.1103/PhysRevLett.70.1895.
    M. Horodecki, P. Horodecki, R. Horodecki, "General teleportation channel, singlet
    fraction, and quasidistillation", PRA 60, 1888 (1999), doi:10.1103/PhysRevA.60.1888.

Examples:
    >>> from qinternet.states import werner
    >>> round(average_teleportation_fidelity(werner(0.85)), 12)  # (2F + 1)/3
    0.9
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.core.validation import check_unit_interval
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps.swapping import (
    CORRECTIONS,
    BsmNoise,
    bell_measurement,
    two_qubit_density,
)
from qinternet.states import (
    BellName,
    DensityMatrix,
    Ket,
    apply_unitary,
    fidelity,
    tensor,
)

_SQRT_HALF = 1.0 / math.sqrt(2.0)
PAULI_EIGENSTATES: tuple[Ket, ...] = tuple(
    Ket(np.array(v, dtype=np.complex128))
    for v in (
        [1, 0],
        [0, 1],
        [_SQRT_HALF, _SQRT_HALF],
        [_SQRT_HALF, -_SQRT_HALF],
        [_SQRT_HALF, 1j * _SQRT_HALF],
        [_SQRT_HALF, -1j * _SQRT_HALF],
    )
)
"""|0>, |1>, |+>, |->, |+i>, |-i>: a spherical 3-design (exact for quadratic averages)."""


def _frame(value: Any) -> BellName:
    try:
        return BellName(value)
    except ValueError:
        names = ", ".join(repr(b.value) for b in BellName)
        raise InvalidParameterError("frame", value, f"must be one of {names}") from None


@dataclass(frozen=True)
class TeleportationResult:
    """What :func:`teleport` returns.

    Attributes:
        output: Bob's qubit after the correction, averaged over the outcomes.
        fidelity: fidelity of :attr:`output` with the input state.
        outcome_probabilities: probabilities of the reported Bell indices 0..3.

    Raises:
        InvalidParameterError: if the fidelity or a probability is outside [0, 1].
    """

    output: DensityMatrix
    fidelity: float
    outcome_probabilities: tuple[float, float, float, float]

    def __post_init__(self) -> None:
        check_unit_interval(self.fidelity, "fidelity")
        for probability in self.outcome_probabilities:
            check_unit_interval(probability, "outcome_probabilities")


def teleport(
    input_state: Ket | DensityMatrix,
    resource: Any,
    noise: BsmNoise | None = None,
    *,
    frame: BellName | str = BellName.PHI_PLUS,
) -> TeleportationResult:
    """Teleport ``input_state`` through ``resource`` by explicit operations.

    Args:
        input_state: the qubit to send (Ket or DensityMatrix of dims (2,)).
        resource: the shared pair (Alice's qubit first), Ket, DensityMatrix or BellDiagonal.
        noise: gate and readout errors of Alice's Bell measurement (default: none).
        frame: the Bell state the resource is meant to be (its Pauli frame).

    Returns:
        Bob's corrected state, its fidelity with the input, the outcome probabilities.

    Raises:
        InvalidStateError: if the input is not one qubit or the resource not two qubits.
        InvalidParameterError: for an unknown frame.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import Ket, bell_state
        >>> plus = Ket(np.array([1, 1]) / np.sqrt(2))
        >>> result = teleport(plus, bell_state("psi-"), frame="psi-")
        >>> round(result.fidelity, 12), result.outcome_probabilities
        (1.0, (0.25, 0.25, 0.25, 0.25))
    """
    if not isinstance(input_state, Ket | DensityMatrix) or input_state.dims != (2,):
        raise InvalidStateError(
            "input_state", input_state, "must be a one-qubit Ket or DensityMatrix"
        )
    pair = two_qubit_density(resource, "resource")
    frame_pauli = PAULI_MATRICES[CORRECTIONS[list(BellName).index(_frame(frame))]]
    joint = tensor(input_state.to_density(), pair).to_density()  # qubits (S, A, B)
    output = np.zeros((2, 2), dtype=np.complex128)
    probabilities = []
    for k, (probability, bob) in enumerate(bell_measurement(joint, (0, 1), noise)):
        corrected = apply_unitary(bob, frame_pauli @ PAULI_MATRICES[CORRECTIONS[k]], [0])
        output += probability * corrected.matrix
        probabilities.append(probability)
    state = DensityMatrix._trusted(output, (2,))
    p = probabilities
    return TeleportationResult(state, fidelity(input_state, state), (p[0], p[1], p[2], p[3]))


def average_teleportation_fidelity(
    resource: Any,
    noise: BsmNoise | None = None,
    *,
    frame: BellName | str = BellName.PHI_PLUS,
) -> float:
    """Fidelity of teleportation averaged over all pure input states (Haar measure).

    Computed exactly as the mean over the six Pauli eigenstates (a 3-design); for a
    Werner resource of fidelity F it equals (2F + 1)/3.

    Raises:
        InvalidStateError: if ``resource`` is not a two-qubit state.

    Examples:
        >>> from qinternet.states import bell_state
        >>> noise = BsmNoise(readout_flip=0.1)
        >>> round(average_teleportation_fidelity(bell_state("phi+"), noise), 12)  # (2 * 0.81 + 1)/3
        0.873333333333
    """
    return float(
        np.mean([teleport(psi, resource, noise, frame=frame).fidelity for psi in PAULI_EIGENSTATES])
    )
