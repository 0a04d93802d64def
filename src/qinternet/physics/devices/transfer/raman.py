"""A three-level atom in a cavity, emitting by a Raman transition (Kimble 2008, Box 1).

The atom holds the excitation in |u>; a control pulse Omega(t) couples |u> to the
excited state |e>, and the cavity (coupling g, Kimble's half vacuum Rabi frequency)
takes |e, 0> to |g, 1>; the photon leaves through the cavity mirror at the field decay
rate kappa (photon number at 2 kappa); |e> decays at 2 gamma into free space (to a
level |x> outside the Raman system). In Kimble's conventions (Eq. 1, Box 1;
:class:`~qinternet.physics.devices.CavityInterface`),

.. code-block:: text

    H(t) = (Omega(t) / 2) (|e><u| + |u><e|) + g (|e><g| a + a^+ |g><e|),
    c_cav = sqrt(2 kappa) a,      c_atom = sqrt(2 gamma) |x><e|.

A slow control keeps the system in the dark state cos(theta)|u,0> - sin(theta)|g,1>,
tan(theta) = Omega / (2 g), which never populates |e> (the adiabatic condition:
d theta/dt much smaller than g and than the Purcell rate g^2 / kappa); the photon then
leaves with probability 2C / (1 + 2C), C = g^2 / (2 kappa gamma) (Gorshkov, Andre,
Lukin, Sorensen, Phys. Rev. A 76, 033804 (2007), Eq. 9 with their C = 2C here;
Reiserer & Rempe, Rev. Mod. Phys. 87, 1379 (2015), Sec. II.B). Box 1's near-unit
transfer needs C >> 1, i.e. critical atom number N0 = 1/(2C) << 1.

Examples:
    >>> from qinternet.physics.devices import CavityInterface
    >>> cavity = CavityInterface(2e6, 1e6, 1e6)  # C = 2: 2C / (1 + 2C) = 0.8
    >>> emitter = RamanEmitter(cavity, peak_rabi_hz=1e6, duration_s=40e-6)
    >>> round(emitter.emission_probability(), 3)
    0.8
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qinternet.core.validation import check_positive
from qinternet.physics.devices.cavity import CavityInterface
from qinternet.physics.devices.transfer.lindblad import ComplexMatrix, MasterEquation

__all__ = ["RamanEmitter"]

_U, _E, _G, _X = 0, 1, 2, 3  # atomic levels; the cavity keeps 0 or 1 photon


def _unit(row: int, column: int, dim: int) -> ComplexMatrix:
    matrix = np.zeros((dim, dim), dtype=np.complex128)
    matrix[row, column] = 1.0
    return matrix


@dataclass(frozen=True)
class RamanEmitter:
    """Emission from |u> with the control Omega(t) = Omega_max sin^2(pi t / (2 T)) on [0, T]
    (rising over the whole window: the dark state turns from |u,0> towards |g,1>).

    Args:
        cavity: (g, kappa, gamma) / 2 pi of the atom-cavity system.
        peak_rabi_hz: Omega_max / 2 pi in Hz, > 0.
        duration_s: the window T, s, > 0.

    Raises:
        InvalidParameterError: naming the field, for a non-positive value.
    """

    cavity: CavityInterface
    peak_rabi_hz: float
    duration_s: float

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "peak_rabi_hz", check_positive(self.peak_rabi_hz, "peak_rabi_hz", "Hz")
        )
        object.__setattr__(self, "duration_s", check_positive(self.duration_s, "duration_s", "s"))

    def control(self, t_s: float) -> float:
        """Omega(t) in rad/s."""
        fraction = min(max(t_s / self.duration_s, 0.0), 1.0)
        return 2.0 * math.pi * self.peak_rabi_hz * math.sin(0.5 * math.pi * fraction) ** 2

    def master_equation(self) -> MasterEquation:
        """The master equation of the module docstring (atom (x) cavity, dimension 8)."""
        two_pi = 2.0 * math.pi
        g = two_pi * self.cavity.coupling_g_hz
        kappa = two_pi * self.cavity.cavity_decay_kappa_hz
        gamma = two_pi * self.cavity.atomic_decay_gamma_hz
        photon = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.complex128)
        eye2 = np.eye(2, dtype=np.complex128)
        a = np.kron(np.eye(4, dtype=np.complex128), photon)
        drive = 0.5 * np.kron(_unit(_E, _U, 4) + _unit(_U, _E, 4), eye2)
        lower = np.kron(_unit(_G, _E, 4), eye2) @ a.conj().T
        cavity_term = g * (lower + lower.conj().T)
        return MasterEquation(
            cavity_term,
            drives=((drive, self.control),),
            collapse=(
                math.sqrt(2.0 * kappa) * a,
                math.sqrt(2.0 * gamma) * np.kron(_unit(_X, _E, 4), eye2),
            ),
        )

    def final_state(self, *, settle_s: float | None = None) -> ComplexMatrix:
        """The atom-cavity state after the window plus ``settle_s`` (default 10 / kappa)
        for the cavity to empty."""
        kappa = 2.0 * math.pi * self.cavity.cavity_decay_kappa_hz
        settle = 10.0 / kappa if settle_s is None else check_positive(settle_s, "settle_s", "s")
        initial = np.kron(_unit(_U, _U, 4), _unit(0, 0, 2))
        return self.master_equation().evolve([initial], 0.0, self.duration_s + settle)[0]

    def emission_probability(self) -> float:
        """Probability that the photon left through the cavity: the population of |g, 0>
        (reached only by cavity decay from |g, 1>)."""
        final = self.final_state()
        return float(final[2 * _G, 2 * _G].real)
