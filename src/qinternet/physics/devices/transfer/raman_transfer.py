"""Atom-to-atom transfer with time-symmetric photons shaped by the control (Box 1).

Each node is the Raman atom of :mod:`~qinternet.physics.devices.transfer.raman`
(|u> -Omega(t)- |e> -g- |g, 1>, field decay kappa, dipole decay gamma, Kimble's
conventions). For a target photon phi(t) = sqrt(eps Gamma) / 2 sech(Gamma t / 2) the
amplitude equations (real, on resonance)

.. code-block:: text

    du/dt = -(Omega/2) e,   de/dt = (Omega/2) u - g c - gamma e,   dc/dt = g e - kappa c,

with phi = sqrt(2 kappa) c invert in closed form. With beta = Gamma / 2, h = tanh(beta t),
s = sech(beta t): c ∝ s, e ∝ s (kappa - beta h), and the control's work
Omega u = 2 (de/dt + gamma e + g c) ∝ s (D - E h + F h^2) with D = g^2 + gamma kappa -
beta^2, E = beta (kappa + gamma), F = 2 beta^2, so that u^2 is a polynomial integral in h.
Emptying |u> exactly fixes the emitted fraction,

.. code-block:: text

    eps = g^2 / (g^2 + gamma kappa + gamma beta^2 / (3 kappa))
        = 2C / (1 + 2C + beta^2 / (3 kappa^2)),      C = g^2 / (2 kappa gamma),

which tends to Kimble's 2C / (1 + 2C) for slow photons (beta << kappa), and the control is

.. code-block:: text

    Omega(t) = sqrt(2 beta) s (D - E h + F h^2) / sqrt(W(h)),    W(h) = int_h^1 P(x) dx,
    P(x) = (kappa - beta x)(D - E x + F x^2),

finite for all t when beta < kappa and g^2 + (kappa - beta)(gamma - beta) > 0. The
receiver applies the time reverse Omega(-t) and absorbs the symmetric photon with the
same probability eps (time reversal of the single-excitation dynamics, Cirac, Zoller,
Kimble, Mabuchi, PRL 78, 3221 (1997)): the transfer succeeds with eps^2, near unity
exactly when C >> 1, i.e. N0 = 1 / (2C) << 1 (Kimble, Nature 453, 1023 (2008), Box 1).

The cascaded master equation runs in the exact closed subspace of one excitation plus
the two states it can decay to: |G> (atoms in |g>, cavities empty: reached only by the
line's collapse, the photon gone) and |X> (either atom's spontaneous emission).

Examples:
    >>> from qinternet.physics.devices import CavityInterface
    >>> cavity = CavityInterface(3e6, 1e6, 0.5e6)  # C = 9
    >>> transfer = RamanTransfer(cavity, bandwidth_hz=0.1e6, duration_s=40e-6)
    >>> round(sech_raman_efficiency(cavity, 0.1e6), 4)
    0.9473
    >>> round(transfer.transfer_efficiency(), 4), round(0.9473**2, 4)
    (0.8974, 0.8974)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qinternet.core.errors import PhysicalConstraintError
from qinternet.core.validation import check_positive, check_unit_interval
from qinternet.physics.devices.cavity import CavityInterface
from qinternet.physics.devices.transfer.lindblad import ComplexMatrix, MasterEquation, Pulse
from qinternet.physics.devices.transfer.pulses import logistic, time_reversed

__all__ = ["RamanTransfer", "sech_raman_control", "sech_raman_efficiency"]

# The closed subspace: |G>, |X>, then sender u, e, cavity photon, receiver photon, e, u.
_G, _X, _UA, _EA, _CA, _CB, _EB, _UB = range(8)


def _rates(cavity: CavityInterface, bandwidth_hz: float) -> tuple[float, float, float, float]:
    """(g, kappa, gamma, beta) in rad/s, checking that the photon can be shaped."""
    two_pi = 2.0 * math.pi
    g, kappa = two_pi * cavity.coupling_g_hz, two_pi * cavity.cavity_decay_kappa_hz
    gamma = two_pi * cavity.atomic_decay_gamma_hz
    beta = math.pi * check_positive(bandwidth_hz, "bandwidth_hz", "Hz")
    if beta >= kappa or g**2 + (kappa - beta) * (gamma - beta) <= 0.0:
        raise PhysicalConstraintError(
            "bandwidth_hz",
            bandwidth_hz,
            "too broad for the cavity: needs pi * bandwidth < kappa and "
            "g^2 + (kappa - beta)(gamma - beta) > 0 (beta = pi * bandwidth)",
        )
    return g, kappa, gamma, beta


def sech_raman_efficiency(cavity: CavityInterface, bandwidth_hz: float) -> float:
    """eps = g^2 / (g^2 + gamma kappa + gamma beta^2 / (3 kappa)), beta = pi bandwidth.

    Raises:
        PhysicalConstraintError: a photon too broad for the cavity.
    """
    g, kappa, gamma, beta = _rates(cavity, bandwidth_hz)
    return g**2 / (g**2 + gamma * kappa + gamma * beta**2 / (3.0 * kappa))


def sech_raman_control(cavity: CavityInterface, bandwidth_hz: float) -> Pulse:
    """Omega(t) in rad/s that makes the atom emit the sech photon of ``bandwidth_hz``
    (Gamma / 2 pi), centred on t = 0.

    Raises:
        PhysicalConstraintError: a photon too broad for the cavity.
    """
    g, kappa, gamma, beta = _rates(cavity, bandwidth_hz)
    d, e, f = g**2 + gamma * kappa - beta**2, beta * (kappa + gamma), 2.0 * beta**2
    p0, p1, p2, p3 = kappa * d, -(kappa * e + beta * d), kappa * f + beta * e, -beta * f

    def control(t_s: float) -> float:
        x = beta * t_s
        one_minus = 2.0 * logistic(-2.0 * x)  # 1 - tanh x, without cancellation
        h = 1.0 - one_minus
        one_plus = 2.0 - one_minus
        remaining = one_minus * (
            p0
            + p1 * one_plus / 2.0
            + p2 * (1.0 + h + h * h) / 3.0
            + p3 * one_plus * (1.0 + h * h) / 4.0
        )
        sech = math.sqrt(one_minus * one_plus)
        return math.sqrt(2.0 * beta) * sech * (d - e * h + f * h * h) / math.sqrt(remaining)

    control.__name__ = "sech_raman_control"
    return control


def _unit(row: int, column: int) -> ComplexMatrix:
    matrix = np.zeros((8, 8), dtype=np.complex128)
    matrix[row, column] = 1.0
    return matrix


@dataclass(frozen=True)
class RamanTransfer:
    """Two identical atom-cavity nodes, the sender shaped for the sech photon, the receiver
    driven by the time reverse, over the window [-T/2, T/2], a line of transmission eta.

    Args:
        cavity: (g, kappa, gamma) / 2 pi of each node.
        bandwidth_hz: Gamma / 2 pi of the photon.
        duration_s: the window T, s.
        line_transmission: eta in [0, 1].
        receiver_on: False leaves out the receiver's atom (the photon passes its empty
            cavity): the emitter alone.

    Raises:
        InvalidParameterError: naming the field, for a value out of range.
        PhysicalConstraintError: a photon too broad for the cavity.
    """

    cavity: CavityInterface
    bandwidth_hz: float
    duration_s: float
    line_transmission: float = 1.0
    receiver_on: bool = True

    def __post_init__(self) -> None:
        _rates(self.cavity, self.bandwidth_hz)
        object.__setattr__(self, "duration_s", check_positive(self.duration_s, "duration_s", "s"))
        eta = check_unit_interval(self.line_transmission, "line_transmission")
        object.__setattr__(self, "line_transmission", eta)

    def master_equation(self) -> MasterEquation:
        """The cascaded master equation in the closed 8-state subspace."""
        g, kappa, gamma, _ = _rates(self.cavity, self.bandwidth_hz)
        eta = self.line_transmission
        static = g * (_unit(_CA, _EA) + _unit(_EA, _CA))
        if self.receiver_on:
            static = static + g * (_unit(_CB, _EB) + _unit(_EB, _CB))
        # (i/2) sqrt(eta 2kappa 2kappa) (a^+ b - b^+ a), with a^+ b = |c_A><c_B|.
        static = static + 0.5j * 2.0 * kappa * math.sqrt(eta) * (_unit(_CA, _CB) - _unit(_CB, _CA))
        emit = sech_raman_control(self.cavity, self.bandwidth_hz)
        drives = [(0.5 * (_unit(_EA, _UA) + _unit(_UA, _EA)), emit)]
        if self.receiver_on:
            drives.append((0.5 * (_unit(_EB, _UB) + _unit(_UB, _EB)), time_reversed(emit)))
        root = math.sqrt(2.0 * kappa)
        collapse = [
            root * (math.sqrt(eta) * _unit(_G, _CA) + _unit(_G, _CB)),
            math.sqrt(2.0 * gamma) * (_unit(_X, _EA)),
            math.sqrt(2.0 * gamma) * (_unit(_X, _EB)),
        ]
        if eta < 1.0:
            collapse.append(root * math.sqrt(1.0 - eta) * _unit(_G, _CA))
        return MasterEquation(static, drives=tuple(drives), collapse=tuple(collapse))

    def final_state(self) -> ComplexMatrix:
        """The state at T/2 after starting in the sender's |u>."""
        half = self.duration_s / 2.0
        return self.master_equation().evolve([_unit(_UA, _UA)], -half, half)[0]

    def emission_probability(self) -> float:
        """Without the receiver's atom: the photon left through the line (|G>)."""
        final = RamanTransfer(
            self.cavity, self.bandwidth_hz, self.duration_s, self.line_transmission, False
        ).final_state()
        return float(final[_G, _G].real)

    def transfer_efficiency(self) -> float:
        """Probability that the receiver holds the excitation in |u> at T/2."""
        return float(self.final_state()[_UB, _UB].real)
