"""Emitter -> line -> absorber: the cascaded master equation of a deterministic transfer.

Node A (qubit + resonator) emits a photon into a line of transmission eta; node B
(resonator + qubit) absorbs it. The line is one-way (a circulator), so B is driven by A
and never back: the cascaded master equation (C. W. Gardiner, Phys. Rev. Lett. 70, 2269
(1993); H. J. Carmichael, Phys. Rev. Lett. 70, 2273 (1993)) with a lossy connection,

.. code-block:: text

    H(t) = g_A(t) (s_A^+ a + s_A a^+) + g_B(t) (s_B^+ b + s_B b^+)
           + (i/2) sqrt(eta kappa_A kappa_B) (a^+ b - b^+ a),
    c_line = sqrt(eta kappa_A) a + sqrt(kappa_B) b,     c_loss = sqrt((1 - eta) kappa_A) a,

plus, on each qubit, relaxation sqrt((1 - p) / T1) s^-, thermal excitation
sqrt(p / T1) s^+ and pure dephasing sqrt(2 / T_phi) s^+ s^- (1/T_phi = 1/T2 - 1/(2 T1)),
and the line's thermal photons at the receiver, sqrt(n kappa_B) b^+ and sqrt(n kappa_B) b.
Each resonator keeps 0 or 1 photon: exact without thermal photons (one excitation), first
order in n with them. The propagation delay drops out (B's clock is shifted by it).

The Hilbert space is qubit A (x) resonator A (x) resonator B (x) qubit B, dimension 16;
the channel from qubit A to qubit B is obtained by propagating the four operators
|i><j| of qubit A (one solve) and tracing out the rest (:class:`TransferChannel`).

Examples:
    >>> photon = SechPhoton(bandwidth_hz=4e6)
    >>> node = TransferNode(resonator_kappa_hz=10e6)
    >>> transfer = CascadedTransfer.matched(node, node, photon, duration_s=1.2e-6,
    ...                                     line_transmission=0.81)
    >>> channel = transfer.channel()
    >>> round(channel.efficiency, 4), round(channel.entanglement_fidelity, 4)
    (0.81, 0.9025)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qinternet.core.validation import (
    check_finite,
    check_non_negative,
    check_positive,
    check_probability,
    check_unit_interval,
)
from qinternet.noise import check_coherence_times
from qinternet.physics.devices.transfer.channel import TransferChannel
from qinternet.physics.devices.transfer.lindblad import (
    ComplexMatrix,
    MasterEquation,
    Pulse,
    check_pulse,
)
from qinternet.physics.devices.transfer.pulses import SechPhoton

__all__ = ["CascadedTransfer", "TransferNode"]

_LOWER = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.complex128)
_EXCITED = np.array([[0.0, 0.0], [0.0, 1.0]], dtype=np.complex128)
_GROUND = np.array([[1.0, 0.0], [0.0, 0.0]], dtype=np.complex128)
_DIMS = (2, 2, 2, 2)  # qubit A, resonator A, resonator B, qubit B


@dataclass(frozen=True)
class TransferNode:
    """A qubit with a tunable coupling to a resonator that leaks into the line.

    Args:
        resonator_kappa_hz: kappa / 2 pi of the resonator's energy decay into the line, Hz.
        qubit_t1_s: the qubit's energy relaxation time, s (``math.inf``: none).
        qubit_t2_s: its coherence time T2 <= 2 T1, s (default 2 T1: no pure dephasing).
        qubit_thermal_population: the excited-state population the qubit relaxes to.

    Raises:
        InvalidParameterError: naming the field, for a value out of range.
        PhysicalConstraintError: T2 > 2 T1.
    """

    resonator_kappa_hz: float
    qubit_t1_s: float = math.inf
    qubit_t2_s: float | None = None
    qubit_thermal_population: float = 0.0

    def __post_init__(self) -> None:
        kappa = check_positive(self.resonator_kappa_hz, "resonator_kappa_hz", "Hz")
        t1, t2 = check_coherence_times(self.qubit_t1_s, self.qubit_t2_s)
        population = check_probability(self.qubit_thermal_population, "qubit_thermal_population")
        object.__setattr__(self, "resonator_kappa_hz", kappa)
        object.__setattr__(self, "qubit_t1_s", t1)
        object.__setattr__(self, "qubit_t2_s", t2)
        object.__setattr__(self, "qubit_thermal_population", population)

    @property
    def kappa(self) -> float:
        """kappa in rad/s."""
        return 2.0 * math.pi * self.resonator_kappa_hz

    def qubit_collapse(self, lower: ComplexMatrix) -> list[ComplexMatrix]:
        """Relaxation, thermal excitation and pure dephasing of the qubit ``lower``."""
        assert self.qubit_t2_s is not None  # set in __post_init__
        operators = []
        relaxation = 1.0 / self.qubit_t1_s
        dephasing = 1.0 / self.qubit_t2_s - relaxation / 2.0
        p = self.qubit_thermal_population
        if relaxation > 0.0:
            operators.append(math.sqrt(relaxation * (1.0 - p)) * lower)
            if p > 0.0:
                operators.append(math.sqrt(relaxation * p) * lower.conj().T)
        if dephasing > 0.0:
            operators.append(math.sqrt(2.0 * dephasing) * (lower.conj().T @ lower))
        return operators


@dataclass(frozen=True)
class CascadedTransfer:
    """A transfer from ``sender`` to ``receiver`` with given couplings over a time window.

    Args:
        sender, receiver: the two nodes.
        sender_coupling, receiver_coupling: g_A(t), g_B(t) in rad/s (receiver's clock
            shifted by the flight time).
        start_s, stop_s: the protocol window; qubit A holds the state at ``start_s``,
            qubit B is read at ``stop_s``.
        line_transmission: eta in [0, 1], resonator to resonator (line, circulator,
            connectors).
        line_thermal_photons: mean thermal photon number of the line at the receiver, >= 0.

    Raises:
        InvalidParameterError: naming the field, for a value out of range or a coupling
            that is not a finite real function of time.
    """

    sender: TransferNode
    receiver: TransferNode
    sender_coupling: Pulse
    receiver_coupling: Pulse
    start_s: float
    stop_s: float
    line_transmission: float = 1.0
    line_thermal_photons: float = 0.0

    def __post_init__(self) -> None:
        eta = check_unit_interval(self.line_transmission, "line_transmission")
        photons = check_non_negative(self.line_thermal_photons, "line_thermal_photons")
        start = check_finite(self.start_s, "start_s")
        check_positive(check_finite(self.stop_s, "stop_s") - start, "stop_s - start_s", "s")
        samples = np.linspace(start, self.stop_s, 33)
        check_pulse(self.sender_coupling, "sender_coupling", samples)
        check_pulse(self.receiver_coupling, "receiver_coupling", samples)
        object.__setattr__(self, "line_transmission", eta)
        object.__setattr__(self, "line_thermal_photons", photons)

    @classmethod
    def matched(
        cls,
        sender: TransferNode,
        receiver: TransferNode,
        photon: SechPhoton,
        *,
        duration_s: float,
        line_transmission: float = 1.0,
        line_thermal_photons: float = 0.0,
        absorber_delay_s: float = 0.0,
    ) -> CascadedTransfer:
        """Sender shaped for ``photon``, receiver its time reverse, window centred on it.

        ``absorber_delay_s`` makes the receiver's pulse late by that time (a mismatch).
        """
        duration = check_positive(duration_s, "duration_s", "s")
        absorb = photon.absorber_coupling(receiver.resonator_kappa_hz)
        shift = check_finite(absorber_delay_s, "absorber_delay_s")

        def receiver_coupling(t_s: float) -> float:
            return absorb(t_s - shift)

        return cls(
            sender,
            receiver,
            photon.emitter_coupling(sender.resonator_kappa_hz),
            receiver_coupling,
            -duration / 2.0,
            duration / 2.0,
            line_transmission,
            line_thermal_photons,
        )

    def master_equation(self) -> MasterEquation:
        """The cascaded master equation of the module docstring."""
        qubit_a, res_a, res_b, qubit_b = (_embed(_LOWER, k) for k in range(4))
        kappa_a, kappa_b = self.sender.kappa, self.receiver.kappa
        eta = self.line_transmission
        cross = math.sqrt(eta * kappa_a * kappa_b)
        static = 0.5j * cross * (res_a.conj().T @ res_b - res_b.conj().T @ res_a)
        exchange_a = qubit_a.conj().T @ res_a
        exchange_b = qubit_b.conj().T @ res_b
        collapse = [math.sqrt(eta * kappa_a) * res_a + math.sqrt(kappa_b) * res_b]
        if eta < 1.0:
            collapse.append(math.sqrt((1.0 - eta) * kappa_a) * res_a)
        if self.line_thermal_photons > 0.0:
            rate = math.sqrt(self.line_thermal_photons * kappa_b)
            collapse += [rate * res_b.conj().T, rate * res_b]
        collapse += self.sender.qubit_collapse(qubit_a) + self.receiver.qubit_collapse(qubit_b)
        return MasterEquation(
            static,
            drives=(
                (exchange_a + exchange_a.conj().T, self.sender_coupling),
                (exchange_b + exchange_b.conj().T, self.receiver_coupling),
            ),
            collapse=tuple(collapse),
        )

    def channel(self) -> TransferChannel:
        """The channel from qubit A at ``start_s`` to qubit B at ``stop_s``.

        Raises:
            ResourceLimitError: naming ``duration_s``, when its rates make the master
                equation too stiff to integrate (:meth:`MasterEquation.evolve`).
        """
        p = self.receiver.qubit_thermal_population
        rest = np.kron(np.kron(_GROUND, _GROUND), (1.0 - p) * _GROUND + p * _EXCITED)
        inputs = []
        for i in range(2):
            for j in range(2):
                unit = np.zeros((2, 2), dtype=np.complex128)
                unit[i, j] = 1.0
                inputs.append(np.kron(unit, rest))
        finals = self.master_equation().evolve(
            inputs, self.start_s, self.stop_s, window_name="duration_s"
        )
        return TransferChannel(_qubit_b(finals))


def _embed(operator: ComplexMatrix, position: int) -> ComplexMatrix:
    """``operator`` on subsystem ``position`` of the four, identity elsewhere."""
    factors = [np.eye(2, dtype=np.complex128)] * 4
    factors[position] = operator
    result: ComplexMatrix = factors[0]
    for factor in factors[1:]:
        result = np.asarray(np.kron(result, factor), dtype=np.complex128)
    return result


def _qubit_b(finals: list[ComplexMatrix]) -> ComplexMatrix:
    """Reduced states of qubit B, as maps[i, j] = E(|i><j|)."""
    reduced = [np.einsum("abcdabce->de", f.reshape(_DIMS + _DIMS)) for f in finals]
    return np.array(reduced).reshape(2, 2, 2, 2)
