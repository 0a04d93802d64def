"""Deterministic state transfer by photon emission and absorption.

The sending node maps its qubit ``a|0> + b|1>`` onto a photon (``|1>`` -> one photon,
``|0>`` -> vacuum) with a time-symmetric wave packet that the receiving node absorbs
(Cirac, Zoller, Kimble, Mabuchi 1997). If the photon is lost (emission, channel or
absorption inefficiency, total efficiency ``eta``) the receiver is left in ``|0>``: the
transfer is an amplitude-damping channel of damping ``gamma = 1 - eta``,

.. code-block:: text

    K0 = |0><0| + sqrt(eta) |1><1|,     K1 = sqrt(1 - eta) |0><1|.

Its figures of merit (derived in the tests and cross-checked numerically):

* entanglement (process) fidelity ``F_e = |tr K0|^2 / 4 = (1 + sqrt(eta))^2 / 4``;
* average state fidelity over the Bloch sphere
  ``F_avg = (2 F_e + 1) / 3 = 1/2 + sqrt(eta)/3 + eta/6`` (Horodecki 1999);
* remote entanglement by transferring one half of a local ``phi+``: fidelity with
  ``phi+`` equal to ``F_e = (1 + sqrt(eta))^2 / 4``, deterministically (probability 1).

Kurpiers et al. (2018) report a transfer process fidelity of 80.02% and a remote
entanglement fidelity of 78.9%; in this model both are ``(1 + sqrt(eta))^2 / 4``, which
reproduces them with ``eta ~ 0.60-0.62`` (their absorbed-photon probability is 98.1%;
the rest of the infidelity comes from loss and decay in the 180 ns protocol).

References:
    J. I. Cirac, P. Zoller, H. J. Kimble, H. Mabuchi, "Quantum state transfer and
    entanglement distribution among distant nodes in a quantum network", Phys. Rev. Lett.
    78, 3221 (1997), doi:10.1103/PhysRevLett.78.3221.
    P. Kurpiers et al., "Deterministic quantum state transfer and remote entanglement
    using microwave photons", Nature 558, 264 (2018), doi:10.1038/s41586-018-0195-y,
    arXiv:1712.08593.
    M. Horodecki, P. Horodecki, R. Horodecki, "General teleportation channel, singlet
    fraction, and quasidistillation", Phys. Rev. A 60, 1888 (1999),
    doi:10.1103/PhysRevA.60.1888.

Examples:
    >>> round(average_transfer_fidelity(1.0), 12), round(average_transfer_fidelity(0.0), 12)
    (1.0, 0.5)
    >>> link = transfer_link(0.64)
    >>> link.success_probability, round(link.fidelity, 12)
    (1.0, 0.81)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import DimensionMismatchError
from qinternet.core.validation import check_non_negative, check_unit_interval
from qinternet.noise import memory_decoherence
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.physics.devices.transfer import TransferChannel
from qinternet.physics.links._types import (
    LinkOutcome,
    fibre_delay_s,
)
from qinternet.states import DensityMatrix, State, apply_kraus, bell_state

__all__ = [
    "average_transfer_fidelity",
    "channel_transfer_link",
    "transfer_efficiency",
    "transfer_kraus",
    "transfer_link",
    "transfer_process_fidelity",
    "transfer_state",
]


def transfer_efficiency(
    transmission: float, emission_efficiency: float = 1.0, absorption_efficiency: float = 1.0
) -> float:
    """Total probability ``eta`` that the photon is emitted, transmitted and absorbed.

    Raises:
        InvalidParameterError: if any factor is outside [0, 1] or not finite.

    Examples:
        >>> transfer_efficiency(0.9, 0.9, 0.981)
        0.79461
    """
    return (
        check_unit_interval(transmission, "transmission")
        * check_unit_interval(emission_efficiency, "emission_efficiency")
        * check_unit_interval(absorption_efficiency, "absorption_efficiency")
    )


def transfer_kraus(efficiency: float) -> list[NDArray[np.complex128]]:
    """Kraus operators of the transfer: amplitude damping with ``gamma = 1 - efficiency``.

    Examples:
        >>> [k.real.tolist() for k in transfer_kraus(0.25)]
        [[[1.0, 0.0], [0.0, 0.5]], [[0.0, 0.8660254037844386], [0.0, 0.0]]]
    """
    eta = check_unit_interval(efficiency, "efficiency")
    return [
        np.array([[1.0, 0.0], [0.0, math.sqrt(eta)]], dtype=np.complex128),
        np.array([[0.0, math.sqrt(1.0 - eta)], [0.0, 0.0]], dtype=np.complex128),
    ]


def transfer_state(
    state: State,
    transmission: float,
    *,
    emission_efficiency: float = 1.0,
    absorption_efficiency: float = 1.0,
    qubit: int = 0,
) -> DensityMatrix:
    """The state after transferring subsystem ``qubit`` of ``state`` to a remote node.

    The transferred qubit keeps its position in the state (it now lives at the
    receiver); the others are untouched.

    Args:
        state: the state whose qubit is sent (a Ket or DensityMatrix).
        transmission: channel transmission in [0, 1].
        emission_efficiency: probability that the sender emits the photon, [0, 1].
        absorption_efficiency: probability that the receiver absorbs it, [0, 1].
        qubit: index of the transferred subsystem (dimension 2).

    Raises:
        InvalidParameterError: for an efficiency outside [0, 1].
        DimensionMismatchError: if subsystem ``qubit`` is not a qubit.

    References:
        J. I. Cirac et al., Phys. Rev. Lett. 78, 3221 (1997).

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import Ket
        >>> one = Ket(np.array([0.0, 1.0]))
        >>> np.round(transfer_state(one, 0.3).matrix.real, 12)
        array([[0.7, 0. ],
               [0. , 0.3]])
    """
    eta = transfer_efficiency(transmission, emission_efficiency, absorption_efficiency)
    if not 0 <= qubit < state.num_subsystems or state.dims[qubit] != 2:
        raise DimensionMismatchError("qubit", qubit, f"must index a qubit of dims {state.dims}")
    return apply_kraus(state, transfer_kraus(eta), [qubit])


def transfer_process_fidelity(
    transmission: float, emission_efficiency: float = 1.0, absorption_efficiency: float = 1.0
) -> float:
    """Process (entanglement) fidelity ``(1 + sqrt(eta))^2 / 4`` of the transfer.

    Examples:
        >>> round(transfer_process_fidelity(0.25), 12)
        0.5625
    """
    eta = transfer_efficiency(transmission, emission_efficiency, absorption_efficiency)
    return (1.0 + math.sqrt(eta)) ** 2 / 4.0


def average_transfer_fidelity(
    transmission: float, emission_efficiency: float = 1.0, absorption_efficiency: float = 1.0
) -> float:
    """Average fidelity over the Bloch sphere: ``1/2 + sqrt(eta)/3 + eta/6``.

    Examples:
        >>> round(average_transfer_fidelity(0.25), 12)
        0.708333333333
    """
    eta = transfer_efficiency(transmission, emission_efficiency, absorption_efficiency)
    return 0.5 + math.sqrt(eta) / 3.0 + eta / 6.0


def transfer_link(
    transmission: float,
    *,
    emission_efficiency: float = 1.0,
    absorption_efficiency: float = 1.0,
    length_m: float = 0.0,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
    protocol_time_s: float = 0.0,
) -> LinkOutcome:
    """Remote entanglement by sending one half of a local ``phi+`` pair.

    The sender prepares ``phi+`` between its memory and its emitter qubit and transfers
    the emitter qubit; the result is deterministic (success probability 1), with the
    two-qubit state ``(I (x) AD_gamma)(phi+)``, fidelity ``(1 + sqrt(eta))^2 / 4``.

    Args:
        transmission: channel transmission, [0, 1].
        emission_efficiency: emission probability, [0, 1].
        absorption_efficiency: absorption probability, [0, 1].
        length_m: node separation, m (adds ``length_m / v`` to the duration).
        group_velocity_m_per_s: the fibre's group velocity ``v``, m/s (default: a
            :class:`~qinternet.physics.devices.Fibre`'s).
        protocol_time_s: emission and absorption time, s (180 ns in Kurpiers et al.).

    Raises:
        InvalidParameterError: for a value outside its range.

    References:
        P. Kurpiers et al., Nature 558, 264 (2018), arXiv:1712.08593.

    Examples:
        >>> round(transfer_link(1.0, protocol_time_s=180e-9).attempt_duration_s, 12)
        1.8e-07
    """
    eta = transfer_efficiency(transmission, emission_efficiency, absorption_efficiency)
    delay_s = fibre_delay_s(length_m, "length_m", group_velocity_m_per_s)
    duration = check_non_negative(protocol_time_s, "protocol_time_s")
    pair = bell_state("phi+")
    state = apply_kraus(pair, transfer_kraus(eta), [1])
    return LinkOutcome(
        success_probability=1.0,
        heralded_state=state,
        target=pair,
        target_name="phi+",
        attempt_duration_s=duration + delay_s,
    )


def channel_transfer_link(
    channel: TransferChannel,
    *,
    sender_t1_s: float = math.inf,
    sender_t2_s: float | None = None,
    protocol_time_s: float = 0.0,
    length_m: float = 0.0,
    group_velocity_m_per_s: float = DEFAULT_GROUP_VELOCITY_M_PER_S,
) -> LinkOutcome:
    """Remote entanglement through a transfer channel computed from its dynamics.

    The sender entangles its stationary qubit with the emitter qubit in ``phi+`` and
    transfers the emitter qubit through ``channel`` (a
    :class:`~qinternet.physics.devices.transfer.TransferChannel`, e.g. from the cascaded
    master equation); the stationary qubit decays with the sender's T1 and T2 for the
    protocol time meanwhile (Kurpiers et al. 2018 keep it in the same transmon). The pair
    is ``(D_sender (x) E)(phi+)`` after the receiver's Z correction; deterministic.

    Args:
        channel: the transfer channel E (emitter qubit to receiver qubit).
        sender_t1_s, sender_t2_s: the stationary qubit's T1 and T2, s.
        protocol_time_s: the emission and absorption time, s.
        length_m, group_velocity_m_per_s: the line (adds ``length_m / v`` to the
            duration; the memories' decay over the flight is the simulation's, as for
            every link).

    Raises:
        InvalidParameterError: for a value outside its range.
        PhysicalConstraintError: T2 > 2 T1.

    Examples:
        >>> import numpy as np
        >>> damping = transfer_kraus(0.64)
        >>> link = channel_transfer_link(TransferChannel.from_operators(damping))
        >>> round(link.fidelity, 12)
        0.81
    """
    duration = check_non_negative(protocol_time_s, "protocol_time_s")
    delay_s = fibre_delay_s(length_m, "length_m", group_velocity_m_per_s)
    decay = memory_decoherence(elapsed_s=duration, t1_s=sender_t1_s, t2_s=sender_t2_s)
    pair = bell_state("phi+")
    return LinkOutcome(
        success_probability=1.0,
        heralded_state=decay.apply(channel.bell_state(), [0]),
        target=pair,
        target_name="phi+",
        attempt_duration_s=duration + delay_s,
    )
