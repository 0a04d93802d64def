"""The qubit channel a transfer implements, and its figures of merit.

``maps[i, j] = E(|i><j|)`` (2 x 2 each) defines the channel E on a qubit. A transfer
leaves a deterministic phase on the coherence (the photon's propagation and the
couplings' phases); the receiver corrects it with a Z rotation, as the experiments do,
so the figures below are after the optimal Z correction:

* entanglement (process) fidelity
  ``F_e = <phi+|(I (x) E)(phi+)|phi+> = (E_00[0,0] + E_11[1,1] + 2 |E_01[0,1]|) / 4``;
* average fidelity over the Bloch sphere ``(2 F_e + 1) / 3`` (M. Horodecki, P. Horodecki,
  R. Horodecki, Phys. Rev. A 60, 1888 (1999), Eq. 8 for a qubit);
* efficiency ``<1|E(|1><1|)|1>``: the probability that an excitation arrives.

Examples:
    >>> import numpy as np
    >>> eta = 0.64  # amplitude damping: |1> -> |1> with eta, coherence sqrt(eta)
    >>> maps = np.zeros((2, 2, 2, 2), dtype=complex)
    >>> maps[0, 0] = [[1, 0], [0, 0]]
    >>> maps[1, 1] = [[1 - eta, 0], [0, eta]]
    >>> maps[0, 1] = [[0, 1j * np.sqrt(eta)], [0, 0]]
    >>> maps[1, 0] = maps[0, 1].conj().T
    >>> channel = TransferChannel(maps)
    >>> round(channel.entanglement_fidelity, 12), round(channel.phase_rad, 6)
    (0.81, 1.570796)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from qinternet.core.errors import DimensionMismatchError, InvalidChannelError
from qinternet.physics.devices.transfer.lindblad import ComplexMatrix
from qinternet.states import DensityMatrix

__all__ = ["TransferChannel"]


@dataclass(frozen=True)
class TransferChannel:
    """A qubit channel given by its action on the matrix units, ``maps[i, j] = E(|i><j|)``.

    Raises:
        DimensionMismatchError: if ``maps`` is not 2 x 2 x 2 x 2.
        InvalidChannelError: if E(|i><i|) is not of unit trace (to 1e-6).
    """

    maps: ComplexMatrix

    def __post_init__(self) -> None:
        maps = np.array(self.maps, dtype=np.complex128)
        if maps.shape != (2, 2, 2, 2):
            raise DimensionMismatchError("maps", maps.shape, "must be (2, 2, 2, 2): E(|i><j|)")
        for i in range(2):
            trace = complex(np.trace(maps[i, i]))
            if abs(trace - 1.0) > 1e-6:
                raise InvalidChannelError(f"maps[{i}, {i}]", trace, "must have trace 1")
        maps.setflags(write=False)
        object.__setattr__(self, "maps", maps)

    @classmethod
    def from_operators(cls, operators: ArrayLike) -> TransferChannel:
        """The channel of Kraus ``operators`` (each 2 x 2)."""
        kraus = np.asarray(operators, dtype=np.complex128)
        maps = np.zeros((2, 2, 2, 2), dtype=np.complex128)
        for i in range(2):
            for j in range(2):
                unit = np.zeros((2, 2), dtype=np.complex128)
                unit[i, j] = 1.0
                maps[i, j] = sum(k @ unit @ k.conj().T for k in kraus)
        return cls(maps)

    @property
    def efficiency(self) -> float:
        """Probability that the excitation arrives: ``<1|E(|1><1|)|1>``."""
        return float(self.maps[1, 1][1, 1].real)

    @property
    def coherence(self) -> complex:
        """``<0|E(|0><1|)|1>``: the surviving coherence (sqrt(eta) for pure loss)."""
        return complex(self.maps[0, 1][0, 1])

    @property
    def phase_rad(self) -> float:
        """The deterministic phase of the coherence, corrected by a Z rotation."""
        return math.atan2(self.coherence.imag, self.coherence.real)

    @property
    def entanglement_fidelity(self) -> float:
        """Process fidelity with the identity after the optimal Z correction."""
        diagonal = self.maps[0, 0][0, 0].real + self.maps[1, 1][1, 1].real
        return float((diagonal + 2.0 * abs(self.coherence)) / 4.0)

    @property
    def average_fidelity(self) -> float:
        """Average state fidelity over the Bloch sphere, ``(2 F_e + 1) / 3``."""
        return (2.0 * self.entanglement_fidelity + 1.0) / 3.0

    def corrected(self) -> ComplexMatrix:
        """``maps`` after the Z rotation that removes :attr:`phase_rad`."""
        phase = np.exp(-1j * self.phase_rad)
        rotation = np.diag([1.0, phase])
        return np.einsum("ab,ijbc,dc->ijad", rotation, self.maps, rotation.conj())

    def bell_state(self) -> DensityMatrix:
        """``(I (x) E)(phi+)`` after the Z correction: the pair left by transferring one
        half of a local ``phi+``, with ``<phi+|rho|phi+>`` equal to
        :attr:`entanglement_fidelity`."""
        corrected = self.corrected()
        matrix = np.zeros((4, 4), dtype=np.complex128)
        for i in range(2):
            for j in range(2):
                matrix[2 * i : 2 * i + 2, 2 * j : 2 * j + 2] = corrected[i, j] / 2.0
        return DensityMatrix(0.5 * (matrix + matrix.conj().T), dims=(2, 2))
